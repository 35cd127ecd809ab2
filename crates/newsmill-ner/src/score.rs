//! The NER metric of `shared/tools/ner_score.py`: exact span and type, micro and per type, and
//! normal-form accuracy over matched mentions that carry a gold label, and over those whose label
//! a reader of the document alone could write ("reachable").
use std::collections::{HashMap, HashSet};
use std::fmt::Write;

use newsmill_model::EntityType;

use crate::corpus::GoldDoc;

/// Predicted mentions of one document: `(start, end, type) → norm`.
pub type Predicted = HashMap<(usize, usize, EntityType), Option<String>>;

/// Counts behind the report.
#[derive(Debug, Default, Clone)]
pub struct Report {
    /// Documents in the gold set.
    pub docs: usize,
    /// Gold documents with a prediction.
    pub predicted_for: usize,
    tp: [usize; 3],
    fp: [usize; 3],
    fn_: [usize; 3],
    norm_ok: usize,
    norm_n: usize,
    reach_ok: usize,
    reach_n: usize,
}

/// The label as a reader of `text` could write it, or `None`: "нет данных" is no label,
/// "Surname, Name" reads as "Name Surname", and a label with a word the text never writes (no
/// word of the text starts with its first four letters: a patronymic, a foreign spelling) is
/// out of reach.
fn reachable_label(label: &str, text_stems: &std::collections::HashSet<String>) -> Option<String> {
    if crate::norm::fold(label) == "нет данных" {
        return None;
    }
    let label = match label.split_once(", ") {
        Some((surname, name))
            if !surname.is_empty()
                && !name.is_empty()
                && !name.contains(',')
                && !surname.contains(',') =>
        {
            format!("{name} {surname}")
        }
        _ => label.to_owned(),
    };
    let folded = crate::norm::fold(&label);
    let reachable = newsmill_nlp::word_runs(&folded)
        .all(|w| text_stems.contains(&w.chars().take(4).collect::<String>()));
    reachable.then_some(label)
}

fn idx(t: EntityType) -> usize {
    match t {
        EntityType::Per => 0,
        EntityType::Loc => 1,
        EntityType::Org => 2,
    }
}

fn prf(tp: usize, fp: usize, fn_: usize) -> (f64, f64, f64) {
    let p = if tp + fp > 0 {
        tp as f64 / (tp + fp) as f64
    } else {
        0.0
    };
    let r = if tp + fn_ > 0 {
        tp as f64 / (tp + fn_) as f64
    } else {
        0.0
    };
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

impl Report {
    /// Scores `pred` (by document id) against `gold`.
    pub fn new(gold: &[GoldDoc], pred: &HashMap<String, Predicted>, nested: bool) -> Report {
        let mut r = Report {
            docs: gold.iter().map(|g| &g.id).collect::<HashSet<_>>().len(),
            ..Report::default()
        };
        let empty = Predicted::new();
        for g in gold {
            let ps = match pred.get(&g.id) {
                Some(ps) => {
                    r.predicted_for += 1;
                    ps
                }
                None => &empty,
            };
            let gs: HashMap<(usize, usize, EntityType), Option<&str>> = g
                .scored(nested)
                .into_iter()
                .map(|(s, e, t, l)| ((s, e, t), l))
                .collect();
            for k in ps.keys() {
                if gs.contains_key(k) {
                    r.tp[idx(k.2)] += 1;
                } else {
                    r.fp[idx(k.2)] += 1;
                }
            }
            let text_stems = newsmill_nlp::word_stems(&crate::norm::fold(&g.text), 4);
            for (k, label) in &gs {
                match ps.get(k) {
                    None => r.fn_[idx(k.2)] += 1,
                    Some(norm) => {
                        if let (Some(label), Some(norm)) = (label, norm) {
                            if !label.is_empty() {
                                r.norm_n += 1;
                                r.norm_ok +=
                                    (crate::norm::fold(norm) == crate::norm::fold(label)) as usize;
                                if let Some(label) = reachable_label(label, &text_stems) {
                                    r.reach_n += 1;
                                    r.reach_ok += (crate::norm::fold(norm)
                                        == crate::norm::fold(&label))
                                        as usize;
                                }
                            }
                        }
                    }
                }
            }
        }
        r
    }

    /// Micro F1.
    pub fn micro_f1(&self) -> f64 {
        prf(
            self.tp.iter().sum(),
            self.fp.iter().sum(),
            self.fn_.iter().sum(),
        )
        .2
    }

    /// Normal-form accuracy, when any matched mention had a gold label.
    pub fn norm_accuracy(&self) -> Option<f64> {
        (self.norm_n > 0).then(|| self.norm_ok as f64 / self.norm_n as f64)
    }

    /// Normal-form accuracy over matched mentions whose gold label the text supports.
    pub fn reachable_norm_accuracy(&self) -> Option<f64> {
        (self.reach_n > 0).then(|| self.reach_ok as f64 / self.reach_n as f64)
    }

    /// The report exactly as the Python scorer prints it.
    pub fn render(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "docs {}  predicted for {}",
            self.docs, self.predicted_for
        );
        for t in EntityType::ALL {
            let i = idx(t);
            let (p, r, f) = prf(self.tp[i], self.fp[i], self.fn_[i]);
            let _ = writeln!(
                s,
                "{}  P {p:.3}  R {r:.3}  F1 {f:.3}  (gold {})",
                t.as_str(),
                self.tp[i] + self.fn_[i]
            );
        }
        let (p, r, f) = prf(
            self.tp.iter().sum(),
            self.fp.iter().sum(),
            self.fn_.iter().sum(),
        );
        if let Some(a) = self.norm_accuracy() {
            let _ = writeln!(
                s,
                "norm accuracy {a:.3} over {} matched mentions with a gold label",
                self.norm_n
            );
        }
        if let Some(a) = self.reachable_norm_accuracy() {
            let _ = writeln!(
                s,
                "norm accuracy (reachable) {a:.3} over {} matched mentions whose label the text supports",
                self.reach_n
            );
        }
        let _ = writeln!(s, "micro  P {p:.3}  R {r:.3}  F1 {f:.3}");
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_a_reader_could_not_write_are_out_of_reach() {
        let stems = newsmill_nlp::word_stems(&crate::norm::fold("Ивану Жданову вручили орден"), 4);
        assert_eq!(
            reachable_label("Иван Жданов", &stems).as_deref(),
            Some("Иван Жданов")
        );
        assert_eq!(
            reachable_label("Жданов, Иван", &stems).as_deref(),
            Some("Иван Жданов")
        );
        assert_eq!(reachable_label("Иван Фёдорович Жданов", &stems), None);
        assert_eq!(reachable_label("нет данных", &stems), None);
    }
}
