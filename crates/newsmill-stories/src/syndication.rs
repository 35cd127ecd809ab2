//! Who copied whom within a story, and what each copy changed.
use rustc_hash::FxHashSet;
use serde::Serialize;

use crate::cluster::NEAR_COPY;
use crate::minhash::Signature;

/// Estimated share of common text from which a copy counts as verbatim.
pub const VERBATIM: f64 = 0.9;
/// Paragraphs compared per text in a diff: beyond it, the rest is left out of the diff.
const DIFF_PARAGRAPHS: usize = 300;

/// One article of a story, as syndication sees it.
#[derive(Debug, Clone)]
pub struct Member<'a> {
    /// The caller's id.
    pub key: u64,
    /// The outlet.
    pub outlet: Option<&'a str>,
    /// Publication time (Unix seconds) when known and plausible.
    pub time: Option<i64>,
    /// Agencies the article credits («сообщает РИА Новости»).
    pub credited: &'a [String],
    /// MinHash of its text.
    pub signature: &'a Signature,
}

/// What syndication found for one member.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Copy {
    /// The member.
    pub key: u64,
    /// The earlier member it was taken from, where the evidence holds.
    pub copied_from: Option<u64>,
    /// Estimated share of text it has in common with `copied_from`.
    pub shared: Option<f32>,
    /// Whether it is a verbatim copy of `copied_from` (shared ≥ [`VERBATIM`]).
    pub verbatim: bool,
    /// The evidence, for people.
    pub evidence: Option<String>,
}

fn norm(s: &str) -> String {
    s.trim().to_lowercase().replace('ё', "е")
}

/// Whether `credit` names `outlet` («РИА Новости» and «РИА Новости Крым» do; «ТАСС» and
/// «РИА» do not).
fn names(credit: &str, outlet: &str) -> bool {
    let (c, o) = (norm(credit), norm(outlet));
    !c.is_empty() && !o.is_empty() && (c == o || o.starts_with(&c) || c.starts_with(&o))
}

/// The origin of a story and the `copied_from` of each member.
///
/// A member was copied from an earlier one when it credits that one's outlet (the earliest such
/// member), or else when it shares at least [`NEAR_COPY`] of its text with it (the most similar
/// earlier member). Undated members get no `copied_from`: the direction is unknown. The origin
/// is the earliest member whose outlet others credit, else the earliest dated member.
pub fn syndicate(members: &[Member<'_>]) -> (Option<u64>, Vec<Copy>) {
    let mut order: Vec<&Member<'_>> = members.iter().collect();
    order.sort_by_key(|m| (m.time.is_none(), m.time, m.key));
    let copies = members
        .iter()
        .map(|x| {
            let mut copy = Copy {
                key: x.key,
                copied_from: None,
                shared: None,
                verbatim: false,
                evidence: None,
            };
            let Some(tx) = x.time else {
                copy.evidence = Some("no date: who copied whom is unknown".into());
                return copy;
            };
            let earlier = order
                .iter()
                .filter(|y| y.key != x.key && y.time.is_some_and(|ty| ty < tx));
            let credited = earlier.clone().find(|y| {
                y.outlet
                    .is_some_and(|o| x.credited.iter().any(|c| names(c, o)))
            });
            let similar = earlier
                .map(|y| (x.signature.jaccard(y.signature), *y))
                .filter(|(j, _)| *j >= NEAR_COPY)
                .fold(None::<(f64, &Member<'_>)>, |best, (j, y)| match best {
                    Some((bj, _)) if bj >= j => best,
                    _ => Some((j, y)),
                });
            let (from, evidence) = match (credited, similar) {
                (Some(y), _) => (
                    *y,
                    format!(
                        "credits {}, which published earlier",
                        y.outlet.unwrap_or("")
                    ),
                ),
                (None, Some((j, y))) => (
                    y,
                    format!(
                        "shares {:.0}% of its text with an earlier article",
                        j * 100.0
                    ),
                ),
                (None, None) => return copy,
            };
            let shared = x.signature.jaccard(from.signature);
            copy.copied_from = Some(from.key);
            copy.shared = Some(shared as f32);
            copy.verbatim = shared >= VERBATIM;
            copy.evidence = Some(evidence);
            copy
        })
        .collect();
    let credited_by_others = |m: &Member<'_>| {
        m.outlet.is_some_and(|o| {
            members
                .iter()
                .any(|x| x.key != m.key && x.credited.iter().any(|c| names(c, o)))
        })
    };
    let origin = order
        .iter()
        .find(|m| m.time.is_some() && credited_by_others(m))
        .or_else(|| order.iter().find(|m| m.time.is_some()))
        .map(|m| m.key);
    (origin, copies)
}

