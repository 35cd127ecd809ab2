//! Bylines as pages write them, made into a list of persons: "Anna Martel und Lea Wagner" is
//! two authors, "Povilas Aleksandravičius, profesorius, Lrt.lt" is one, an agency goes to the
//! credited sources, and chrome ("Email the author", "Staff", a numeric id, the outlet's own
//! name or address) goes.

use crate::meta::agency_named;

/// Words that join two names in a byline, in the languages newsmill reads.
const JOINERS: &[&str] = &[
    " and ", " & ", " und ", " и ", " og ", " et ", " y ", " e ", " en ", " i ", " ve ", " dan ",
];

/// Byline prefixes that are not part of the name.
const PREFIXES: &[&str] = &[
    "by ",
    "von ",
    "par ",
    "por ",
    "di ",
    "door ",
    "av ",
    "автор:",
    "автор ",
    "авторы:",
    "text:",
    "text ",
    "texte:",
    "written by ",
];

/// Whole bylines that name no person.
const CHROME: &[&str] = &[
    "staff",
    "staff writer",
    "staff reporter",
    "editor",
    "editors",
    "admin",
    "administrator",
    "redaktion",
    "редакция",
    "email the author",
    "e-mail the author",
    "contact the author",
    "follow",
    "anonymous",
    "guest",
];

/// Last words of a byline that name a newsroom rather than a person.
const DESKS: &[&str] = &["staff", "desk", "team", "newsroom", "redaktion", "редакция"];

/// The persons among `raw` bylines, and the agencies named as if they were authors.
///
/// `outlets` are the publication's own names (`Lesotho Times`, `t-online`): a byline that is
/// one of them names no person. Public so that a byline list from elsewhere (a JSONL
/// `authors` field, a gold set) can be read by the same rules.
pub fn persons_and_agencies(raw: &[String], outlets: &[&str]) -> (Vec<String>, Vec<String>) {
    let mut persons: Vec<String> = Vec::new();
    let mut agencies: Vec<String> = Vec::new();
    let outlets: Vec<String> = outlets.iter().map(|o| squash(o)).collect();
    for line in raw {
        for name in split(line) {
            let lower = name.to_lowercase();
            if let Some(agency) = agency_named(&name) {
                if !agencies.iter().any(|a| a == agency) {
                    agencies.push(agency.to_string());
                }
                continue;
            }
            // "Courier staff", "Politics desk": a newsroom, not a person.
            let desk = lower.split_whitespace().count() > 1
                && lower.rsplit(' ').next().is_some_and(|w| DESKS.contains(&w));
            let chrome = CHROME.contains(&lower.as_str())
                || desk
                || outlets.contains(&squash(&name))
                || !name.chars().any(char::is_alphabetic)
                || name.contains('@')
                || lower.starts_with("http")
                || is_domain(&lower);
            if !chrome && !persons.iter().any(|p| p.to_lowercase() == lower) {
                persons.push(name);
            }
        }
    }
    (persons, agencies)
}

