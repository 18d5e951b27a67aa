//! Every page's path, in one place, and the area each page belongs to.
//!
//! Knip is cut into areas so that a phone downloads only the code of the
//! pages it opens: the public pages (landing, log in, register) are plain
//! HTML without any WASM; the daily loop (Today, Train, Relax, Learn) and the
//! patient's records (Progress, Me) each hydrate with a bundle of their own.
//! Moving between areas is an ordinary page load.

pub const HOME: &str = "/";
pub const LOGIN: &str = "/login";
pub const REGISTER: &str = "/register";
/// The education modules (public pages: read without WASM):
/// `/learn/{module}/{page}`.
pub const LEARN_MODULES: &str = "/learn";
/// When to get help (a public page, so it opens without WASM).
pub const HELP: &str = "/help";
/// The therapist's pages (server-rendered, no WASM): the overview,
/// `/clinic/patients/{id}` and `/clinic/patients/{id}/report`.
pub const CLINIC: &str = "/clinic";
/// `POST`: a new invite code.
pub const CLINIC_INVITES: &str = "/clinic/invites";
pub const CLINIC_PATIENTS: &str = "/clinic/patients";
/// The therapist's groups (`/clinic/groups/{id}` for one).
pub const CLINIC_GROUPS: &str = "/clinic/groups";
/// De-identified outcomes over the therapist's patients.
pub const CLINIC_OUTCOMES: &str = "/clinic/outcomes";
/// The overview as CSV.
pub const CLINIC_CSV: &str = "/clinic/patients.csv";
/// The admin's page: therapists' accounts (server-rendered, no WASM).
pub const ADMIN: &str = "/admin";
/// The patient's sharing page: links, consent, the access log.
pub const SHARING: &str = "/sharing";
/// `POST`: enter an invite code.
pub const SHARING_LINK: &str = "/sharing/link";
/// `POST /sharing/links/{id}/consent` and `…/revoke`.
pub const SHARING_LINKS: &str = "/sharing/links";

// The server's routes with an id in them (axum's `{name}` captures), used
// by the router; pages link with `CLINIC_PATIENTS`, `CLINIC_GROUPS`, … and
// the id.
/// One patient's page, and its report and forms.
pub const CLINIC_PATIENT: &str = "/clinic/patients/{id}";
pub const CLINIC_PATIENT_REPORT: &str = "/clinic/patients/{id}/report";
pub const CLINIC_PATIENT_PRESCRIPTION: &str = "/clinic/patients/{id}/prescription";
pub const CLINIC_PATIENT_ASSESSMENT: &str = "/clinic/patients/{id}/assessment";
pub const CLINIC_PATIENT_NOTES: &str = "/clinic/patients/{id}/notes";
/// The outcomes as CSV.
pub const CLINIC_OUTCOMES_CSV: &str = "/clinic/outcomes.csv";
/// One group's page, a meeting's homework (`n` from 1), its members.
pub const CLINIC_GROUP: &str = "/clinic/groups/{id}";
pub const CLINIC_GROUP_MEETING: &str = "/clinic/groups/{id}/meetings/{n}";
pub const CLINIC_GROUP_MEMBERS: &str = "/clinic/groups/{id}/members";
pub const CLINIC_GROUP_MEMBER_REMOVE: &str = "/clinic/groups/{id}/members/{patient}/remove";
/// `POST`: a new therapist; one's account disabled or enabled again.
pub const ADMIN_THERAPISTS: &str = "/admin/therapists";
pub const ADMIN_THERAPIST_DISABLE: &str = "/admin/therapists/{id}/disable";
pub const ADMIN_THERAPIST_ENABLE: &str = "/admin/therapists/{id}/enable";
/// `POST`: a patient's consent to a link, or its end.
pub const SHARING_LINK_CONSENT: &str = "/sharing/links/{id}/consent";
pub const SHARING_LINK_REVOKE: &str = "/sharing/links/{id}/revoke";
/// `POST`: ends the login session (a form, so it works without WASM).
pub const LOGOUT: &str = "/logout";
/// `POST`: remembers the language chosen on a page without WASM.
pub const LANGUAGE: &str = "/language";
/// Ends every login session of the account, on every device (posts only).
pub const LOGOUT_EVERYWHERE: &str = "/logout/everywhere";
/// The Me page's form that erases the patient's account (posts only).
pub const ACCOUNT_ERASE: &str = "/account/erase";
/// Where an erased account lands: the landing page, with a word that it is done.
pub const ERASED: &str = "/?erased=1";
/// The patient's copy of their data, as a file.
pub const EXPORT: &str = "/api/export";
/// The same, as CSV files in a zip.
pub const EXPORT_CSV: &str = "/api/export/csv";

