//! Caps per account and the groups' races on both databases: what a
//! therapist can make is bounded with a clear 409 `limit_reached`, a member
//! added many times at once is one place, a revoke ends the patient's group
//! places, and the group list counts members in one read.

use crate::care::{account, enter_code, get_json, invite, linked_patient, send};
use crate::helpers::{Backend, TestApp, expect_error};
use crate::on_both_databases;
use app::domain::Role;
use app::domain::care::{MAX_NOTES_PER_PATIENT, MAX_OPEN_INVITES};
use app::domain::groups::{MAX_GROUPS, MAX_MEMBERS};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use server::db::entities::care::{
    care_group, care_link, group_member, invite as invite_row, therapist_note,
};
use server::db::entities::user;
use std::collections::BTreeMap;
use uuid::Uuid;

on_both_databases!(
    a_therapist_has_at_most_max_groups,
    a_therapist_has_at_most_max_open_invites,
    a_therapist_has_at_most_max_notes_on_one_patient,
    a_group_has_at_most_max_members,
    the_same_member_added_twenty_times_at_once_is_one_place,
    revoking_a_link_ends_the_group_places_and_a_new_link_brings_none_back,
    the_group_list_counts_members_without_reading_each_group,
);

async fn id_of(app: &TestApp, cookie: &str) -> Uuid {
    let me: Value = app.me(cookie).await.json().await.unwrap();
    Uuid::parse_str(me["id"].as_str().unwrap()).unwrap()
}

async fn new_group(app: &TestApp, therapist: &str, name: &str) -> reqwest::Response {
    send(
        app,
        "POST",
        therapist,
        "/api/therapist/groups",
        Some(json!({"name": name, "meetings": [{"on": "2099-01-05"}]})),
    )
    .await
}

/// Groups written straight to the database (making them one by one over
/// HTTP is what the cap is for).
async fn groups_in_db(app: &TestApp, therapist_id: Uuid, n: usize) -> Vec<Uuid> {
    let ids: Vec<Uuid> = (0..n).map(|_| Uuid::new_v4()).collect();
    let rows: Vec<care_group::ActiveModel> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            care_group::Model {
                id: *id,
                therapist_id,
                name: format!("Gruppe {i:03}"),
                created_at: 1_780_000_000,
            }
            .into()
        })
        .collect();
    for chunk in rows.chunks(100) {
        care_group::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&app.db)
            .await
            .unwrap();
    }
    ids
}

/// `n` patients with consented links to the therapist, written straight to
/// the database (no password is ever checked for them).
async fn linked_in_db(app: &TestApp, therapist_id: Uuid, n: usize) -> Vec<Uuid> {
    let ids: Vec<Uuid> = (0..n).map(|_| Uuid::new_v4()).collect();
    let users: Vec<user::ActiveModel> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            user::Model {
                id: *id,
                email: format!("p{i:05}@example.no"),
                password_hash: "-".into(),
                display_name: None,
                role: Role::Patient.as_str().into(),
                locale: "nb".into(),
                created_at: 1_780_000_000,
                change_seq: 0,
                disabled_at: None,
                search_text: Some(format!("\np{i:05}@example.no")),
            }
            .into()
        })
        .collect();
    let links: Vec<care_link::ActiveModel> = ids
        .iter()
        .map(|id| {
            care_link::Model {
                id: Uuid::new_v4(),
                therapist_id,
                patient_id: *id,
                created_at: 1_780_000_000,
                consented_at: Some(1_780_000_000),
                revoked_at: None,
            }
            .into()
        })
        .collect();
    for chunk in users.chunks(100) {
        user::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&app.db)
            .await
            .unwrap();
    }
    for chunk in links.chunks(100) {
        care_link::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&app.db)
            .await
            .unwrap();
    }
    ids
}

async fn members_in_db(app: &TestApp, group: Uuid, patients: &[Uuid]) {
    let rows: Vec<group_member::ActiveModel> = patients
        .iter()
        .map(|p| {
            group_member::Model {
                group_id: group,
                patient_id: *p,
                added_at: 1_780_000_000,
            }
            .into()
        })
        .collect();
    for chunk in rows.chunks(100) {
        group_member::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&app.db)
            .await
            .unwrap();
    }
}

/// The 409 `limit_reached`, its message naming the limit.
async fn assert_limit(response: reqwest::Response, limit: usize) -> String {
    let (code, message) = expect_error(response, 409).await;
    assert_eq!(code, "limit_reached", "{message}");
    assert!(message.contains(&limit.to_string()), "{message}");
    message
}

