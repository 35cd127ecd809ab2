//! Metadata: JSON-LD, dates, datelines, credited agencies, titles and outlets.

use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use regex::Regex;
use serde_json::Value;

use crate::html::PageMeta;

/// The parts of a JSON-LD `Article` (or `NewsArticle`, `BlogPosting`, …) newsmill uses.
#[derive(Debug, Default)]
pub(crate) struct LdArticle {
    pub headline: Option<String>,
    pub published: Option<String>,
    pub authors: Vec<String>,
    pub publisher: Option<String>,
    pub body: Option<String>,
    pub lang: Option<String>,
}

/// The first article-like JSON-LD object of the page.
pub(crate) fn json_ld_article(meta: &PageMeta) -> Option<LdArticle> {
    for raw in &meta.json_ld {
        let Ok(value) = serde_json::from_str::<Value>(raw.trim()) else {
            continue;
        };
        if let Some(obj) = find_article(&value, 0) {
            let s = |k: &str| {
                obj.get(k)
                    .and_then(Value::as_str)
                    .map(|v| v.trim().to_string())
                    .filter(|v| !v.is_empty())
            };
            return Some(LdArticle {
                headline: s("headline").or_else(|| s("name")),
                published: s("datePublished").or_else(|| s("dateCreated")),
                authors: names(obj.get("author")),
                publisher: names(obj.get("publisher")).into_iter().next(),
                body: s("articleBody"),
                lang: s("inLanguage"),
            });
        }
    }
    None
}

fn find_article(value: &Value, depth: usize) -> Option<&serde_json::Map<String, Value>> {
    if depth > 6 {
        return None;
    }
    match value {
        Value::Array(items) => items.iter().find_map(|v| find_article(v, depth + 1)),
        Value::Object(obj) => {
            let is_article = match obj.get("@type") {
                Some(Value::String(t)) => is_article_type(t),
                Some(Value::Array(ts)) => {
                    ts.iter().any(|t| t.as_str().is_some_and(is_article_type))
                }
                _ => false,
            };
            if is_article {
                return Some(obj);
            }
            obj.get("@graph")
                .or_else(|| obj.get("mainEntity"))
                .and_then(|v| find_article(v, depth + 1))
        }
        _ => None,
    }
}

fn is_article_type(t: &str) -> bool {
    t.ends_with("Article") || t == "BlogPosting" || t == "Report" || t == "LiveBlogPosting"
}

fn names(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(s)) if !s.trim().is_empty() && !s.starts_with("http") => {
            vec![s.trim().to_string()]
        }
        Some(Value::Object(o)) => o
            .get("name")
            .and_then(Value::as_str)
            .map(|s| vec![s.trim().to_string()])
            .unwrap_or_default(),
        Some(Value::Array(items)) => items.iter().flat_map(|v| names(Some(v))).collect(),
        _ => Vec::new(),
    }
}

const RU_MONTHS: [&str; 12] = [
    "янв", "фев", "мар", "апр", "ма", "июн", "июл", "авг", "сен", "окт", "ноя", "дек",
];
const EN_MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month_of(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    let w = w.trim_end_matches('.');
    if w.len() < 3 {
        return None;
    }
    EN_MONTHS
        .iter()
        .position(|m| w.starts_with(m))
        .or_else(|| RU_MONTHS.iter().position(|m| w.starts_with(m)))
        .map(|i| i as u32 + 1)
}

static TEXT_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{1,2})\s+(\p{L}{3,9})\.?,?\s+(\d{4})\b|\b(\p{L}{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})\b|\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b|\b(\d{4})[-/](\d{2})[-/](\d{2})\b").unwrap()
});
static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/((?:19|20)\d{2})[/-]?(\d{2})[/-]?(\d{2})(?:/|[-_]|\.html|$)").unwrap()
});

/// Normalises a date as pages write it to ISO 8601: full timestamps keep their time and
/// offset (`2023-09-20T14:05:00+03:00`), anything else becomes a date (`2023-09-20`).
pub(crate) fn normalize_date(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() || raw.len() > 80 {
        return None;
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(raw) {
        return Some(dt.to_rfc3339());
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(raw) {
        return Some(dt.to_rfc3339());
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%d %H:%M:%S%z",
    ] {
        if let Ok(dt) = DateTime::parse_from_str(raw, fmt) {
            return Some(dt.to_rfc3339());
        }
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(raw, fmt) {
            return Some(dt.format("%Y-%m-%dT%H:%M:%S").to_string());
        }
    }
    date_in_text(raw)
}

/// The first plausible calendar date written in `text`.
pub(crate) fn date_in_text(text: &str) -> Option<String> {
    for c in TEXT_DATE.captures_iter(text) {
        let (y, m, d) = if let Some(d) = c.get(1) {
            (c[3].parse().ok(), month_of(&c[2]), d.as_str().parse().ok())
        } else if let Some(mo) = c.get(4) {
            (c[6].parse().ok(), month_of(mo.as_str()), c[5].parse().ok())
        } else if let Some(d) = c.get(7) {
            (
                c[9].parse().ok(),
                c[8].parse().ok(),
                d.as_str().parse().ok(),
            )
        } else {
            (c[10].parse().ok(), c[11].parse().ok(), c[12].parse().ok())
        };
        if let (Some(y), Some(m), Some(d)) = (y, m, d) {
            if (1990..=2100).contains(&y) {
                if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                    return Some(date.format("%Y-%m-%d").to_string());
                }
            }
        }
    }
    None
}

/// A date in the URL path (`/2023/09/20/`, `/20230920-`).
pub(crate) fn date_in_url(url: &str) -> Option<String> {
    let c = URL_DATE.captures(url)?;
    let date = NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)?;
    Some(date.format("%Y-%m-%d").to_string())
}