/// `POST`: a reader's feedback on an education module's page.
pub const LEARN_MODULE_FEEDBACK: &str = "/learn/{module}/{page}";
/// The app's own address: it opens Today.
pub const APP: &str = "/app";
/// For the load balancer (`200` or `503`) and for the operator (a token).
pub const HEALTHZ: &str = "/healthz";
pub const METRICS: &str = "/metrics";

// The JSON API (DESIGN §4), for the server's routers and the phone's client.
pub const API_REGISTER: &str = "/api/auth/register";
pub const API_LOGIN: &str = "/api/auth/login";
pub const API_LOGOUT: &str = "/api/auth/logout";
pub const API_LOGOUT_EVERYWHERE: &str = "/api/auth/logout-everywhere";
/// `DELETE`: erases the patient's account (asks for the password).
pub const API_ACCOUNT: &str = "/api/account";
pub const API_ME: &str = "/api/me";
/// The plug-in questionnaires this server has.
pub const API_INSTRUMENTS: &str = "/api/instruments";
pub const API_PUSH_KEY: &str = "/api/push/key";
pub const API_PUSH_SUBSCRIPTION: &str = "/api/push/subscription";
pub const API_SYNC: &str = "/api/sync";
pub const API_OPENAPI: &str = "/api/openapi.json";
/// The patient's links to therapists: `GET` lists, `POST` enters a code.
pub const API_LINKS: &str = "/api/links";
pub const API_LINK: &str = "/api/links/{id}";
pub const API_LINK_CONSENT: &str = "/api/links/{id}/consent";
pub const API_ACCESS_LOG: &str = "/api/access-log";
/// The patient's next group meeting, if any.
pub const API_NEXT_MEETING: &str = "/api/groups/next";
pub const API_THERAPIST_INVITES: &str = "/api/therapist/invites";
pub const API_THERAPIST_PATIENTS: &str = "/api/therapist/patients";
pub const API_THERAPIST_PATIENT: &str = "/api/therapist/patients/{id}";
pub const API_THERAPIST_PATIENT_PRESCRIPTION: &str = "/api/therapist/patients/{id}/prescription";
pub const API_THERAPIST_PATIENT_ASSESSMENT: &str = "/api/therapist/patients/{id}/assessment";
pub const API_THERAPIST_PATIENT_NOTES: &str = "/api/therapist/patients/{id}/notes";
pub const API_THERAPIST_PATIENT_CSV: &str = "/api/therapist/patients/{id}/export.csv";
pub const API_THERAPIST_OUTCOMES: &str = "/api/therapist/outcomes";
pub const API_THERAPIST_GROUPS: &str = "/api/therapist/groups";
pub const API_THERAPIST_GROUP: &str = "/api/therapist/groups/{id}";
pub const API_THERAPIST_GROUP_MEMBERS: &str = "/api/therapist/groups/{id}/members";
pub const API_THERAPIST_GROUP_MEMBER: &str = "/api/therapist/groups/{id}/members/{patient}";
pub const API_ADMIN_THERAPISTS: &str = "/api/admin/therapists";
pub const API_ADMIN_THERAPIST_DISABLE: &str = "/api/admin/therapists/{id}/disable";
pub const API_ADMIN_THERAPIST_ENABLE: &str = "/api/admin/therapists/{id}/enable";

pub const TODAY: &str = "/app/today";
pub const TRAIN: &str = "/app/train";
pub const RELAX: &str = "/app/relax";
pub const LEARN: &str = "/app/learn";
pub const ONBOARDING: &str = "/app/learn/start";
pub const PROGRESS: &str = "/app/progress";
pub const ME: &str = "/app/me";
pub const DIARY: &str = "/app/diary";
pub const QUESTIONNAIRE: &str = "/app/questionnaire";
/// The start assessment: red flags, the main problem(s), the pathway.
pub const ASSESSMENT: &str = "/app/assessment";
/// The bladder diary and the interval target (bladder training).
pub const BLADDER: &str = "/app/bladder";

/// The pages a patient's service worker keeps for offline use.
pub const OFFLINE_PAGES: [&str; 15] = [
    HOME,
    TODAY,
    TRAIN,
    RELAX,
    LEARN,
    ONBOARDING,
    PROGRESS,
    DIARY,
    QUESTIONNAIRE,
    ASSESSMENT,
    BLADDER,
    ME,
    LOGIN,
    REGISTER,
    HELP,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    /// Rendered on the server only, with no WASM; forms post to the server.
    /// The public pages, and also the signed-in clinic, admin and sharing
    /// pages.
    ServerOnly,
    /// What a patient opens every day: Today, Train, Relax, Learn.
    Daily,
    /// The patient's records: Progress, Diary, Questionnaires, Me and the
    /// settings.
    Records,
    /// The start assessment and bladder training: pages opened now and then,
    /// so their code stays out of the two bundles every visit loads.
    Care,
}

