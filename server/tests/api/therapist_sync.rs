//! A therapist's change to the programme and the patient's phones agree
//! (issue #27): whatever a phone's clock says, the programme a phone keeps
//! by applying the pulled log with the op table's rule
//! (`app/src/domain/sync/table.rs`) is the one the server keeps and the
//! therapist sees. On both databases.

use crate::care::{account, get_json, linked_patient, send};
use crate::helpers::{Backend, TestApp};
use crate::on_both_databases;
use app::domain::Role;
use app::domain::sync::{Home, Key, Stamp, Stored, WireOp, parse_op, replaces};
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

on_both_databases!(
    a_therapists_change_after_a_phone_an_hour_ahead_is_what_every_phone_keeps,
    an_adjustment_stamped_before_the_therapists_change_loses_everywhere_and_a_later_one_wins_everywhere,
);

fn prescription(reps: u8) -> Value {
    json!({"reps_per_round": reps, "rounds_per_day": 3, "hold_secs": 3, "quick_lifts": 0,
           "rest_secs": 4, "position": "lying", "schedule": {"mode": "together", "pause_secs": 60}})
}

/// The patient's own adjustment to `reps`, stamped `offset` from now on
/// the phone's clock.
fn own_adjustment(reps: u8, offset: time::Duration) -> Value {
    let at = (OffsetDateTime::now_utc() + offset)
        .format(&Rfc3339)
        .unwrap();
    json!({"op_id": Uuid::now_v7().to_string(), "kind": "prescription.set", "client_ts": at,
        "payload": {"prescription": prescription(reps),
                    "programme": {"phase": "intensive", "since": "2026-09-01", "started": "2026-09-01"},
                    "set_by": {"by": "patient"}}})
}

/// The programme a phone keeps after applying `changes` in order, each by
/// the op table's rule, as `platform/offline/store.rs` applies a pull.
fn programme_on_a_phone(changes: &[Value]) -> Option<Value> {
    let mut held: Option<(Stamp, Value)> = None;
    for change in changes {
        let wire = WireOp {
            op_id: change["op_id"].as_str().unwrap().to_owned(),
            kind: change["kind"].as_str().unwrap().to_owned(),
            client_ts: change["client_ts"].as_str().unwrap().to_owned(),
            payload: change["payload"].clone(),
        };
        let op = parse_op(&wire, OffsetDateTime::now_utc()).expect("a change the phone reads");
        let home = op.body.home();
        if home != Home::Keyed(Key::Prescription) {
            continue;
        }
        let stamp =
            Stamp::parse(&wire.client_ts, change["device_id"].as_str().unwrap()).expect("a stamp");
        let stored = held
            .as_ref()
            .map_or(Stored::Nothing, |(at, _)| Stored::Value(Some(at.clone())));
        if replaces(&home, &stamp, &stored) {
            held = Some((stamp, change["payload"]["prescription"].clone()));
        }
    }
    held.map(|(_, prescription)| prescription)
}

struct Scene {
    app: TestApp,
    therapist: String,
    patient: String,
    patient_id: String,
    device: String,
}

impl Scene {
    async fn new(backend: Backend) -> Self {
        let app = TestApp::spawn(backend).await;
        let therapist = account(&app, "fysio@klinikk.no", Role::Therapist, Some("Fysio")).await;
        let (patient, patient_id, _) = linked_patient(&app, &therapist, "kari@example.no").await;
        Self {
            app,
            therapist,
            patient,
            patient_id,
            device: Uuid::new_v4().to_string(),
        }
    }

    async fn phone_sets(&self, reps: u8, offset: time::Duration) {
        let body = self
            .app
            .sync(&self.patient, &self.device, &[own_adjustment(reps, offset)])
            .await;
        assert_eq!(body["results"][0]["status"], "applied", "{body}");
    }

    async fn therapist_sets(&self, reps: u8) {
        let path = format!("/api/therapist/patients/{}/prescription", self.patient_id);
        let response = send(
            &self.app,
            "PUT",
            &self.therapist,
            &path,
            Some(json!({"prescription": prescription(reps)})),
        )
        .await;
        let status = response.status();
        assert_eq!(status, 200, "{}", response.text().await.unwrap());
    }

    /// The reps a round: (what a phone keeps from the whole log, what the
    /// therapist's page shows).
    async fn reps(&self) -> (Value, Value) {
        // Another phone of the patient's pulls the whole log.
        let pulled = self
            .app
            .sync(&self.patient, &Uuid::new_v4().to_string(), &[])
            .await;
        let phone = programme_on_a_phone(pulled["changes"].as_array().unwrap())
            .expect("a programme in the log");
        let path = format!("/api/therapist/patients/{}", self.patient_id);
        let detail = get_json(&self.app, &self.therapist, &path).await;
        (
            phone["reps_per_round"].clone(),
            detail["programme"]["prescription"]["reps_per_round"].clone(),
        )
    }
}

async fn a_therapists_change_after_a_phone_an_hour_ahead_is_what_every_phone_keeps(
    backend: Backend,
) {
    let scene = Scene::new(backend).await;
    // The phone's clock runs an hour ahead (the server takes up to a day).
    scene.phone_sets(12, time::Duration::hours(1)).await;
    assert_eq!(scene.reps().await, (json!(12), json!(12)));
    scene.therapist_sets(8).await;
    assert_eq!(scene.reps().await, (json!(8), json!(8)));
    // The phone that set 12 holds its own stamp; the log's change beats it.
    let pulled = scene.app.sync(&scene.patient, &scene.device, &[]).await;
    let changes = pulled["changes"].as_array().unwrap();
    let own = Stamp::parse(changes[0]["client_ts"].as_str().unwrap(), &scene.device).unwrap();
    let last = changes.last().unwrap();
    let therapists = Stamp::parse(
        last["client_ts"].as_str().unwrap(),
        last["device_id"].as_str().unwrap(),
    )
    .unwrap();
    assert!(therapists.beats(&own), "{last}");
    assert_eq!(last["payload"]["set_by"]["by"], "therapist");
    // Set again, it stays the therapist's.
    scene.therapist_sets(9).await;
    assert_eq!(scene.reps().await, (json!(9), json!(9)));
}

async fn an_adjustment_stamped_before_the_therapists_change_loses_everywhere_and_a_later_one_wins_everywhere(
    backend: Backend,
) {
    let scene = Scene::new(backend).await;
    scene.therapist_sets(8).await;
    // Made offline a minute before the therapist's change, arriving after.
    scene.phone_sets(12, time::Duration::minutes(-1)).await;
    assert_eq!(scene.reps().await, (json!(8), json!(8)));
    // Made after it (here: a phone whose clock runs ahead): it wins, and
    // the therapist sees what the phone shows.
    scene.phone_sets(10, time::Duration::hours(2)).await;
    assert_eq!(scene.reps().await, (json!(10), json!(10)));
    // The therapist's next change beats it again.
    scene.therapist_sets(9).await;
    assert_eq!(scene.reps().await, (json!(9), json!(9)));
}
