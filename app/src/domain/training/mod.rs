//! The pelvic floor training programme: the prescription, the phases, the
//! timeline of a session, progression and adherence. Plain Rust, tested on
//! its own.

pub mod adherence;
pub mod clock;
pub mod phase;
pub mod plan;
pub mod prescription;
pub mod progression;

pub use phase::{Phase, Programme, Proposal, SelfCheck, SymptomAnswer};
pub use plan::{SessionPlan, Step, StepKind};
pub use prescription::{Prescription, PrescriptionError};
pub use progression::Feedback;
