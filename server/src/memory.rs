//! Memory the process gives back. glibc keeps freed blocks of up to 32 MiB
//! for reuse once it has seen one (its mmap threshold adapts to the largest
//! block freed), spread over up to eight arenas per core: after a burst of
//! logins, each arena that ran an argon2 hash kept its 19 MiB. With a fixed
//! threshold every block of 1 MiB or more is a mapping of its own, returned
//! to the system when freed; smaller blocks behave as before.
//!
//! Smaller blocks stay in the arenas they were freed in, and their pages
//! stay the process's: after 1,000 phones had synced for a minute and gone
//! (their connections' buffers, requests and answers), the server kept
//! 56 MB of the 64 MB it had grown to (`make bench-load`). So once the last
//! connection has closed, the server asks glibc to hand the wholly free
//! pages of its arenas back.

use std::time::Duration;

pub fn return_large_blocks_when_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes a tuning parameter of the allocator; it is
    // called once, at start-up, before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

/// How often a quiet server hands freed pages back.
pub const GIVE_BACK_EVERY: Duration = Duration::from_secs(10);

/// Hands the wholly free pages of glibc's arenas back to the system; blocks
/// in use are not touched. It takes each arena's lock while it walks it, so
/// it is called only when no connection is open (`connections::serve`),
/// never between requests. Trimmed every 10 s under load instead, the p99 of
/// a sync was 264 and 514 ms in two runs of `make bench-load`, against 20 ms
/// untrimmed; later runs of that bench were too noisy to confirm the cause.
pub fn give_back_free_pages() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases memory the allocator holds free; it
    // takes the arenas' own locks and may be called from any thread.
    unsafe {
        libc::malloc_trim(0);
    }
}
