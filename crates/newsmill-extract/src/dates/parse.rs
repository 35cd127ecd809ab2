//! Dates as pages write them: machine timestamps (`2023-09-20T14:05:00+03:00`, RFC 2822) and
//! the forms readers see in bylines, in the languages of the news newsmill reads ("20 сентября
//! 2023", "3. Mai 2024", "March 3, 2021", "20.09.2023, 14:05", "2020年3月4日"), plus relative
//! ones ("вчера", "vor 2 Tagen", "3 hours ago") against a known reference day.

use std::sync::LazyLock;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime};
use regex::Regex;

/// Month names and their common abbreviations, lower case, with their number. A word names a
/// month when it is one of these or a prefix of at least three letters of a full name
/// ("Sept", "Dez", "сент").
const MONTHS: &[(&str, u32)] = &[
    // English
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    // German
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("märz", 3),
    ("maerz", 3),
    ("mai", 5),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
    // French
    ("janvier", 1),
    ("février", 2),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    // Spanish, Italian, Portuguese
    ("enero", 1),
    ("gennaio", 1),
    ("janeiro", 1),
    ("febrero", 2),
    ("febbraio", 2),
    ("fevereiro", 2),
    ("marzo", 3),
    ("março", 3),
    ("abril", 4),
    ("aprile", 4),
    ("mayo", 5),
    ("maggio", 5),
    ("maio", 5),
    ("junio", 6),
    ("giugno", 6),
    ("junho", 6),
    ("julio", 7),
    ("luglio", 7),
    ("julho", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("settembre", 9),
    ("setembro", 9),
    ("octubre", 10),
    ("ottobre", 10),
    ("outubro", 10),
    ("noviembre", 11),
    ("novembro", 11),
    ("diciembre", 12),
    ("dicembre", 12),
    ("dezembro", 12),
    // Dutch
    ("januari", 1),
    ("februari", 2),
    ("maart", 3),
    ("mei", 5),
    ("augustus", 8),
    // Russian, nominative and genitive
    ("январь", 1),
    ("января", 1),
    ("февраль", 2),
    ("февраля", 2),
    ("март", 3),
    ("марта", 3),
    ("апрель", 4),
    ("апреля", 4),
    ("май", 5),
    ("мая", 5),
    ("июнь", 6),
    ("июня", 6),
    ("июль", 7),
    ("июля", 7),
    ("август", 8),
    ("августа", 8),
    ("сентябрь", 9),
    ("сентября", 9),
    ("октябрь", 10),
    ("октября", 10),
    ("ноябрь", 11),
    ("ноября", 11),
    ("декабрь", 12),
    ("декабря", 12),
    // Ukrainian, genitive
    ("січня", 1),
    ("лютого", 2),
    ("березня", 3),
    ("квітня", 4),
    ("травня", 5),
    ("червня", 6),
    ("липня", 7),
    ("серпня", 8),
    ("вересня", 9),
    ("жовтня", 10),
    ("листопада", 11),
    ("грудня", 12),
];

/// The month a word names ("Sept." → 9, "мая" → 5, "März" → 3), if any.
pub(crate) fn month_of(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    let n = w.chars().count();
    if n < 3 {
        return None;
    }
    MONTHS
        .iter()
        .find(|(name, _)| *name == w)
        .or_else(|| {
            // An abbreviation: a prefix of a full name, where every name it begins agrees.
            let mut hits = MONTHS.iter().filter(|(name, _)| name.starts_with(&w));
            let first = hits.next()?;
            hits.all(|(_, m)| *m == first.1).then_some(first)
        })
        .map(|(_, m)| *m)
}

/// How the numbers of an all-numeric date are ordered when both readings are valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumericOrder {
    /// 04/03/2020 is 4 March (most of the world).
    DayFirst,
    /// 04/03/2020 is 3 April (US English).
    MonthFirst,
}

/// One calendar date found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Found {
    /// Byte offset of the match in the text.
    pub at: usize,
    /// The day.
    pub date: NaiveDate,
}

