//! Metadata: JSON-LD, dates, datelines, credited agencies, titles and outlets.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use crate::html::PageMeta;

/// The parts of a JSON-LD `Article` (or `NewsArticle`, `BlogPosting`, …) newsmill uses.
#[derive(Debug, Default)]
pub(crate) struct LdArticle {
    pub headline: Option<String>,
    pub published: Option<String>,
    pub modified: Option<String>,
    pub authors: Vec<String>,
    pub publisher: Option<String>,
    pub body: Option<String>,
    pub lang: Option<String>,
}

/// The first article-like JSON-LD object of the page; failing that, the dates of a page that
/// describes itself as a `WebPage` (as SEO plugins write it).
pub(crate) fn json_ld_article(meta: &PageMeta) -> Option<LdArticle> {
    let values: Vec<Value> = meta
        .json_ld
        .iter()
        .filter_map(|raw| serde_json::from_str::<Value>(raw.trim()).ok())
        .collect();
    if let Some(obj) = values
        .iter()
        .find_map(|v| find_typed(v, 0, &is_article_type))
    {
        let s = |k: &str| text_field(obj, k);
        return Some(LdArticle {
            headline: s("headline").or_else(|| s("name")),
            published: s("datePublished").or_else(|| s("dateCreated")),
            modified: s("dateModified"),
            authors: names(obj.get("author")),
            publisher: names(obj.get("publisher")).into_iter().next(),
            body: s("articleBody"),
            lang: s("inLanguage"),
        });
    }
    let page = values
        .iter()
        .find_map(|v| find_typed(v, 0, &|t| t == "WebPage" || t == "ItemPage"))?;
    Some(LdArticle {
        published: text_field(page, "datePublished").or_else(|| text_field(page, "dateCreated")),
        modified: text_field(page, "dateModified"),
        ..LdArticle::default()
    })
}

/// A JSON-LD object's string field, trimmed, when it is not empty.
fn text_field(obj: &serde_json::Map<String, Value>, key: &str) -> Option<String> {
    obj.get(key)
        .and_then(Value::as_str)
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

fn find_typed<'v>(
    value: &'v Value,
    depth: usize,
    wanted: &dyn Fn(&str) -> bool,
) -> Option<&'v serde_json::Map<String, Value>> {
    if depth > 6 {
        return None;
    }
    match value {
        Value::Array(items) => items.iter().find_map(|v| find_typed(v, depth + 1, wanted)),
        Value::Object(obj) => {
            let is_article = match obj.get("@type") {
                Some(Value::String(t)) => wanted(t),
                Some(Value::Array(ts)) => ts.iter().any(|t| t.as_str().is_some_and(wanted)),
                _ => false,
            };
            if is_article {
                return Some(obj);
            }
            obj.get("@graph")
                .or_else(|| obj.get("mainEntity"))
                .and_then(|v| find_typed(v, depth + 1, wanted))
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

/// Whether a `og:site_name` is a section of the site rather than the publisher: its name is
/// a segment of the page's path (`U.S.` on `reuters.com/article/us-volkswagen-…`) and not of
/// the host.
pub(crate) fn is_section_name(name: &str, url: &str) -> bool {
    let squashed: String = name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let Some(rest) = url.split("://").nth(1) else {
        return false;
    };
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if squashed.is_empty() || host.to_lowercase().contains(&squashed) {
        return false;
    }
    path.split(['/', '-', '_', '.', '?', '&', '='])
        .any(|token| token.to_lowercase() == squashed)
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

static ENTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|quot|amp|apos|lt|gt|nbsp|laquo|raquo|ndash|mdash|rsquo|lsquo|rdquo|ldquo|hellip);")
        .expect("static pattern")
});

/// Decodes entities left in a text the page escaped twice (`&amp;#039;` in an `og:title`
/// reads `&#039;` once decoded): a reader sees the character.
pub(crate) fn unescape_twice_escaped(text: &str) -> String {
    if text.contains('&') && ENTITY.is_match(text) {
        html_escape::decode_html_entities(text).into_owned()
    } else {
        text.to_string()
    }
}

