//! Memory the process gives back. glibc keeps freed blocks of up to 32 MiB
//! for reuse once it has seen one (its mmap threshold adapts to the largest
//! block freed), spread over up to eight arenas per core: after a burst of
//! logins, each arena that ran an argon2 hash kept its 19 MiB. With a fixed
//! threshold every block of 1 MiB or more is a mapping of its own, returned
//! to the system when freed; smaller blocks behave as before.

pub fn return_large_blocks_when_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes a tuning parameter of the allocator; it is
    // called once, at start-up, before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}
