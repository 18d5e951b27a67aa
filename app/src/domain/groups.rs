//! A therapist's group of patients (a pain school, a follow-up cohort):
//! a name and a schedule of meetings, each with homework, an education
//! module to read and minutes of relaxation. Checked here, at the edge.

use crate::domain::outcomes::add_months;
use crate::domain::relax::RelaxMinutes;
use serde::{Deserialize, Serialize};
use time::{Date, Duration};

pub const MAX_NAME_CHARS: usize = 80;
pub const MAX_MEETINGS: usize = 20;

/// Groups of one therapist (our rule: a pain school or follow-up cohort
/// starts a few times a year; 100 is decades of those, and the group list
/// stays one short page. Before this cap 1,000 groups took two seconds to
/// make and the list timed out).
pub const MAX_GROUPS: usize = 100;

/// Members of one group (our rule: a pain school class is 8 to 15 people, a
/// follow-up cohort a clinic's year; 100 keeps the group's page one table
/// to read).
pub const MAX_MEMBERS: usize = 100;

/// One meeting of a group, on the wire and as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    /// `YYYY-MM-DD`.
    pub on: String,
    /// An education module to read before it (its slug), if any.
    #[serde(default)]
    pub module: Option<String>,
    /// Minutes of relaxation a day until it, if any.
    #[serde(default)]
    pub relax_minutes: Option<RelaxMinutes>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GroupError {
    #[error("Give the group a name of at most {MAX_NAME_CHARS} characters.")]
    Name,
    #[error("A group needs at least one meeting and at most {MAX_MEETINGS}.")]
    Count,
    #[error("Meeting {0}: write the date as YYYY-MM-DD.")]
    Date(usize),
    #[error("Meeting {0} is in the past. Choose today or a later day.")]
    Past(usize),
    #[error(
        "Meeting {0} is not after the meeting before it. List the meetings in order, one per day at most."
    )]
    Order(usize),
    #[error("Meeting {0}: there is no education module with that name.")]
    Module(usize),
}

/// A checked group: a name and meetings in order, none in the past.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupPlan {
    pub name: String,
    pub meetings: Vec<(Date, Meeting)>,
}

impl GroupPlan {
    /// `known_modules`: the slugs of the education modules there are.
    pub fn parse(
        name: &str,
        meetings: Vec<Meeting>,
        today: Date,
        known_modules: &[&str],
    ) -> Result<Self, GroupError> {
        let name = name.trim();
        if name.is_empty()
            || name.chars().count() > MAX_NAME_CHARS
            || name.chars().any(char::is_control)
        {
            return Err(GroupError::Name);
        }
        if meetings.is_empty() || meetings.len() > MAX_MEETINGS {
            return Err(GroupError::Count);
        }
        let mut checked: Vec<(Date, Meeting)> = Vec::with_capacity(meetings.len());
        for (i, mut meeting) in meetings.into_iter().enumerate() {
            let n = i + 1;
            let day = crate::domain::sync::parse_day(&meeting.on).ok_or(GroupError::Date(n))?;
            if day < today {
                return Err(GroupError::Past(n));
            }
            if checked.last().is_some_and(|(before, _)| day <= *before) {
                return Err(GroupError::Order(n));
            }
            meeting.module = meeting
                .module
                .map(|m| m.trim().to_owned())
                .filter(|m| !m.is_empty());
            if meeting
                .module
                .as_deref()
                .is_some_and(|m| !known_modules.contains(&m))
            {
                return Err(GroupError::Module(n));
            }
            meeting.on = day.to_string();
            checked.push((day, meeting));
        }
        Ok(Self {
            name: name.to_owned(),
            meetings: checked,
        })
    }
}

/// A ready-made schedule starting on `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Template {
    /// Eight weekly meetings, then a follow-up about three months after the
    /// last (as the pain programmes in our sources run).
    PainSchool,
    /// Follow-up days 3, 6 and 12 months after the start.
    FollowUps,
}

impl Template {
    pub const ALL: [Template; 2] = [Template::PainSchool, Template::FollowUps];

