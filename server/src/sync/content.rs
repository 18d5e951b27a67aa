//! What only the server can check of an op, beyond the shape that
//! `app::domain::sync::parse_op` checks on both sides: a reader's progress
//! must name a module there is, a page it has and options its quiz offers
//! (the phone's WASM carries no module texts), and a reminder's time zone
//! must be one the time zone database knows (the push scheduler needs it).
//! Kept on the server, so the domain names no feature.

use app::domain::sync::{EducationProgress, Op, OpBody, SettingKey};

/// `Err` with the message for the phone when the op names content this
/// server does not have.
pub fn check(op: &Op) -> Result<(), String> {
    match &op.body {
        OpBody::EducationProgressed(progress) => check_module(progress),
        // `parse_op` has already read the value as reminders.
        OpBody::SettingSet(setting) if setting.key == SettingKey::Reminders => {
            check_zone(setting.value["time_zone"].as_str())
        }
        _ => Ok(()),
    }
}

/// Against the education modules this build carries.
fn check_module(e: &EducationProgress) -> Result<(), String> {
    let Some(shape) = app::features::learn::modules::shape(&e.module) else {
        return Err(format!(
            "module: there is no education module \"{}\".",
            e.module
        ));
    };
    shape.check(e.page, e.quiz.as_deref())
}

fn check_zone(zone: Option<&str>) -> Result<(), String> {
    match zone {
        Some(name) if name.parse::<chrono_tz::Tz>().is_err() => Err(format!(
            "reminders: unknown time zone \"{}\"; use a name such as Europe/Oslo.",
            name.chars().take(64).collect::<String>()
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::sync::{WireOp, parse_op};
    use serde_json::json;
    use time::macros::datetime;

    fn op(kind: &str, payload: serde_json::Value) -> Op {
        let wire = WireOp {
            op_id: "01937a4e-8b2c-7c3d-9e4f-0000000000aa".into(),
            kind: kind.into(),
            payload,
            client_ts: "2026-11-27T10:00:00Z".into(),
        };
        parse_op(&wire, datetime!(2026-11-27 12:00 UTC)).expect("a well-formed op")
    }

    #[test]
    fn a_reminder_zone_the_database_does_not_know_is_refused() {
        let reminders = |zone: &str| {
            op(
                "setting.set",
                json!({"key": "reminders", "value": {"on": true, "times": ["07:30"], "weekdays": [1], "time_zone": zone}}),
            )
        };
        assert_eq!(check(&reminders("Europe/Oslo")), Ok(()));
        let refused = check(&reminders("Mars/Olympus")).unwrap_err();
        assert!(
            refused.contains("unknown time zone \"Mars/Olympus\""),
            "{refused}"
        );
    }

    #[test]
    fn progress_must_fit_a_module_of_this_build() {
        let progress = |module: &str, page: u32| {
            op(
                "education.progressed",
                json!({"module": module, "page": page}),
            )
        };
        assert_eq!(check(&progress("pelvic-floor", 1)), Ok(()));
        let unknown = check(&progress("no-such-module", 1)).unwrap_err();
        assert!(unknown.contains("no education module"), "{unknown}");
        assert!(check(&progress("pelvic-floor", 150)).is_err());
    }
}
