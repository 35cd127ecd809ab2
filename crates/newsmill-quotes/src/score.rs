//! The quote metric of `shared/tools/quote_score.py`, to the same numbers: a predicted quote
//! matches a gold one when their spans overlap by at least half of the longer (one-to-one, greedy
//! by overlap); speaker accuracy over matched quotes (a name that holds every word of the gold
//! name, or all of it from two words up, is right; where the gold speaker is the attributing
//! mention as written, `эксперт`, finding that mention is enough); end-to-end F1 counting a match
//! only with the right speaker; the same per kind.
use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use crate::gold::{GoldDoc, GoldQuote};

/// Case-folded, `ё` as `е`, trimmed: how speaker names are compared.
pub fn fold(s: &str) -> String {
    s.to_lowercase().replace('ё', "е").trim().to_owned()
}

/// A predicted document as the scorer reads it: a newsmill record or the gold format.
#[derive(Debug, Clone, Deserialize)]
pub struct PredDoc {
    /// The id (string or number).
    #[serde(default)]
    pub id: serde_json::Value,
    /// Quotes, each with `kind`, `start`, `end` and a speaker (object, name or null).
    #[serde(default)]
    pub quotes: Option<Vec<serde_json::Value>>,
    /// Entities, for speakers that name theirs by index.
    #[serde(default)]
    pub entities: Option<Vec<serde_json::Value>>,
}

impl PredDoc {
    /// The id as Python's `str()` would render it.
    pub fn key(&self) -> String {
        match &self.id {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => "None".to_owned(),
            v => v.to_string(),
        }
    }
}

struct Q {
    s: i64,
    e: i64,
    kind: Option<String>,
    spk: String,
    alt: HashSet<String>,
    ss: Option<i64>,
    se: Option<i64>,
    /// Gold only: the speaker is the attributing mention itself (`эксперт`, `собеседник
    /// издания`), not a pronoun or a short form resolved to a name.
    as_written: bool,
}

/// The first four characters of each word of `s`, folded: the scorer's test that a mention
/// writes a name's words in some inflection.
fn stems(s: &str) -> HashSet<String> {
    newsmill_nlp::word_stems(&fold(s), 4)
}

/// Equal, or one name holds every word of the other and the shorter has two words or more:
/// "иван федорович жданов" names "иван жданов"; "жданов" alone does not.
fn same_name(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let x: HashSet<&str> = newsmill_nlp::word_runs(a).collect();
    let y: HashSet<&str> = newsmill_nlp::word_runs(b).collect();
    let (small, big) = if x.len() <= y.len() { (x, y) } else { (y, x) };
    small.len() >= 2 && small.is_subset(&big)
}

fn gold_quotes(d: &GoldDoc) -> Vec<Q> {
    // As the reference scorer: only a text the gold file holds itself.
    let own_text = if d.joined { None } else { d.text.as_deref() };
    let chars: Vec<char> = own_text.unwrap_or("").chars().collect();
    d.quotes
        .iter()
        .map(|q: &GoldQuote| {
            let spk = fold(q.speaker.as_deref().unwrap_or(""));
            let written = match (q.speaker_start, q.speaker_end) {
                (Some(s), Some(e)) => {
                    let (s, e) = (s.min(chars.len()), e.min(chars.len()));
                    Some(chars[s..e.max(s)].iter().collect::<String>())
                }
                (Some(s), None) => Some(chars[s.min(chars.len())..].iter().collect()),
                _ => None,
            };
            let as_written =
                !spk.is_empty() && written.is_some_and(|w| stems(&spk).is_subset(&stems(&w)));
            Q {
                s: q.start as i64,
                e: q.end as i64,
                kind: q.kind.clone(),
                alt: q.speaker_alt.iter().map(|a| fold(a)).collect(),
                spk,
                ss: q.speaker_start.map(|v| v as i64),
                se: q.speaker_end.map(|v| v as i64),
                as_written,
            }
        })
        .collect()
}

