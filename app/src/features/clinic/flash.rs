//! What a page without the app says after a form post ("Saved.", or what to
//! fix): one enum per page, which the server's handler puts in the address
//! it sends the browser back to (`?flash=…`) and the page matches without a
//! catch-all. A code the page does not know (typed by hand, or from an older
//! build) says nothing rather than a wrong message.

/// A page's outcome in the address: written by the server, read by the page.
pub trait FlashCode: Sized + Copy {
    /// Every outcome (for the tests: each one is said and read back).
    fn all() -> Vec<Self>;
    /// The word in the address.
    fn code(self) -> String;
    /// The outcome the word names; `None` for a word the page does not know.
    fn parse(code: &str) -> Option<Self>;
    /// Whether the form's change was made (else: what to fix).
    fn is_done(self) -> bool;
}

/// Writes an enum of plain outcomes with their words in the address.
macro_rules! plain_flashes {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal, $done:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl FlashCode for $name {
            fn all() -> Vec<Self> {
                vec![$(Self::$variant),+]
            }
            fn code(self) -> String {
                match self { $(Self::$variant => $code),+ }.to_owned()
            }
            fn parse(code: &str) -> Option<Self> {
                match code {
                    $($code => Some(Self::$variant),)+
                    _ => None,
                }
            }
            fn is_done(self) -> bool {
                match self { $(Self::$variant => $done),+ }
            }
        }
    };
}

plain_flashes! {
    /// The therapist's patient page (`/clinic/patients/{id}`).
    PatientFlash {
        PrescriptionSaved = "rx_saved", true;
        NoteSaved = "note_saved", true;
        PathwaySaved = "pathway_saved", true;
        /// A phase change the patient's programme cannot take.
        Phase = "err_phase", false;
        Note = "err_note", false;
        Reps = "err_reps", false;
        Rounds = "err_rounds", false;
        Hold = "err_hold", false;
        Lifts = "err_lifts", false;
        /// Quick lifts asked for before the intensive phase.
        LiftsEarly = "err_lifts_early", false;
        Rest = "err_rest", false;
        Pause = "err_pause", false;
    }
}

plain_flashes! {
    /// The patient's sharing page (`/sharing`).
    SharingFlash {
        Consented = "consented", true;
        Revoked = "revoked", true;
        /// Not an invite code at all (length or characters).
        Code = "err_code", false;
        /// A code that does not exist, was used or has expired.
        Invite = "err_invite", false;
        Linked = "err_linked", false;
    }
}

plain_flashes! {
    /// The operator's admin page (`/admin`).
    AdminFlash {
        Created = "created", true;
        Disabled = "disabled", true;
        Enabled = "enabled", true;
        Email = "err_email", false;
        Taken = "err_taken", false;
        Name = "err_name", false;
        Password = "err_password", false;
    }
}

/// The clinic's group pages (`/clinic/groups` and one group's page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupFlash {
    Created,
    Saved,
    /// A meeting's homework saved: said beside that meeting (1-based).
    MeetingSaved(usize),
    Name,
    Date,
    Past,
    Minutes,
    Other,
}

impl FlashCode for GroupFlash {
    fn all() -> Vec<Self> {
        vec![
            Self::Created,
            Self::Saved,
            Self::MeetingSaved(1),
            Self::MeetingSaved(12),
            Self::Name,
            Self::Date,
            Self::Past,
            Self::Minutes,
            Self::Other,
        ]
    }

    fn code(self) -> String {
        match self {
            Self::Created => "created".into(),
            Self::Saved => "saved".into(),
            Self::MeetingSaved(n) => format!("meeting_{n}"),
            Self::Name => "err_name".into(),
            Self::Date => "err_date".into(),
            Self::Past => "err_past".into(),
            Self::Minutes => "err_minutes".into(),
            Self::Other => "err_other".into(),
        }
    }

    fn parse(code: &str) -> Option<Self> {
        Some(match code {
            "created" => Self::Created,
            "saved" => Self::Saved,
            "err_name" => Self::Name,
            "err_date" => Self::Date,
            "err_past" => Self::Past,
            "err_minutes" => Self::Minutes,
            "err_other" => Self::Other,
            _ => {
                let n = code.strip_prefix("meeting_")?;
                // Written as the server writes it: no sign, no leading zero.
                if n.starts_with(['0', '+']) {
                    return None;
                }
                Self::MeetingSaved(n.parse().ok().filter(|&n| n > 0)?)
            }
        })
    }

    fn is_done(self) -> bool {
        matches!(self, Self::Created | Self::Saved | Self::MeetingSaved(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trips<F: FlashCode + PartialEq + std::fmt::Debug>() {
        let all = F::all();
        for flash in &all {
            assert_eq!(F::parse(&flash.code()), Some(*flash), "{flash:?}");
        }
        let mut codes: Vec<String> = all.iter().map(|f| f.code()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), all.len(), "each outcome has a word of its own");
    }

    #[test]
    fn every_outcome_is_read_back_as_written() {
        round_trips::<PatientFlash>();
        round_trips::<SharingFlash>();
        round_trips::<AdminFlash>();
        round_trips::<GroupFlash>();
    }

    #[test]
    fn a_word_the_page_does_not_know_says_nothing() {
        // Before the enums, a hand-typed `?flash=x` on the patient page
        // said "the pause is out of range".
        for code in ["x", "", "RX_SAVED", "err_pause ", "saved"] {
            assert_eq!(PatientFlash::parse(code), None, "{code:?}");
        }
        for code in [
            "meeting_",
            "meeting_0",
            "meeting_01",
            "meeting_+1",
            "meeting_x",
            "rx_saved",
        ] {
            assert_eq!(GroupFlash::parse(code), None, "{code:?}");
        }
        assert_eq!(SharingFlash::parse("created"), None);
        assert_eq!(AdminFlash::parse("consented"), None);
    }

    #[test]
    fn done_and_refused_are_told_apart() {
        assert!(PatientFlash::PrescriptionSaved.is_done());
        assert!(!PatientFlash::Pause.is_done());
        assert!(GroupFlash::MeetingSaved(3).is_done());
        assert!(!GroupFlash::Other.is_done());
        assert!(SharingFlash::Revoked.is_done());
        assert!(!AdminFlash::Password.is_done());
    }
}