static TEXT_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        // 1-3: 2023-09-20, 2023/09/20, 2023.09.20, 2020. 03. 04, 2020年3月4日
        r"(?:^|[^\d])((?:19|20)\d{2})\s?[-/.年]\s?(\d{1,2})\s?[-/.月]\s?(\d{1,2})(?:[^\d]|$)",
        // 4-6: 20.09.2023, 20/09/2023, 20-09-2023
        r"|(?:^|[^\d.])(\d{1,2})[./-](\d{1,2})[./-]((?:19|20)\d{2})(?:[^\d]|$)",
        // 7-9: 20 сентября 2023, 3. Mai 2024, 3rd March 2021, 3 de marzo de 2021
        r"|\b(\d{1,2})(?:st|nd|rd|th|er|\.|º)?\s*(?:de\s+)?(\p{L}{3,10})\.?,?\s+(?:de\s+)?((?:19|20)\d{2})\b",
        // 10-12: March 3, 2021, Mar. 3rd 2021
        r"|\b(\p{L}{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{2})\b",
    ))
    .expect("static pattern")
});

/// Every plausible calendar date written in `text`, in order.
pub(crate) fn dates_in_text(text: &str, order: NumericOrder) -> Vec<Found> {
    let mut out = Vec::new();
    // Every form has a year 19xx or 20xx: most texts have none, and a byte scan says so
    // before the pattern (with its captures) runs.
    if !has_year(text) {
        return out;
    }
    for c in TEXT_DATE.captures_iter(text) {
        let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        let (at, date) = if let Some(y) = c.get(1) {
            (y.start(), ymd(num(1).map(|y| y as i32), num(2), num(3)))
        } else if let Some(first) = c.get(4) {
            let (a, b, y) = (num(4), num(5), num(6).map(|y| y as i32));
            // Both readings are tried when the first is impossible (13/04/2020 is day first
            // whatever the language).
            let date = match order {
                NumericOrder::DayFirst => ymd(y, b, a).or_else(|| ymd(y, a, b)),
                NumericOrder::MonthFirst => ymd(y, a, b).or_else(|| ymd(y, b, a)),
            };
            (first.start(), date)
        } else if let Some(d) = c.get(7) {
            let month = c.get(8).and_then(|m| month_of(m.as_str()));
            (d.start(), ymd(num(9).map(|y| y as i32), month, num(7)))
        } else if let Some(m) = c.get(10) {
            (
                m.start(),
                ymd(num(12).map(|y| y as i32), month_of(m.as_str()), num(11)),
            )
        } else {
            continue;
        };
        if let Some(date) = date {
            out.push(Found { at, date });
        }
    }
    out
}

/// Whether `text` holds four digits that begin `19` or `20`.
fn has_year(text: &str) -> bool {
    let b = text.as_bytes();
    b.windows(4)
        .any(|w| matches!(&w[..2], b"19" | b"20") && w[2].is_ascii_digit() && w[3].is_ascii_digit())
}

fn ymd(y: Option<i32>, m: Option<u32>, d: Option<u32>) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y?, m?, d?)
}

/// A machine timestamp as metadata writes it: the instant, with its offset when it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stamp {
    /// ISO 8601: `2023-09-20T14:05:00+03:00`, `2023-09-20T14:05:00` or `2023-09-20`.
    pub iso: String,
    /// The day as written.
    pub day: NaiveDate,
    /// The offset from UTC in seconds, when the stamp gives one.
    pub offset: Option<i32>,
    /// The wall-clock time as written, when the stamp gives one.
    pub time: Option<NaiveDateTime>,
}

fn with_offset(dt: DateTime<FixedOffset>) -> Stamp {
    Stamp {
        iso: dt.to_rfc3339(),
        day: dt.date_naive(),
        offset: Some(dt.offset().local_minus_utc()),
        time: Some(dt.naive_local()),
    }
}