async fn a_therapist_has_at_most_max_groups(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let therapist = account(&app, "fysio@klinikk.no", Role::Therapist, None).await;
    let other = account(&app, "fysio2@klinikk.no", Role::Therapist, None).await;
    groups_in_db(&app, id_of(&app, &therapist).await, MAX_GROUPS - 1).await;
    assert_eq!(new_group(&app, &therapist, "Den siste").await.status(), 201);
    let message = assert_limit(new_group(&app, &therapist, "En for mye").await, MAX_GROUPS).await;
    assert!(
        message.contains("group you have"),
        "says what to do: {message}"
    );
    assert_eq!(app.count("care_groups").await, MAX_GROUPS as i64);
    // The page's form shows the refusal as a page, not a 500.
    let response = app
        .http
        .post(app.url("/clinic/groups"))
        .header("cookie", &therapist)
        .form(&[
            ("name", "Vår"),
            ("template", "pain_school"),
            ("start", "2099-01-05"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 409);
    // Another therapist's cap is their own.
    assert_eq!(new_group(&app, &other, "Min").await.status(), 201);
}

async fn a_therapist_has_at_most_max_open_invites(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let therapist = account(&app, "fysio@klinikk.no", Role::Therapist, None).await;
    for _ in 0..MAX_OPEN_INVITES {
        invite(&app, &therapist).await;
    }
    let create = || send(&app, "POST", &therapist, "/api/therapist/invites", None);
    let message = assert_limit(create().await, MAX_OPEN_INVITES).await;
    assert!(message.contains("Give out the codes"), "{message}");
    assert_eq!(app.count("invites").await, MAX_OPEN_INVITES as i64);
    // A code that expired stops counting.
    invite_row::Entity::update_many()
        .col_expr(invite_row::Column::ExpiresAt, Expr::value(1_i64))
        .filter(
            invite_row::Column::Code.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(invite_row::Column::Code)
                    .from(invite_row::Entity)
                    .limit(1)
                    .to_owned(),
            ),
        )
        .exec(&app.db)
        .await
        .unwrap();
    assert_eq!(create().await.status(), 201);
    assert_limit(create().await, MAX_OPEN_INVITES).await;
}

async fn a_therapist_has_at_most_max_notes_on_one_patient(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let therapist = account(&app, "fysio@klinikk.no", Role::Therapist, None).await;
    let therapist_id = id_of(&app, &therapist).await;
    let (_, kari, _) = linked_patient(&app, &therapist, "kari@example.no").await;
    let (_, ola, _) = linked_patient(&app, &therapist, "ola@example.no").await;
    let kari_id = Uuid::parse_str(&kari).unwrap();
    let rows: Vec<therapist_note::ActiveModel> = (0..MAX_NOTES_PER_PATIENT - 1)
        .map(|i| {
            therapist_note::Model {
                id: Uuid::new_v4(),
                therapist_id,
                patient_id: kari_id,
                at: 1_780_000_000 + i as i64,
                text: format!("note {i}"),
            }
            .into()
        })
        .collect();
    for chunk in rows.chunks(100) {
        therapist_note::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&app.db)
            .await
            .unwrap();
    }
    let note = async |patient: &str| {
        send(
            &app,
            "POST",
            &therapist,
            &format!("/api/therapist/patients/{patient}/notes"),
            Some(json!({"text": "Ny øvelse"})),
        )
        .await
    };
    assert_eq!(note(&kari).await.status(), 201);
    assert_limit(note(&kari).await, MAX_NOTES_PER_PATIENT).await;
    let kept = therapist_note::Entity::find()
        .filter(therapist_note::Column::PatientId.eq(kari_id))
        .all(&app.db)
        .await
        .unwrap()
        .len();
    assert_eq!(kept, MAX_NOTES_PER_PATIENT);
    // The cap is per patient.
    assert_eq!(note(&ola).await.status(), 201);
}

async fn a_group_has_at_most_max_members(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let therapist = account(&app, "fysio@klinikk.no", Role::Therapist, None).await;
    let therapist_id = id_of(&app, &therapist).await;
    let group = groups_in_db(&app, therapist_id, 1).await[0];
    let patients = linked_in_db(&app, therapist_id, MAX_MEMBERS + 1).await;
    members_in_db(&app, group, &patients[..MAX_MEMBERS]).await;
    let add = async |patient: Uuid| {
        send(
            &app,
            "POST",
            &therapist,
            &format!("/api/therapist/groups/{group}/members"),
            Some(json!({"patient_id": patient})),
        )
        .await
    };
    let message = assert_limit(add(patients[MAX_MEMBERS]).await, MAX_MEMBERS).await;
    assert!(message.contains("second group"), "{message}");
    // A member already in is still no error.
    assert_eq!(add(patients[0]).await.status(), 201);
    assert_eq!(app.count("group_members").await, MAX_MEMBERS as i64);
}