/// A name reduced to its letters and digits, lower case: "t-online" and "TOnline" agree.
fn squash(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// "ndr.de", "Lrt.lt": a byline that is a site's address.
fn is_domain(lower: &str) -> bool {
    lower.rsplit_once('.').is_some_and(|(head, tld)| {
        !head.is_empty()
            && !head.ends_with(' ')
            && (2..=4).contains(&tld.len())
            && tld.chars().all(|c| c.is_ascii_lowercase())
    })
}

/// The names one byline holds.
fn split(line: &str) -> Vec<String> {
    let mut line = line.split_whitespace().collect::<Vec<_>>().join(" ");
    loop {
        let lower = line.to_lowercase();
        let Some(p) = PREFIXES.iter().find(|p| lower.starts_with(*p)) else {
            break;
        };
        // The prefixes are ASCII or Cyrillic, whose lower case has the same length.
        match line.get(p.len()..) {
            Some(rest) => line = rest.trim_start().to_string(),
            None => break,
        }
    }
    let parts: Vec<String> = line
        .split([',', ';', '|', '/'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .flat_map(split_joined)
        .collect();
    // "Name, a description of who they are, outlet": the description is not a name.
    let names: Vec<String> = parts
        .iter()
        .filter(|p| looks_like_name(p))
        .cloned()
        .collect();
    if names.is_empty() {
        parts.into_iter().take(1).collect()
    } else {
        names
    }
}

/// "Anna Martel und Lea Wagner" → two names. Each side must be a name of two words or more:
/// a single word on either side ("Research and Development") is more likely a phrase.
fn split_joined(part: &str) -> Vec<String> {
    let mut pieces = vec![part.to_string()];
    for joiner in JOINERS {
        pieces = pieces
            .into_iter()
            .flat_map(|piece| {
                let halves: Vec<String> =
                    piece.split(joiner).map(|s| s.trim().to_string()).collect();
                let two_names = halves.len() > 1
                    && halves
                        .iter()
                        .all(|h| looks_like_name(h) && h.split_whitespace().count() >= 2);
                if two_names {
                    halves
                } else {
                    vec![piece]
                }
            })
            .collect();
    }
    pieces
}

/// One to five words, each starting with a capital (or written in a script without case),
/// with no digits: the shape of a person's name.
fn looks_like_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() || words.len() > 5 || text.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let particles = [
        "van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "bin", "al",
    ];
    words.iter().all(|w| {
        let first = w.chars().next().unwrap_or(' ');
        first.is_uppercase()
            || (first.is_alphabetic() && !first.is_lowercase())
            || particles.contains(&w.to_lowercase().as_str())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn persons(raw: &[&str]) -> Vec<String> {
        let raw: Vec<String> = raw.iter().map(|s| s.to_string()).collect();
        persons_and_agencies(&raw, &["Lesotho Times"]).0
    }

    #[test]
    fn joined_names_are_two_authors() {
        assert_eq!(
            persons(&["Anna Martel und Lea Wagner"]),
            ["Anna Martel", "Lea Wagner"]
        );
        assert_eq!(
            persons(&["Trine Juncher Jørgensen og Tôrtia Reimer-Johansen"]),
            ["Trine Juncher Jørgensen", "Tôrtia Reimer-Johansen"]
        );
        assert_eq!(
            persons(&["By Jane Doe and John Roe"]),
            ["Jane Doe", "John Roe"]
        );
        // "and" inside a name-like phrase that is not two names stays whole.
        assert_eq!(
            persons(&["Research and Development"]),
            ["Research and Development"]
        );
    }

    #[test]
    fn descriptions_and_chrome_go() {
        assert_eq!(
            persons(&["Povilas Aleksandravičius, Mykolo Romerio universiteto Žmogaus ir visuomenės studijų fakulteto profesorius, Lrt.lt"]),
            ["Povilas Aleksandravičius"]
        );
        assert!(persons(&["105092"]).is_empty());
        assert!(persons(&["Staff"]).is_empty());
        assert!(persons(&["Courier staff"]).is_empty());
        assert!(persons(&["Lesotho Times"]).is_empty());
        assert!(persons(&["ndr.de"]).is_empty());
        assert_eq!(
            persons(&["Anna Martel und Lea Wagner, Nairobi"]),
            ["Anna Martel", "Lea Wagner", "Nairobi"]
        );
        assert!(persons(&["https://example.org/author/x"]).is_empty());
        assert_eq!(persons(&["Иван Петров", "иван петров"]), ["Иван Петров"]);
    }

    #[test]
    fn agencies_are_credited_not_authors() {
        let raw = [
            "РИА Новости".to_string(),
            "Reuters Editorial".to_string(),
            "PTI".to_string(),
        ];
        let (p, a) = persons_and_agencies(&raw, &[]);
        assert!(p.is_empty());
        assert_eq!(a, ["РИА Новости", "Reuters", "PTI"]);
    }
}