/// Reads a timestamp as metadata writes it. Full timestamps keep their time and offset;
/// anything else that holds a calendar date becomes that date.
pub(crate) fn stamp(raw: &str) -> Option<Stamp> {
    let raw = raw.trim();
    if raw.is_empty() || raw.len() > 80 {
        return None;
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(raw) {
        return Some(with_offset(dt));
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(raw) {
        return Some(with_offset(dt));
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M:%S%.f%:z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%d %H:%M:%S%z",
        "%Y-%m-%d %H:%M:%S%.f%:z",
        "%Y-%m-%d %H:%M:%S %z",
    ] {
        if let Ok(dt) = DateTime::parse_from_str(raw, fmt) {
            return Some(with_offset(dt));
        }
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(raw, fmt) {
            return Some(Stamp {
                iso: dt.format("%Y-%m-%dT%H:%M:%S").to_string(),
                day: dt.date(),
                offset: None,
                time: Some(dt),
            });
        }
    }
    // "20230920": a compact day, as some `date` metas write it.
    if raw.len() == 8 && raw.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(day) = NaiveDate::parse_from_str(raw, "%Y%m%d") {
            return Some(Stamp::day(day));
        }
    }
    let found = dates_in_text(raw, NumericOrder::DayFirst);
    found.first().map(|f| Stamp::day(f.date))
}

impl Stamp {
    /// A stamp that gives only the day.
    pub fn day(day: NaiveDate) -> Stamp {
        Stamp {
            iso: day.format("%Y-%m-%d").to_string(),
            day,
            offset: None,
            time: None,
        }
    }

    /// The stamp is in UTC and so late or early in the day that the publisher's own day may
    /// be another one.
    pub fn utc_near_midnight(&self) -> bool {
        use chrono::Timelike;
        self.offset == Some(0) && self.time.is_some_and(|t| !(5..19).contains(&t.hour()))
    }

    /// Whether `other` writes the same instant as this UTC stamp in a local zone: a wall
    /// time a whole number of quarter hours away, at most 14 hours (`2023-11-08 18:09:55`
    /// for `2023-11-09T01:09:55Z`).
    pub fn same_instant_local(&self, other: &Stamp) -> bool {
        let (Some(utc), Some(local)) = (self.time, other.time) else {
            return false;
        };
        if other.offset == Some(0) {
            return false;
        }
        let secs = (local - utc).num_seconds();
        secs != 0 && secs.abs() <= 14 * 3600 && secs % 900 == 0
    }
}

/// Normalises a date as pages write it to ISO 8601 (see [`stamp`]).
pub(crate) fn normalize_date(raw: &str) -> Option<String> {
    stamp(raw).map(|s| s.iso)
}

static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/((?:19|20)\d{2})[/-]?(\d{2})[/-]?(\d{2})(?:/|[-_]|\.html?|$)")
        .expect("static pattern")
});

/// A full date in the URL path (`/2023/09/20/`, `/20230920-`).
pub(crate) fn date_in_url(url: &str) -> Option<NaiveDate> {
    let c = URL_DATE.captures(url)?;
    NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
}

static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(?:^|[^\p{L}])(?:(сегодня|today|heute|aujourd'hui|hoy)|(вчера|yesterday|gestern|hier|ayer)",
        r"|(\d{1,3})\s+(минут\p{L}*|час\p{L}*|дн\p{L}*|день|minutes?|mins?|hours?|hrs?|days?|minuten|stunden?|tagen?)\s+(назад|ago)",
        r"|vor\s+(\d{1,3})\s+(minuten|stunden?|tagen?))(?:[^\p{L}]|$)"
    ))
    .expect("static pattern")
});