fn pred_quotes(d: &PredDoc) -> Vec<Q> {
    let norms: HashMap<String, String> = d
        .entities
        .iter()
        .flatten()
        .filter_map(|e| {
            let id = e.get("id")?.to_string();
            let norm = e.get("norm")?.as_str()?.to_owned();
            Some((id, norm))
        })
        .collect();
    let int = |v: Option<&serde_json::Value>| v.and_then(serde_json::Value::as_i64);
    let truthy = |v: Option<&serde_json::Value>| -> Option<String> {
        v.and_then(|v| v.as_str())
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    d.quotes
        .iter()
        .flatten()
        .map(|q| {
            let sp = q.get("speaker");
            let (name, ss, se) = match sp {
                Some(serde_json::Value::Object(o)) => {
                    let by_entity = o
                        .get("entity")
                        .filter(|v| !v.is_null())
                        .and_then(|v| norms.get(&v.to_string()).cloned())
                        .filter(|s| !s.is_empty());
                    let name = truthy(o.get("norm"))
                        .or(by_entity)
                        .or_else(|| truthy(o.get("text")));
                    (name, int(o.get("start")), int(o.get("end")))
                }
                other => (
                    other.and_then(|v| v.as_str()).map(str::to_owned),
                    int(q.get("speaker_start")),
                    int(q.get("speaker_end")),
                ),
            };
            Q {
                s: int(q.get("start")).unwrap_or(0),
                e: int(q.get("end")).unwrap_or(0),
                kind: q.get("kind").and_then(|k| k.as_str()).map(str::to_owned),
                spk: fold(name.as_deref().unwrap_or("")),
                alt: HashSet::new(),
                ss,
                se,
                as_written: false,
            }
        })
        .collect()
}

fn overlap(a: &Q, b: &Q) -> i64 {
    (a.e.min(b.e) - a.s.max(b.s)).max(0)
}

fn speaker_ok(g: &Q, p: &Q) -> bool {
    if !g.spk.is_empty() {
        let spans_meet = match (g.ss, g.se, p.ss, p.se) {
            (Some(gs), Some(ge), Some(ps), Some(pe)) => (ge.min(pe) - gs.max(ps)).max(0) > 0,
            _ => false,
        };
        return std::iter::once(&g.spk)
            .chain(&g.alt)
            .any(|n| same_name(&p.spk, n))
            || (g.as_written && spans_meet);
    }
    match (g.ss, g.se) {
        (None, _) => p.spk.is_empty() && p.ss.is_none(),
        (Some(gs), Some(ge)) => match (p.ss, p.se) {
            (Some(ps), Some(pe)) => (ge.min(pe) - gs.max(ps)).max(0) > 0,
            _ => false,
        },
        (Some(_), None) => false,
    }
}

/// Counts of one kind (or of all quotes).
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    gold: usize,
    pred: usize,
    tp_r: usize,
    tp_p: usize,
    spk_r: usize,
    spk_p: usize,
}

/// The scored comparison of predictions with a gold set.
pub struct Report {
    docs: usize,
    predicted_for: usize,
    counts: HashMap<String, Counts>,
}

impl Report {
    /// Scores `pred` (by document id) against `gold`.
    pub fn new(gold: &[GoldDoc], pred: &HashMap<String, PredDoc>) -> Report {
        let mut counts: HashMap<String, Counts> = HashMap::new();
        let key_of = |k: &Option<String>| k.clone().unwrap_or_else(|| "None".to_owned());
        // Python keeps the last line for a repeated id.
        let mut by_id: Vec<&GoldDoc> = Vec::new();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for g in gold {
            match seen.get(g.id.as_str()) {
                Some(&i) => by_id[i] = g,
                None => {
                    seen.insert(&g.id, by_id.len());
                    by_id.push(g);
                }
            }
        }
        let empty = PredDoc {
            id: serde_json::Value::Null,
            quotes: None,
            entities: None,
        };
        let mut predicted_for = 0;
        for g in &by_id {
            let p = pred.get(&g.id);
            predicted_for += p.is_some() as usize;
            let gq = gold_quotes(g);
            let pq = pred_quotes(p.unwrap_or(&empty));
            let mut pairs: Vec<(i64, usize, usize)> = Vec::new();
            for (i, a) in gq.iter().enumerate() {
                for (j, b) in pq.iter().enumerate() {
                    pairs.push((overlap(a, b), i, j));
                }
            }
            pairs.sort_unstable_by(|a, b| b.cmp(a));
            let (mut ug, mut up) = (HashSet::new(), HashSet::new());
            for (ov, i, j) in pairs {
                if ov == 0 || ug.contains(&i) || up.contains(&j) {
                    continue;
                }
                if ov * 2 < (gq[i].e - gq[i].s).max(pq[j].e - pq[j].s) {
                    continue;
                }
                ug.insert(i);
                up.insert(j);
                let ok = speaker_ok(&gq[i], &pq[j]) as usize;
                for key in ["all".to_owned(), key_of(&gq[i].kind)] {
                    let c = counts.entry(key).or_default();
                    c.tp_r += 1;
                    c.spk_r += ok;
                }
                for key in ["all".to_owned(), key_of(&pq[j].kind)] {
                    let c = counts.entry(key).or_default();
                    c.tp_p += 1;
                    c.spk_p += ok;
                }
            }
            for q in &gq {
                counts.entry("all".to_owned()).or_default().gold += 1;
                counts.entry(key_of(&q.kind)).or_default().gold += 1;
            }
            for q in &pq {
                counts.entry("all".to_owned()).or_default().pred += 1;
                counts.entry(key_of(&q.kind)).or_default().pred += 1;
            }
        }
        Report {
            docs: by_id.len(),
            predicted_for,
            counts,
        }
    }

