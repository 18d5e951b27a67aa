use serde::{Deserialize, Serialize};

/// The cookie that keeps a person's language between visits: set by the
/// server's language form and by the picker on a hydrated page, read by the
/// server (leptos_i18n's name for it).
pub const LANGUAGE_COOKIE: &str = "i18n_pref_locale";
/// 399 days, the longest a browser keeps a cookie.
pub const LANGUAGE_COOKIE_MAX_AGE_SECS: u64 = 399 * 24 * 60 * 60;

/// The languages Knip speaks. Bokmål is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Language {
    #[default]
    #[serde(rename = "nb")]
    Bokmal,
    #[serde(rename = "nn")]
    Nynorsk,
    #[serde(rename = "en")]
    English,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Unknown language. Use nb (bokmål), nn (nynorsk) or en (English).")]
pub struct LanguageError;

impl Language {
    pub const ALL: [Language; 3] = [Language::Bokmal, Language::Nynorsk, Language::English];

    pub fn code(self) -> &'static str {
        match self {
            Language::Bokmal => "nb",
            Language::Nynorsk => "nn",
            Language::English => "en",
        }
    }

    /// Accepts the tags browsers send: "nb", "nb-NO", "no" (generic Norwegian
    /// means bokmål in practice), "nn-NO", "en-GB" and so on.
    pub fn parse(raw: &str) -> Result<Self, LanguageError> {
        let primary = raw
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "nb" | "no" => Ok(Language::Bokmal),
            "nn" => Ok(Language::Nynorsk),
            "en" => Ok(Language::English),
            _ => Err(LanguageError),
        }
    }

    /// `x` to one decimal as a reader of this language writes it: with a
    /// decimal comma in Norwegian ("1,5"), a point in English ("1.5").
    pub fn decimal(self, x: f64) -> String {
        self.with_decimal_sign(format!("{x:.1}"))
    }

    /// `x` as short as it reads: a whole number without decimals ("3"),
    /// otherwise to one decimal ("1,5"), for the figures on a chart.
    pub fn number(self, x: f64) -> String {
        let text = self.decimal(x);
        match text.strip_suffix(",0").or_else(|| text.strip_suffix(".0")) {
            Some(whole) => whole.to_owned(),
            None => text,
        }
    }

    /// The same with its sign always written, for a change: "+1,5", "-0,3".
    pub fn signed_decimal(self, x: f64) -> String {
        self.with_decimal_sign(format!("{x:+.1}"))
    }

    fn with_decimal_sign(self, text: String) -> String {
        match self {
            Language::English => text,
            Language::Bokmal | Language::Nynorsk => text.replace('.', ","),
        }
    }

    /// A day as a reader of this language writes it: "7.12.2026" in
    /// Norwegian, "7 Dec 2026" in English (never the ISO form on a page).
    pub fn date(self, day: time::Date) -> String {
        match self {
            Language::English => format!("{} {}", self.day_month(day), day.year()),
            Language::Bokmal | Language::Nynorsk => {
                format!("{}{}", self.day_month(day), day.year())
            }
        }
    }

    /// A day of this year: "7.12." in Norwegian, "7 Dec" in English.
    pub fn day_month(self, day: time::Date) -> String {
        match self {
            Language::English => {
                const MONTHS: [&str; 12] = [
                    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                    "Dec",
                ];
                format!(
                    "{} {}",
                    day.day(),
                    MONTHS[usize::from(u8::from(day.month())) - 1]
                )
            }
            Language::Bokmal | Language::Nynorsk => {
                format!("{}.{}.", day.day(), u8::from(day.month()))
            }
        }
    }

    /// The name of the language in itself, for the language picker.
    pub fn endonym(self) -> &'static str {
        match self {
            Language::Bokmal => "Bokmål",
            Language::Nynorsk => "Nynorsk",
            Language::English => "English",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_tags_map_to_our_languages() {
        assert_eq!(Language::parse("nb-NO"), Ok(Language::Bokmal));
        assert_eq!(Language::parse("no"), Ok(Language::Bokmal));
        assert_eq!(Language::parse("nn"), Ok(Language::Nynorsk));
        assert_eq!(Language::parse("en-GB"), Ok(Language::English));
        assert_eq!(Language::parse("sv"), Err(LanguageError));
    }

    #[test]
    fn norwegian_writes_a_decimal_comma() {
        assert_eq!(Language::Bokmal.decimal(1.26), "1,3");
        assert_eq!(Language::Nynorsk.decimal(0.0), "0,0");
        assert_eq!(Language::English.decimal(3.46), "3.5");
        assert_eq!(Language::Bokmal.decimal(-2.0), "-2,0");
        assert_eq!(Language::Bokmal.signed_decimal(1.5), "+1,5");
        assert_eq!(Language::Nynorsk.signed_decimal(-0.26), "-0,3");
        assert_eq!(Language::English.signed_decimal(0.0), "+0.0");
        assert_eq!(Language::Bokmal.number(3.0), "3");
        assert_eq!(Language::Bokmal.number(1.5), "1,5");
        assert_eq!(Language::English.number(7.5), "7.5");
    }

    #[test]
    fn days_are_written_as_the_reader_writes_them() {
        let day = time::macros::date!(2026 - 12 - 07);
        assert_eq!(Language::Bokmal.date(day), "7.12.2026");
        assert_eq!(Language::Nynorsk.day_month(day), "7.12.");
        assert_eq!(Language::English.date(day), "7 Dec 2026");
        assert_eq!(
            Language::English.day_month(time::macros::date!(2027 - 01 - 31)),
            "31 Jan"
        );
    }

    #[test]
    fn codes_round_trip() {
        for lang in Language::ALL {
            assert_eq!(Language::parse(lang.code()), Ok(lang));
        }
    }
}