/// Whether `c` is a pictograph or a part of one (emoji, dingbats, flags, variation
/// selectors, joiners, keycaps).
fn is_pictograph(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF
        | 0x2600..=0x27BF
        | 0x2B00..=0x2BFF
        | 0x2300..=0x23FF
        | 0xFE0E | 0xFE0F
        | 0x200D
        | 0x20E3
        | 0xE0020..=0xE007F)
}

/// A headline without the pictographs that decorate its ends: channels open breaking news
/// with "⚡️" or close a line with "🤔", and a story list or a search result should not.
/// Pictographs inside the headline stay; a headline of pictographs only is kept as it is.
pub(crate) fn trim_pictographs(title: &str) -> String {
    let trimmed = title.trim_matches(|c: char| is_pictograph(c) || c.is_whitespace());
    if trimmed.is_empty() {
        title.trim().to_string()
    } else {
        trimmed.to_string()
    }
}

/// Strips a site suffix or prefix from a `<title>` ("Headline | VentureBeat" → "Headline"),
/// and decodes entities a twice-escaped page leaves in it.
pub(crate) fn clean_title(title: &str, outlet: Option<&str>) -> String {
    let title = unescape_twice_escaped(title);
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
    ("PTI", &["PTI", "Press Trust of India"]),
    ("ANI", &["ANI", "Asian News International"]),
    ("IANS", &["IANS"]),
    ("Kyodo", &["Kyodo", "Kyodo News"]),
    ("Yonhap", &["Yonhap"]),
    ("EFE", &["EFE"]),
    ("ANSA", &["ANSA"]),
    ("Europa Press", &["Europa Press"]),
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

/// The agency a whole byline names ("РИА Новости", "Reuters", "AFP"), if it is one.
pub(crate) fn agency_named(byline: &str) -> Option<&'static str> {
    let byline = byline.trim();
    // "Reuters Editorial", "AFP staff": the agency's desk is the agency.
    let byline = [
        "editorial",
        "staff",
        "reporters",
        "reporting",
        "wire",
        "news service",
    ]
    .iter()
    .find_map(|desk| {
        let cut = byline.len().checked_sub(desk.len() + 1)?;
        let (head, tail) = (byline.get(..cut)?, byline.get(cut..)?);
        (tail.trim().eq_ignore_ascii_case(desk)).then_some(head.trim())
    })
    .unwrap_or(byline);
    AGENCIES
        .iter()
        .find(|(_, forms)| {
            forms
                .iter()
                .any(|f| f.eq_ignore_ascii_case(byline) || *f == byline)
        })
        .map(|(name, _)| *name)
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
    fn headlines_lose_the_pictographs_at_their_ends() {
        assert_eq!(
            trim_pictographs("⚡️Заложники в СИЗО Ростова освобождены."),
            "Заложники в СИЗО Ростова освобождены."
        );
        assert_eq!(
            trim_pictographs("Улицы патрулирует кавалерия 🤔"),
            "Улицы патрулирует кавалерия"
        );
        assert_eq!(trim_pictographs("🇷🇺 Флаг 🔥 внутри"), "Флаг 🔥 внутри");
        assert_eq!(trim_pictographs("🔥🔥"), "🔥🔥");
        assert_eq!(trim_pictographs("12:00 — срок"), "12:00 — срок");
    }

    #[test]
    fn a_section_is_not_the_outlet() {
        let url = "https://www.reuters.com/article/us-volkswagen-skoda-idUSKBN1ZC1DA";
        assert!(is_section_name("U.S.", url));
        assert!(!is_section_name("Reuters", url));
        assert!(!is_section_name(
            "Toronto Star",
            "https://www.thestar.com/news/x.html"
        ));
        assert!(is_section_name("World", "https://x.org/world/2020/story"));
    }

    #[test]
    fn titles_lose_site_suffixes() {
        assert_eq!(
            clean_title("WeWork under investigation | VentureBeat", None),
            "WeWork under investigation"
        );
        assert_eq!(clean_title("A - B", None), "A - B");
        assert_eq!(
            clean_title(
                "Australian &#039;megablaze&#039; brought under control",
                None
            ),
            "Australian 'megablaze' brought under control"
        );
    }
}