async fn the_same_member_added_twenty_times_at_once_is_one_place(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let therapist = account(&app, "fysio@klinikk.no", Role::Therapist, None).await;
    let (_, kari, _) = linked_patient(&app, &therapist, "kari@example.no").await;
    let response = new_group(&app, &therapist, "Smerteskole").await;
    let group = response.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/api/therapist/groups/{group}/members");
    // Twenty at once, on tasks of their own.
    let mut adds = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let request = app
            .http
            .post(app.url(&path))
            .header("cookie", therapist.clone())
            .json(&json!({"patient_id": kari}));
        adds.spawn(async move { request.send().await.expect("request").status().as_u16() });
    }
    let mut statuses = Vec::new();
    while let Some(status) = adds.join_next().await {
        statuses.push(status.expect("the task"));
    }
    assert_eq!(statuses, vec![201; 20]);
    let detail = get_json(&app, &therapist, &format!("/api/therapist/groups/{group}")).await;
    let members: Vec<&str> = detail["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(members, vec![kari.as_str()]);
    assert_eq!(app.count("group_members").await, 1);
}

async fn revoking_a_link_ends_the_group_places_and_a_new_link_brings_none_back(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let therapist = account(&app, "fysio@klinikk.no", Role::Therapist, None).await;
    let other = account(&app, "fysio2@klinikk.no", Role::Therapist, None).await;
    let (kari, kari_id, link) = linked_patient(&app, &therapist, "kari@example.no").await;
    // Kari also shares with another therapist, in a group of theirs.
    let code = invite(&app, &other).await;
    let other_link: Value = enter_code(&app, &kari, &code).await.json().await.unwrap();
    let consent = format!("/api/links/{}/consent", other_link["id"].as_str().unwrap());
    assert_eq!(
        send(&app, "POST", &kari, &consent, None).await.status(),
        200
    );
    let mut groups = Vec::new();
    for who in [&therapist, &other] {
        let response = new_group(&app, who, "Smerteskole").await;
        let group = response.json::<Value>().await.unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let add = send(
            &app,
            "POST",
            who,
            &format!("/api/therapist/groups/{group}/members"),
            Some(json!({"patient_id": kari_id})),
        )
        .await;
        assert_eq!(add.status(), 201);
        groups.push(group);
    }

    let revoked = send(&app, "DELETE", &kari, &format!("/api/links/{link}"), None).await;
    assert_eq!(revoked.status(), 204);
    let kari_uuid = Uuid::parse_str(&kari_id).unwrap();
    let places: Vec<String> = group_member::Entity::find()
        .filter(group_member::Column::PatientId.eq(kari_uuid))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.group_id.to_string())
        .collect();
    assert_eq!(
        places,
        vec![groups[1].clone()],
        "only the other therapist's group"
    );

    // A new link with the first therapist: no group place comes back.
    let code = invite(&app, &therapist).await;
    let new_link: Value = enter_code(&app, &kari, &code).await.json().await.unwrap();
    let consent = format!("/api/links/{}/consent", new_link["id"].as_str().unwrap());
    assert_eq!(
        send(&app, "POST", &kari, &consent, None).await.status(),
        200
    );
    let detail = get_json(
        &app,
        &therapist,
        &format!("/api/therapist/groups/{}", groups[0]),
    )
    .await;
    assert_eq!(detail["members"], json!([]));
    let list = get_json(&app, &therapist, "/api/therapist/groups").await;
    assert_eq!(list["groups"][0]["members"], 0);
}

async fn the_group_list_counts_members_without_reading_each_group(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let therapist = account(&app, "fysio@klinikk.no", Role::Therapist, None).await;
    let therapist_id = id_of(&app, &therapist).await;
    let patients = linked_in_db(&app, therapist_id, 600).await;
    let groups = groups_in_db(&app, therapist_id, 60).await;
    // Group i has i members; a member whose link ended is not counted.
    let mut expected = BTreeMap::new();
    for (i, group) in groups.iter().enumerate() {
        members_in_db(&app, *group, &patients[..i]).await;
        expected.insert(format!("Gruppe {i:03}"), i.saturating_sub(1) as u64);
    }
    care_link::Entity::update_many()
        .col_expr(care_link::Column::RevokedAt, Expr::value(1_780_000_001_i64))
        .filter(care_link::Column::PatientId.eq(patients[0]))
        .exec(&app.db)
        .await
        .unwrap();

    let started = std::time::Instant::now();
    let list = get_json(&app, &therapist, "/api/therapist/groups").await;
    let took = started.elapsed();
    // A figure for the report, not a check: timings vary on shared cores.
    eprintln!(
        "group list: 60 groups, 600 linked patients, {} memberships: {took:?} ({backend:?})",
        (0..60).sum::<usize>()
    );
    let counted: BTreeMap<String, u64> = list["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["name"].as_str().unwrap().to_owned(),
                g["members"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(counted, expected);
}