/// What a copy changed against its source.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TextDiff {
    /// Whether the title differs.
    pub title_changed: bool,
    /// Paragraphs kept word for word.
    pub kept: usize,
    /// Paragraphs kept with changes: `(source, copy)`.
    pub edited: Vec<(String, String)>,
    /// Paragraphs of the source the copy dropped.
    pub cut: Vec<String>,
    /// Paragraphs of the copy the source does not have.
    pub added: Vec<String>,
}

fn words(p: &str) -> FxHashSet<String> {
    p.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(norm)
        .collect()
}

fn paragraphs(text: &str) -> Vec<&str> {
    text.split('\n')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .take(DIFF_PARAGRAPHS)
        .collect()
}

/// Paragraph by paragraph, what `copy` changed against `source`: a paragraph is kept when its
/// words are the same, edited when most of them are (word Jaccard ≥ 0.6), else cut or added.
pub fn diff(source_title: &str, source: &str, copy_title: &str, copy: &str) -> TextDiff {
    let src = paragraphs(source);
    let dst = paragraphs(copy);
    let src_words: Vec<_> = src.iter().map(|p| words(p)).collect();
    let mut used = vec![false; src.len()];
    let mut out = TextDiff {
        title_changed: words(source_title) != words(copy_title),
        ..TextDiff::default()
    };
    for p in &dst {
        let w = words(p);
        let best = src_words
            .iter()
            .enumerate()
            .filter(|(i, _)| !used[*i])
            .map(|(i, s)| {
                let inter = s.intersection(&w).count() as f64;
                let union = (s.len() + w.len()) as f64 - inter;
                (if union > 0.0 { inter / union } else { 1.0 }, i)
            })
            .fold(None::<(f64, usize)>, |b, (j, i)| match b {
                Some((bj, _)) if bj >= j => b,
                _ => Some((j, i)),
            });
        match best {
            Some((j, i)) if j >= 1.0 => {
                used[i] = true;
                out.kept += 1;
            }
            Some((j, i)) if j >= 0.6 => {
                used[i] = true;
                out.edited.push((src[i].to_owned(), (*p).to_owned()));
            }
            _ => out.added.push((*p).to_owned()),
        }
    }
    out.cut = src
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(p, _)| (*p).to_owned())
        .collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sig(range: std::ops::Range<u64>) -> Signature {
        Signature::of(range)
    }

    #[test]
    fn credited_agency_is_the_origin_and_copies_point_to_it() {
        let (s1, s2, s3) = (sig(0..1000), sig(0..1000), sig(5000..6000));
        let ria = vec![];
        let credits = vec!["РИА Новости".to_owned()];
        let members = [
            Member {
                key: 2,
                outlet: Some("Sputnik Литва"),
                time: Some(200),
                credited: &credits,
                signature: &s2,
            },
            Member {
                key: 1,
                outlet: Some("РИА Новости"),
                time: Some(100),
                credited: &ria,
                signature: &s1,
            },
            Member {
                key: 3,
                outlet: Some("ТАСС"),
                time: Some(50),
                credited: &ria,
                signature: &s3,
            },
        ];
        let (origin, copies) = syndicate(&members);
        assert_eq!(origin, Some(1));
        assert_eq!(copies[0].copied_from, Some(1));
        assert!(copies[0].verbatim);
        assert_eq!(copies[1].copied_from, None);
        assert_eq!(copies[2].copied_from, None);
    }

    #[test]
    fn later_near_copies_point_to_the_most_similar_earlier_one() {
        let (a, b, c) = (sig(0..1000), sig(0..800), sig(0..790));
        let none = vec![];
        let m = |key, time, signature| Member {
            key,
            outlet: None,
            time,
            credited: &none,
            signature,
        };
        let members = [
            m(1, Some(10), &a),
            m(2, Some(20), &b),
            m(3, Some(30), &c),
            m(4, None, &a),
        ];
        let (origin, copies) = syndicate(&members);
        assert_eq!(origin, Some(1));
        assert_eq!(copies[2].copied_from, Some(2));
        assert!(!copies[1].verbatim);
        assert_eq!(copies[3].copied_from, None);
        assert!(copies[3].evidence.as_deref().unwrap().contains("no date"));
    }

    #[test]
    fn diff_finds_kept_edited_cut_and_added_paragraphs() {
        let source = "Первый абзац о событии в городе.\n\nВторой абзац с цитатой министра о переговорах.\n\nТретий абзац.";
        let copy = "Первый абзац о событии в городе.\n\nВторой абзац с цитатой министра о переговорах сторон.\n\nРеклама канала.";
        let d = diff("Заголовок", source, "Другой заголовок", copy);
        assert!(d.title_changed);
        assert_eq!(d.kept, 1);
        assert_eq!(d.edited.len(), 1);
        assert_eq!(d.cut, vec!["Третий абзац."]);
        assert_eq!(d.added, vec!["Реклама канала."]);
    }
}
