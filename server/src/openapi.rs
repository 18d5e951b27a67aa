//! The OpenAPI 3.1 document of the JSON API, `GET /api/openapi.json`.
//!
//! The schemas come from the shared types in `app::api` (and the domain
//! types they hold) through utoipa's derive; the operations are declared
//! here, one per route, so the whole contract reads in one file. A test
//! checks that the document lists exactly the `/api/` routes the router has
//! (`server/tests/api/openapi.rs`). Every operation may also answer with the
//! error body (`{"error": {"code", "message"}}`) under the statuses listed in
//! [`ERRORS`]: which one depends on the caller and the input, as DESIGN §4
//! says.

use app::api::care::{
    AccessLogList, ClinicOutcomes, GroupDetail, GroupList, InviteCreated, LinkList, LinkRequest,
    LinkView, NewGroup, NewMember, NewTherapist, NextMeeting, NoteRequest, PatientDetail,
    PatientList, PrescriptionChange, ProgrammeView, StaffAccount, StaffList,
};
use app::api::push::{PushKey, PushSubscriptionRequest, PushUnsubscribe};
use app::api::{
    DeleteAccountRequest, ErrorBody, Health, LoginRequest, LogoutRequest, Me, RegisterRequest,
    UserEnvelope,
};
use app::domain::pathway::Assessment;
use app::domain::sync::{SyncRequest, SyncResponse};
use axum::Json;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::openapi::{Content, RefOr, Response, ResponseBuilder};
use utoipa::{Modify, OpenApi, ToSchema};

/// The error statuses any operation may answer with, and when.
pub const ERRORS: &[(u16, &str)] = &[
    (
        400,
        "The body is not JSON, or a query or path value is malformed.",
    ),
    (401, "Not signed in, or a wrong password."),
    (
        403,
        "Signed in with a role that may not do this, or a cross-site request.",
    ),
    (404, "No such thing, or not one this caller may see."),
    (405, "The path exists, but not with this method."),
    (
        409,
        "It conflicts with what is stored (an email taken, a cursor ahead).",
    ),
    (413, "The body is too large."),
    (415, "The body is not sent as application/json."),
    (
        422,
        "The body is JSON but breaks a rule; the message names it.",
    ),
    (429, "Too many attempts; see Retry-After."),
    (
        503,
        "The database cannot answer or store now; see Retry-After.",
    ),
];

/// An empty JSON object, what some creations answer with.
#[derive(ToSchema)]
#[allow(dead_code)]
struct Empty {}

/// The id of what was created.
#[derive(ToSchema)]
#[allow(dead_code)]
struct Created {
    id: uuid::Uuid,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Knip",
        description = "The JSON API of Knip, pelvic floor training that works offline. Signed-in calls carry the session cookie that registering or logging in sets.",
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later"),
    ),
    paths(
        operations::register, operations::login, operations::logout, operations::logout_everywhere, operations::delete_account, operations::me, operations::export, operations::export_csv, operations::instruments, operations::push_key, operations::push_subscribe, operations::push_unsubscribe, operations::create_link, operations::list_links, operations::revoke_link, operations::consent, operations::access_log, operations::create_invite, operations::patients, operations::outcomes, operations::groups, operations::create_group, operations::group, operations::add_member, operations::remove_member, operations::next_meeting, operations::patient_detail, operations::set_prescription, operations::set_assessment, operations::add_note, operations::patient_csv, operations::staff, operations::create_therapist, operations::disable_therapist, operations::enable_therapist, operations::sync, operations::openapi_json, operations::healthz,
    ),
    components(schemas(ErrorBody)),
    modifiers(&Contract),
)]
pub struct ApiDoc;

/// Adds what every operation shares: the error answers and, for all but
/// the public ones, the session cookie.
struct Contract;

impl Modify for Contract {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new("knip_session"))),
        );
        let error = |description: &str| -> RefOr<Response> {
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/json",
                    Content::new(Some(RefOr::Ref(utoipa::openapi::Ref::from_schema_name(
                        "ErrorBody",
                    )))),
                )
                .into()
        };
        for (path, item) in openapi.paths.paths.iter_mut() {
            let public = [
                "/api/auth/register",
                "/api/auth/login",
                "/api/openapi.json",
                "/healthz",
            ]
            .contains(&path.as_str());
            let operations: [&mut Option<Operation>; 4] = [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.delete,
            ];
            for operation in operations.into_iter().flatten() {
                if path == "/healthz" {
                    continue;
                }
                for (status, description) in ERRORS {
                    operation
                        .responses
                        .responses
                        .entry(status.to_string())
                        .or_insert_with(|| error(description));
                }
                if !public {
                    operation.security =
                        Some(vec![utoipa::openapi::security::SecurityRequirement::new::<
                            &str,
                            [&str; 0],
                            &str,
                        >("session", [])]);
                }
            }
        }
    }
}

/// `GET /api/openapi.json`.
pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