    pub fn as_str(self) -> &'static str {
        match self {
            Template::PainSchool => "pain_school",
            Template::FollowUps => "follow_ups",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == raw)
    }

    /// The meeting days.
    pub fn days(self, start: Date) -> Vec<Date> {
        match self {
            Template::PainSchool => {
                let mut days: Vec<Date> = (0..8).map(|w| start + Duration::weeks(w)).collect();
                days.push(add_months(start + Duration::weeks(7), 3));
                days
            }
            Template::FollowUps => [3, 6, 12]
                .into_iter()
                .map(|m| add_months(start, m))
                .collect(),
        }
    }
}

/// The first meeting on or after `today`.
pub fn next_meeting(meetings: &[Meeting], today: Date) -> Option<&Meeting> {
    meetings
        .iter()
        .filter_map(|m| Some((crate::domain::sync::parse_day(&m.on)?, m)))
        .filter(|(day, _)| *day >= today)
        .min_by_key(|(day, _)| *day)
        .map(|(_, m)| m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn meeting(on: &str) -> Meeting {
        Meeting {
            on: on.into(),
            module: None,
            relax_minutes: None,
        }
    }

    #[test]
    fn a_plan_has_a_name_and_meetings_in_order_from_today() {
        let today = date!(2026 - 11 - 29);
        let known = ["sleep"];
        let ok = GroupPlan::parse(
            " Smerteskole ",
            vec![meeting("2026-11-29"), meeting("2026-12-06")],
            today,
            &known,
        )
        .expect("a plan");
        assert_eq!(ok.name, "Smerteskole");
        assert_eq!(ok.meetings.len(), 2);
        let parse = |meetings| GroupPlan::parse("G", meetings, today, &known);
        assert_eq!(parse(vec![]), Err(GroupError::Count));
        assert_eq!(parse(vec![meeting("2026-11-28")]), Err(GroupError::Past(1)));
        assert_eq!(
            parse(vec![meeting("2026-12-06"), meeting("2026-12-06")]),
            Err(GroupError::Order(2))
        );
        assert_eq!(
            parse(vec![meeting("2026-12-06"), meeting("2026-12-01")]),
            Err(GroupError::Order(2))
        );
        assert_eq!(parse(vec![meeting("6/12/2026")]), Err(GroupError::Date(1)));
        let mut unknown = meeting("2026-12-06");
        unknown.module = Some("astrology".into());
        assert_eq!(parse(vec![unknown]), Err(GroupError::Module(1)));
        assert_eq!(
            GroupPlan::parse("", vec![meeting("2026-12-06")], today, &known),
            Err(GroupError::Name)
        );
        assert_eq!(
            GroupPlan::parse(&"x".repeat(81), vec![meeting("2026-12-06")], today, &known),
            Err(GroupError::Name)
        );
    }

    #[test]
    fn templates_give_the_meeting_days() {
        let start = date!(2026 - 12 - 01);
        let school = Template::PainSchool.days(start);
        assert_eq!(school.len(), 9);
        assert_eq!(school[7], date!(2027 - 01 - 19));
        assert_eq!(school[8], date!(2027 - 04 - 19));
        assert_eq!(
            Template::FollowUps.days(start),
            vec![
                date!(2027 - 03 - 01),
                date!(2027 - 06 - 01),
                date!(2027 - 12 - 01)
            ]
        );
    }

    #[test]
    fn the_next_meeting_is_today_or_later() {
        let meetings = vec![
            meeting("2026-11-20"),
            meeting("2026-12-04"),
            meeting("2026-11-29"),
        ];
        assert_eq!(
            next_meeting(&meetings, date!(2026 - 11 - 29)).map(|m| m.on.as_str()),
            Some("2026-11-29")
        );
        assert_eq!(
            next_meeting(&meetings, date!(2026 - 11 - 30)).map(|m| m.on.as_str()),
            Some("2026-12-04")
        );
        assert_eq!(next_meeting(&meetings, date!(2026 - 12 - 05)), None);
    }
}