    /// (P, R, F1, speaker accuracy, end-to-end F1) of one kind, or of `all`.
    pub fn figures(&self, key: &str) -> Option<(f64, f64, f64, f64, f64)> {
        let c = self.counts.get(key).copied().unwrap_or_default();
        if c.gold == 0 && c.pred == 0 {
            return None;
        }
        let ratio = |a: usize, b: usize| if b > 0 { a as f64 / b as f64 } else { 0.0 };
        let f = |a: f64, b: f64| {
            if a + b > 0.0 {
                2.0 * a * b / (a + b)
            } else {
                0.0
            }
        };
        let p = ratio(c.tp_p, c.pred);
        let r = ratio(c.tp_r, c.gold);
        let e2e = f(ratio(c.spk_p, c.pred), ratio(c.spk_r, c.gold));
        let acc = ratio(c.spk_r, c.tp_r);
        Some((p, r, f(p, r), acc, e2e))
    }

    /// The report as `quote_score.py` prints it.
    pub fn render(&self) -> String {
        let mut out = format!("docs {}  predicted for {}\n", self.docs, self.predicted_for);
        for key in ["direct", "indirect", "mixed", "all"] {
            let Some((p, r, f1, acc, e2e)) = self.figures(key) else {
                continue;
            };
            let c = self.counts.get(key).copied().unwrap_or_default();
            out.push_str(&format!(
                "{key:8} gold {:4}  pred {:4}  P {p:.3}  R {r:.3}  F1 {f1:.3}  speaker acc {acc:.3}  end-to-end F1 {e2e:.3}\n",
                c.gold, c.pred
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_with_a_patronymic_more_is_the_same_speaker_but_a_surname_alone_is_not() {
        assert!(same_name("иван федорович жданов", "иван жданов"));
        assert!(same_name("иван жданов", "иван федорович жданов"));
        assert!(!same_name("жданов", "иван жданов"));
        assert!(!same_name("иван петров", "иван жданов"));
    }

    #[test]
    fn a_speaker_written_as_a_role_is_found_by_its_mention() {
        let gold: GoldDoc = serde_json::from_str(
            r#"{"id": "1", "text": "Как отметил эксперт, рост продолжится.",
                "quotes": [{"kind": "indirect", "start": 21, "end": 37,
                            "speaker_start": 12, "speaker_end": 19, "speaker": "эксперт"}]}"#,
        )
        .unwrap();
        let g = &gold_quotes(&gold)[0];
        assert!(g.as_written);
        let pred = |name: &str, ss: i64, se: i64| Q {
            s: 21,
            e: 37,
            kind: None,
            spk: name.to_owned(),
            alt: HashSet::new(),
            ss: Some(ss),
            se: Some(se),
            as_written: false,
        };
        // The mention found, whatever entity it was resolved to; a mention elsewhere is wrong.
        assert!(speaker_ok(g, &pred("иван жданов", 12, 19)));
        assert!(!speaker_ok(g, &pred("иван жданов", 0, 3)));
        // A stand-off document (text joined from a corpus) is scored as the reference does.
        let mut joined = gold.clone();
        joined.joined = true;
        assert!(!gold_quotes(&joined)[0].as_written);
    }
}