/// The host of a URL without `www.`, as an outlet of last resort.
pub(crate) fn domain(url: &str) -> Option<String> {
    let host = url
        .split("://")
        .nth(1)?
        .split(['/', '?', '#', ':'])
        .next()?;
    let host = host
        .strip_prefix("www.")
        .unwrap_or(host)
        .to_ascii_lowercase();
    (!host.is_empty() && host.contains('.')).then_some(host)
}

/// Strips a site suffix or prefix from a `<title>` ("Headline | VentureBeat" → "Headline").
pub(crate) fn clean_title(title: &str, outlet: Option<&str>) -> String {
    let title = title.trim();
    for sep in [" | ", " — ", " – ", " - ", " :: ", " · ", " » "] {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            let site_like = tail.split_whitespace().count() <= 4
                || outlet.is_some_and(|o| tail.to_lowercase().contains(&o.to_lowercase()));
            if site_like && head.split_whitespace().count() >= 3 {
                return head.trim().to_string();
            }
        }
    }
    title.to_string()
}

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^((?:[A-ZА-ЯЁ][A-ZА-ЯЁ.'’\-]+)(?:[ \-][A-ZА-ЯЁ][A-ZА-ЯЁ.'’\-]+){0,3})(?:,\s*(?:\d{1,2}\s+\p{L}{3,9}\.?|\p{L}{3,9}\.?\s+\d{1,2})(?:\s+\d{4})?)?(?:\s*\(([^)]{2,40})\)\s*[–—-]|\s*[–—-]\s*(\p{Lu}[\p{L} ]{1,29}?)\s*\.\s|\s*[–—-]|,)").unwrap()
});

/// The wire dateline at the start of the body ("ВИЛЬНЮС, 20 сен – Sputnik." → Вильнюс),
/// with the agency it names, if any.
pub(crate) fn dateline(first: &str) -> Option<(newsmill_model::Dateline, Option<String>)> {
    let c = DATELINE.captures(first)?;
    let place_raw = c.get(1)?.as_str();
    // Wire datelines shout the place: require at least two upper-case letters and no lower case.
    if place_raw.chars().filter(|c| c.is_uppercase()).count() < 3 {
        return None;
    }
    let whole = c.get(0)?.as_str();
    let text = whole
        .trim_end_matches(['.', ',', ' ', '–', '—', '-'])
        .trim()
        .to_string();
    let agency = c
        .get(2)
        .or_else(|| c.get(3))
        .map(|m| m.as_str().trim().to_string());
    let place = title_case(place_raw.trim_end_matches(['.', ',']));
    Some((
        newsmill_model::Dateline {
            place: Some(place),
            text,
        },
        agency,
    ))
}

fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = c == ' ' || c == '-';
    }
    out
}

/// Agencies newsrooms credit, with the forms they are written in.
const AGENCIES: &[(&str, &[&str])] = &[
    (
        "РИА Новости",
        &["РИА Новости", "РИА \"Новости\"", "РИА «Новости»"],
    ),
    ("ТАСС", &["ТАСС", "ИТАР-ТАСС"]),
    ("Интерфакс", &["Интерфакс", "Interfax"]),
    ("РБК", &["РБК"]),
    ("Sputnik", &["Sputnik"]),
    ("ПРАЙМ", &["ПРАЙМ"]),
    ("Reuters", &["Reuters", "Рейтер", "Reuters"]),
    ("Associated Press", &["Associated Press", "AP"]),
    ("AFP", &["AFP", "Agence France-Presse", "Франс Пресс"]),
    ("Bloomberg", &["Bloomberg", "Блумберг"]),
    ("Xinhua", &["Xinhua", "Синьхуа"]),
    ("Anadolu", &["Anadolu"]),
    ("dpa", &["dpa"]),
    ("UPI", &["UPI"]),
    ("BBC", &["BBC", "Би-би-си"]),
    ("CNN", &["CNN"]),
    ("Известия", &["Известия", "«Известия»"]),
    (
        "Коммерсантъ",
        &["Коммерсантъ", "«Коммерсантъ»", "Коммерсант"],
    ),
    ("Ведомости", &["Ведомости", "«Ведомости»"]),
];