impl Area {
    pub const HYDRATED: [Area; 3] = [Area::Daily, Area::Records, Area::Care];

    /// The name of the area's WASM bundle (`/pkg/<name>.js` and `.wasm`).
    pub fn bundle(self) -> Option<&'static str> {
        match self {
            Area::ServerOnly => None,
            Area::Daily => Some("daily"),
            Area::Records => Some("records"),
            Area::Care => Some("care"),
        }
    }

    /// The area a path belongs to.
    pub fn of(path: &str) -> Area {
        let path = path.split(['?', '#']).next().unwrap_or(path);
        if [ASSESSMENT, BLADDER].contains(&path) {
            Area::Care
        } else if [PROGRESS, ME, DIARY, QUESTIONNAIRE].contains(&path) {
            Area::Records
        } else if path == "/app" || path.starts_with("/app/") {
            Area::Daily
        } else {
            Area::ServerOnly
        }
    }
}

/// A page of a hydrated area. Each is a document of its own: moving between
/// pages is an ordinary page load (served by the service worker offline), so
/// the WASM needs no client-side router. The server names the page in the
/// document (`<body data-page>`) and the bundle hydrates that page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Today,
    Train,
    Relax,
    Learn,
    Onboarding,
    Progress,
    Diary,
    Questionnaire,
    Assessment,
    Bladder,
    Me,
}

impl Page {
    pub const ALL: [Page; 11] = [
        Page::Today,
        Page::Train,
        Page::Relax,
        Page::Learn,
        Page::Onboarding,
        Page::Progress,
        Page::Diary,
        Page::Questionnaire,
        Page::Assessment,
        Page::Bladder,
        Page::Me,
    ];

    pub fn path(self) -> &'static str {
        match self {
            Page::Today => TODAY,
            Page::Train => TRAIN,
            Page::Relax => RELAX,
            Page::Learn => LEARN,
            Page::Onboarding => ONBOARDING,
            Page::Progress => PROGRESS,
            Page::Diary => DIARY,
            Page::Questionnaire => QUESTIONNAIRE,
            Page::Assessment => ASSESSMENT,
            Page::Bladder => BLADDER,
            Page::Me => ME,
        }
    }

    /// The page at `path` (a query or fragment is ignored), if it is one.
    pub fn of(path: &str) -> Option<Page> {
        let path = path.split(['?', '#']).next().unwrap_or(path);
        Page::ALL.into_iter().find(|page| page.path() == path)
    }

    /// The name the document carries in `<body data-page>`.
    pub fn slug(self) -> &'static str {
        self.path().trim_start_matches("/app/")
    }

    pub fn from_slug(slug: &str) -> Option<Page> {
        Page::ALL.into_iter().find(|page| page.slug() == slug)
    }

    pub fn area(self) -> Area {
        Area::of(self.path())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_has_its_area() {
        assert_eq!(Area::of(HOME), Area::ServerOnly);
        assert_eq!(Area::of(LOGIN), Area::ServerOnly);
        assert_eq!(Area::of(REGISTER), Area::ServerOnly);
        assert_eq!(Area::of(HELP), Area::ServerOnly);
        assert_eq!(Area::of("/learn/sleep/2"), Area::ServerOnly);
        for daily in [TODAY, TRAIN, RELAX, LEARN, ONBOARDING, "/app"] {
            assert_eq!(Area::of(daily), Area::Daily, "{daily}");
        }
        assert_eq!(Area::of(PROGRESS), Area::Records);
        assert_eq!(Area::of(DIARY), Area::Records);
        assert_eq!(Area::of(QUESTIONNAIRE), Area::Records);
        assert_eq!(Area::of(ASSESSMENT), Area::Care);
        assert_eq!(Area::of(BLADDER), Area::Care);
        assert_eq!(Area::of("/app/me?x=1"), Area::Records);
    }

    #[test]
    fn every_page_is_found_by_its_path_and_its_slug() {
        for page in Page::ALL {
            assert_eq!(Page::of(page.path()), Some(page));
            assert_eq!(Page::from_slug(page.slug()), Some(page));
            assert_ne!(page.area(), Area::ServerOnly, "{page:?}");
        }
        assert_eq!(Page::of("/app/train?from=reminder"), Some(Page::Train));
        assert_eq!(Page::from_slug("learn/start"), Some(Page::Onboarding));
        assert_eq!(Page::of("/app"), None);
        assert_eq!(Page::of("/app/nothing"), None);
        assert_eq!(Page::from_slug(""), None);
    }

    #[test]
    fn public_pages_have_no_bundle() {
        assert_eq!(Area::ServerOnly.bundle(), None);
        for area in Area::HYDRATED {
            assert!(area.bundle().is_some());
        }
    }
}
