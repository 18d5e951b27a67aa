//! The sync protocol's types (DESIGN §5), shared by the phone and the server
//! and validated on both with the same code.

mod lww;
mod ops;
mod payloads;
mod retry;
mod table;
mod wire;

pub use lww::{DEFAULTS_CLIENT_TS, Stamp};
pub use ops::{Op, OpBody, OpKind, OpRejection, parse_day, parse_op};
pub use payloads::{
    DiaryEntry, EducationProgress, GoalRating, LoggedSession, PrescriptionSet, PromAnswer,
    Questionnaire, SessionKind, SetBy, Setting, SettingKey, TechniqueProblem,
};
pub use retry::retry_delay_ms;
pub use table::{Family, Home, Key, Stored, replaces, therapist_stamp};
pub use wire::{
    Change, Cursor, CursorError, MAX_BATCH_OPS, OpResult, OpStatus, SyncRequest, SyncResponse,
    WireOp,
};