static CREDIT_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(сообща\p{L}*|переда[её]т|передали|пишет|пишут|информир\p{L}*|по данным|по информации|со ссылкой на|according to|reported by|told|reports?|reported|said|\(|—\s*|--\s*)\s*(агентств\p{L}*\s+|агентство\s+|издани\p{L}*\s+|газет\p{L}*\s+)?$").unwrap()
});

/// Agencies that `text` credits: a known agency right after a reporting cue ("сообщает РИА
/// Новости", "передает ТАСС", "according to Reuters") or in the wire form "(Reuters) —".
pub(crate) fn credited_sources(text: &str) -> Vec<String> {
    let mut found: Vec<(usize, &str)> = Vec::new();
    // Every occurrence of every form, overlapping ones included ("ТАСС" in "ИТАР-ТАСС"), in one
    // pass over the text.
    for m in AGENCY_FORMS.find_overlapping_iter(text) {
        let (at, end) = (m.start(), m.end());
        let name = AGENCY_OF_FORM[m.pattern().as_usize()];
        // Whole word only.
        let before = text[..at].chars().next_back();
        let after = text[end..].chars().next();
        if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) {
            continue;
        }
        if found.iter().any(|(_, n)| *n == name) {
            continue;
        }
        let head_start = text[..at]
            .char_indices()
            .rev()
            .nth(40)
            .map_or(0, |(i, _)| i);
        let head = &text[head_start..at];
        let wire = after == Some(')') && before == Some('(');
        if wire || CREDIT_CUE.is_match(head) {
            found.push((at, name));
        }
    }
    found.sort();
    found.into_iter().map(|(_, n)| n.to_string()).collect()
}

/// The agency each pattern of [`AGENCY_FORMS`] names.
static AGENCY_OF_FORM: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    AGENCIES
        .iter()
        .flat_map(|(name, forms)| forms.iter().map(move |_| *name))
        .collect()
});

/// Every written form of every agency in [`AGENCIES`], as one automaton.
static AGENCY_FORMS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::new(AGENCIES.iter().flat_map(|(_, forms)| forms.iter()))
        .expect("static patterns")
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_normalise_to_iso() {
        assert_eq!(
            normalize_date("2023-09-20T14:05:00+03:00").unwrap(),
            "2023-09-20T14:05:00+03:00"
        );
        assert_eq!(
            normalize_date("Wed, 20 Sep 2023 10:00:00 +0300").unwrap(),
            "2023-09-20T10:00:00+03:00"
        );
        assert_eq!(normalize_date("20.09.2023").unwrap(), "2023-09-20");
        assert_eq!(normalize_date("September 20, 2023").unwrap(), "2023-09-20");
        assert_eq!(normalize_date("20 сентября 2023").unwrap(), "2023-09-20");
        assert_eq!(normalize_date("2023-02-30"), None);
        assert_eq!(
            date_in_url("https://x.com/2019/11/05/story").unwrap(),
            "2019-11-05"
        );
    }

    #[test]
    fn datelines_give_the_place() {
        let (d, agency) =
            dateline("ВИЛЬНЮС, 20 сен – Sputnik. Контакты России с Арменией продолжаются").unwrap();
        assert_eq!(d.place.as_deref(), Some("Вильнюс"));
        assert_eq!(d.text, "ВИЛЬНЮС, 20 сен – Sputnik");
        assert_eq!(agency.as_deref(), Some("Sputnik"));
        let (d, agency) = dateline("WASHINGTON (Reuters) - The U.S. Senate voted").unwrap();
        assert_eq!(d.place.as_deref(), Some("Washington"));
        assert_eq!(agency.as_deref(), Some("Reuters"));
        assert!(dateline("Контакты России с Арменией продолжаются").is_none());
        assert!(dateline("The company said, on Monday").is_none());
    }

    #[test]
    fn credited_agencies_are_found() {
        assert_eq!(
            credited_sources("заявил Песков. Об этом сообщает РИА Новости."),
            ["РИА Новости"]
        );
        assert_eq!(credited_sources("как передает ТАСС, ..."), ["ТАСС"]);
        assert_eq!(
            credited_sources("(Reuters) — The attorney general"),
            ["Reuters"]
        );
        assert_eq!(
            credited_sources("according to Reuters and Bloomberg"),
            ["Reuters"]
        );
        assert!(credited_sources("Reuters is a news agency").is_empty());
    }

    #[test]
    fn titles_lose_site_suffixes() {
        assert_eq!(
            clean_title("WeWork under investigation | VentureBeat", None),
            "WeWork under investigation"
        );
        assert_eq!(clean_title("A - B", None), "A - B");
    }
}