/// A relative date ("вчера, 14:05", "vor 2 Tagen", "3 hours ago") resolved against the day
/// the page was fetched.
pub(crate) fn relative_date(text: &str, fetched: NaiveDate) -> Option<NaiveDate> {
    let c = RELATIVE.captures(text)?;
    if c.get(1).is_some() {
        return Some(fetched);
    }
    if c.get(2).is_some() {
        return fetched.checked_sub_signed(Duration::days(1));
    }
    let (n, unit) = match (c.get(3), c.get(4), c.get(6), c.get(7)) {
        (Some(n), Some(u), _, _) | (_, _, Some(n), Some(u)) => (n, u),
        _ => return None,
    };
    let n: i64 = n.as_str().parse().ok()?;
    let unit = unit.as_str().to_lowercase();
    let days = if unit.starts_with("д") || unit.starts_with("day") || unit.starts_with("tag") {
        n
    } else {
        // Minutes and hours: the fetch day itself, unless they reach back past it; the time
        // of the fetch is not known, so hours under a day count as the same day.
        let hours = if unit.starts_with("мин") || unit.starts_with("min") {
            n / 60
        } else {
            n
        };
        hours / 24
    };
    fetched.checked_sub_signed(Duration::days(days))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn first(text: &str) -> Option<String> {
        dates_in_text(text, NumericOrder::DayFirst)
            .first()
            .map(|f| f.date.format("%Y-%m-%d").to_string())
    }

    #[test]
    fn months_are_read_in_many_languages() {
        assert_eq!(month_of("Sept."), Some(9));
        assert_eq!(month_of("мая"), Some(5));
        assert_eq!(month_of("März"), Some(3));
        assert_eq!(month_of("Dez"), Some(12));
        assert_eq!(month_of("сен"), Some(9));
        assert_eq!(month_of("juillet"), Some(7));
        // "jun" begins June, Juni, junio, junho: all agree. "ju" is too short to say.
        assert_eq!(month_of("jun"), Some(6));
        assert_eq!(month_of("ju"), None);
        assert_eq!(month_of("the"), None);
        assert_eq!(month_of("мар"), Some(3));
    }

    #[test]
    fn byline_dates_in_many_forms() {
        assert_eq!(first("20 сентября 2023, 14:05").unwrap(), "2023-09-20");
        assert_eq!(
            first("Veröffentlicht am 3. Mai 2024").unwrap(),
            "2024-05-03"
        );
        assert_eq!(first("Published March 3, 2021").unwrap(), "2021-03-03");
        assert_eq!(first("Mar. 3rd 2021").unwrap(), "2021-03-03");
        assert_eq!(first("le 3 mars 2021 à 10h").unwrap(), "2021-03-03");
        assert_eq!(first("3 de marzo de 2021").unwrap(), "2021-03-03");
        assert_eq!(first("20.09.2023, 14:05").unwrap(), "2023-09-20");
        assert_eq!(first("2020年3月4日").unwrap(), "2020-03-04");
        assert_eq!(first("입력 2020. 03. 04 10:00").unwrap(), "2020-03-04");
        assert_eq!(first("posted 2019/11/05").unwrap(), "2019-11-05");
        assert_eq!(first("version 1.2.2023"), Some("2023-02-01".into()));
        assert_eq!(first("30.02.2023"), None);
        assert_eq!(first("no date here, 1234 words"), None);
    }

    #[test]
    fn numeric_order_follows_the_language_when_both_readings_hold() {
        let us = dates_in_text("04/03/2020", NumericOrder::MonthFirst);
        assert_eq!(us[0].date, day("2020-04-03"));
        let eu = dates_in_text("04/03/2020", NumericOrder::DayFirst);
        assert_eq!(eu[0].date, day("2020-03-04"));
        let only = dates_in_text("13/04/2020", NumericOrder::MonthFirst);
        assert_eq!(only[0].date, day("2020-04-13"));
    }

    #[test]
    fn stamps_keep_offsets_and_hours() {
        let s = stamp("2023-11-09T01:09:55Z").unwrap();
        assert_eq!(s.day, day("2023-11-09"));
        assert!(s.utc_near_midnight());
        let s = stamp("2023-11-08 18:09:55").unwrap();
        assert_eq!(s.offset, None);
        assert_eq!(s.iso, "2023-11-08T18:09:55");
        assert_eq!(stamp("20230920").unwrap().iso, "2023-09-20");
        assert_eq!(
            normalize_date("Wed, 20 Sep 2023 10:00:00 +0300").unwrap(),
            "2023-09-20T10:00:00+03:00"
        );
        assert_eq!(
            normalize_date("2024-05-03 15:47:42.389000+00:00").unwrap(),
            "2024-05-03T15:47:42.389+00:00"
        );
        assert_eq!(normalize_date("2023-02-30"), None);
    }

    #[test]
    fn urls_give_full_dates_only() {
        assert_eq!(
            date_in_url("https://x.com/2019/11/05/story"),
            Some(day("2019-11-05"))
        );
        assert_eq!(
            date_in_url("https://x.com/20191105-story"),
            Some(day("2019-11-05"))
        );
        assert_eq!(date_in_url("https://x.com/2019/11/story"), None);
    }

    #[test]
    fn relative_dates_need_the_fetch_day() {
        let fetched = day("2023-09-20");
        assert_eq!(
            relative_date("вчера, 14:05", fetched),
            Some(day("2023-09-19"))
        );
        assert_eq!(relative_date("Сегодня в 10:00", fetched), Some(fetched));
        assert_eq!(
            relative_date("vor 2 Tagen", fetched),
            Some(day("2023-09-18"))
        );
        assert_eq!(relative_date("3 hours ago", fetched), Some(fetched));
        assert_eq!(
            relative_date("5 дней назад", fetched),
            Some(day("2023-09-15"))
        );
        assert_eq!(relative_date("Heuter", fetched), None);
    }
}