/// One declaration per route: what utoipa reads. The functions are never
/// called; the handlers are in `routes/`.
#[allow(dead_code)]
mod operations {
    use super::*;

    #[utoipa::path(post, path = "/api/auth/register", tag = "account", request_body = RegisterRequest,
        responses((status = 201, description = "The patient's account, signed in (session cookie set).", body = UserEnvelope)))]
    fn register() {}

    #[utoipa::path(post, path = "/api/auth/login", tag = "account", request_body = LoginRequest,
        responses((status = 200, description = "Signed in (a new session cookie).", body = UserEnvelope)))]
    fn login() {}

    #[utoipa::path(post, path = "/api/auth/logout", tag = "account", request_body(content = Option<LogoutRequest>, description = "Optional: this phone's push subscription, removed with the session."),
        responses((status = 204, description = "The session is ended.")))]
    fn logout() {}

    #[utoipa::path(post, path = "/api/auth/logout-everywhere", tag = "account",
        responses((status = 204, description = "Every session of the account is ended, every push subscription removed.")))]
    fn logout_everywhere() {}

    #[utoipa::path(delete, path = "/api/account", tag = "account", request_body = DeleteAccountRequest,
        responses((status = 204, description = "The patient's account and all their data are erased.")))]
    fn delete_account() {}

    #[utoipa::path(get, path = "/api/me", tag = "account",
        responses((status = 200, description = "Who is signed in.", body = Me)))]
    fn me() {}

    #[utoipa::path(get, path = "/api/export", tag = "account",
        responses((status = 200, description = "Everything Knip holds about the patient, as a JSON file (Content-Disposition: attachment).", body = Object)))]
    fn export() {}

    #[utoipa::path(get, path = "/api/export/csv", tag = "account",
        responses((status = 200, description = "The same as spreadsheet files: a zip of one CSV per table.", content_type = "application/zip", body = Vec<u8>)))]
    fn export_csv() {}

    #[utoipa::path(get, path = "/api/instruments", tag = "diary",
        responses((status = 200, description = "The licensed questionnaires the clinic supplied.", body = Object)))]
    fn instruments() {}

    #[utoipa::path(get, path = "/api/push/key", tag = "reminders",
        responses((status = 200, description = "The key for pushManager.subscribe.", body = PushKey)))]
    fn push_key() {}

    #[utoipa::path(put, path = "/api/push/subscription", tag = "reminders", request_body = PushSubscriptionRequest,
        responses((status = 204, description = "This device gets the patient's reminders.")))]
    fn push_subscribe() {}

    #[utoipa::path(delete, path = "/api/push/subscription", tag = "reminders", request_body = PushUnsubscribe,
        responses((status = 204, description = "This device gets no more reminders.")))]
    fn push_unsubscribe() {}

    #[utoipa::path(post, path = "/api/links", tag = "sharing", request_body = LinkRequest,
        responses((status = 201, description = "The link to the therapist whose code it is, waiting for consent.", body = LinkView)))]
    fn create_link() {}

    #[utoipa::path(get, path = "/api/links", tag = "sharing",
        responses((status = 200, description = "The patient's links with therapists.", body = LinkList)))]
    fn list_links() {}

    #[utoipa::path(delete, path = "/api/links/{id}", tag = "sharing", params(("id" = String, Path, description = "The link's id.")),
        responses((status = 204, description = "The therapist sees nothing more.")))]
    fn revoke_link() {}

    #[utoipa::path(post, path = "/api/links/{id}/consent", tag = "sharing", params(("id" = String, Path, description = "The link's id.")),
        responses((status = 200, description = "The patient consented: the therapist sees what the link lists.", body = LinkView)))]
    fn consent() {}

    #[utoipa::path(get, path = "/api/access-log", tag = "sharing",
        params(("before" = Option<String>, Query, description = "The `next` of an earlier page: the entries older than it.")),
        responses((status = 200, description = "Every read of the patient's data by a therapist, one page, newest first; `next` gives the older page.", body = AccessLogList),
            (status = 422, description = "A `before` this server did not give out (`invalid_cursor`).")))]
    fn access_log() {}

    #[utoipa::path(post, path = "/api/therapist/invites", tag = "clinic",
        responses((status = 201, description = "A code for a patient to link with.", body = InviteCreated)))]
    fn create_invite() {}

    #[utoipa::path(get, path = "/api/therapist/patients", tag = "clinic",
        params(
            ("q" = Option<String>, Query, description = "Search by name or email."),
            ("sort" = Option<String>, Query, description = "need, name, last_session or dose."),
            ("page" = Option<String>, Query, description = "From 1."),
        ),
        responses((status = 200, description = "The therapist's linked patients, one page.", body = PatientList)))]
    fn patients() {}

    #[utoipa::path(get, path = "/api/therapist/outcomes", tag = "clinic",
        responses((status = 200, description = "The clinic's outcomes, only for groups large enough.", body = ClinicOutcomes)))]
    fn outcomes() {}

    #[utoipa::path(get, path = "/api/therapist/groups", tag = "clinic",
        responses((status = 200, description = "The therapist's groups.", body = GroupList)))]
    fn groups() {}

    #[utoipa::path(post, path = "/api/therapist/groups", tag = "clinic", request_body = NewGroup,
        responses((status = 201, description = "The group is made.", body = Created)))]
    fn create_group() {}

    #[utoipa::path(get, path = "/api/therapist/groups/{id}", tag = "clinic", params(("id" = String, Path, description = "The group's id."), ("q" = Option<String>, Query, description = "Narrows the candidates to those whose name or email holds it.")),
        responses((status = 200, description = "The group's meetings, members and how they do.", body = GroupDetail)))]
    fn group() {}

    #[utoipa::path(post, path = "/api/therapist/groups/{id}/members", tag = "clinic", params(("id" = String, Path, description = "The group's id.")), request_body = NewMember,
        responses((status = 201, description = "The patient is in the group.", body = Empty)))]
    fn add_member() {}

    #[utoipa::path(delete, path = "/api/therapist/groups/{id}/members/{patient}", tag = "clinic",
        params(("id" = String, Path, description = "The group's id."), ("patient" = String, Path, description = "The patient's id.")),
        responses((status = 204, description = "The patient is no longer in the group.")))]
    fn remove_member() {}

    #[utoipa::path(get, path = "/api/groups/next", tag = "sharing",
        responses((status = 200, description = "The patient's next group meeting, if any.", body = NextMeeting)))]
    fn next_meeting() {}

    #[utoipa::path(get, path = "/api/therapist/patients/{id}", tag = "clinic", params(("id" = String, Path, description = "The patient's id.")),
        responses((status = 200, description = "One linked patient (logged in the patient's access log).", body = PatientDetail)))]
    fn patient_detail() {}

    #[utoipa::path(put, path = "/api/therapist/patients/{id}/prescription", tag = "clinic", params(("id" = String, Path, description = "The patient's id.")), request_body = PrescriptionChange,
        responses((status = 200, description = "The programme now in force; it reaches the patient's phones as a prescription.set op.", body = ProgrammeView)))]
    fn set_prescription() {}

    #[utoipa::path(put, path = "/api/therapist/patients/{id}/assessment", tag = "clinic", params(("id" = String, Path, description = "The patient's id.")), request_body = Assessment,
        responses((status = 200, description = "The assessment now in force (main problems, red flags, whether a doctor has seen them); it reaches the patient's phones as an assessment.answered op.", body = Assessment)))]
    fn set_assessment() {}

    #[utoipa::path(post, path = "/api/therapist/patients/{id}/notes", tag = "clinic", params(("id" = String, Path, description = "The patient's id.")), request_body = NoteRequest,
        responses((status = 201, description = "The note is kept.", body = Empty)))]
    fn add_note() {}

    #[utoipa::path(get, path = "/api/therapist/patients/{id}/export.csv", tag = "clinic", params(("id" = String, Path, description = "The patient's id.")),
        responses((status = 200, description = "Sessions, diary and answers as CSV.", content_type = "text/csv", body = String)))]
    fn patient_csv() {}

    #[utoipa::path(get, path = "/api/admin/therapists", tag = "admin",
        responses((status = 200, description = "The staff accounts.", body = StaffList)))]
    fn staff() {}

    #[utoipa::path(post, path = "/api/admin/therapists", tag = "admin", request_body = NewTherapist,
        responses((status = 201, description = "The therapist's account.", body = StaffAccount)))]
    fn create_therapist() {}

    #[utoipa::path(post, path = "/api/admin/therapists/{id}/disable", tag = "admin", params(("id" = String, Path, description = "The therapist's id.")),
        responses((status = 200, description = "Disabled and logged out everywhere.", body = StaffAccount)))]
    fn disable_therapist() {}

    #[utoipa::path(post, path = "/api/admin/therapists/{id}/enable", tag = "admin", params(("id" = String, Path, description = "The therapist's id.")),
        responses((status = 200, description = "Enabled again.", body = StaffAccount)))]
    fn enable_therapist() {}

    #[utoipa::path(post, path = "/api/sync", tag = "sync", request_body = SyncRequest,
        responses((status = 200, description = "A result per op (applied, duplicate or rejected with the reason) and the changes since the cursor.", body = SyncResponse)))]
    fn sync() {}

    #[utoipa::path(get, path = "/api/openapi.json", tag = "meta",
        responses((status = 200, description = "This document.", body = Object)))]
    fn openapi_json() {}

    #[utoipa::path(get, path = "/healthz", tag = "meta",
        responses(
            (status = 200, description = "The database answers and a write could start now.", body = Health),
            (status = 503, description = "The database is unreachable or cannot write; `db` says which.", body = Health),
        ))]
    fn healthz() {}
}
