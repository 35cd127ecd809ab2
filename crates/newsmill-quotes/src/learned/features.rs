//! Token features of the attribution tagger: the word and its shape, its neighbours, whether it
//! stands inside quotation marks, and where the nearest cue word of its sentence is. The cue words
//! are learned from the training set's cue spans ([`super::CueWords`]), so the tagger sees a
//! clause's speech verb however far the content runs from it.
use std::ops::Range;

use newsmill_model::EntityType;
use newsmill_ner::features::{fnv, shape, BITS};
use newsmill_nlp::token::Kind;

use super::CueWords;
use crate::Doc;

struct Sink<'b> {
    out: &'b mut Vec<u32>,
}

impl Sink<'_> {
    /// Adds the feature `template = parts…`, hashing the parts in turn (no string is built).
    fn add_all(&mut self, template: &str, parts: &[&str]) {
        let mut h = fnv(0x84222325cbf29ce4, template.as_bytes()) ^ 0xff;
        for p in parts {
            h = fnv(h, p.as_bytes()) ^ 0x1f;
        }
        self.out.push((h >> (64 - BITS)) as u32);
    }

    fn add(&mut self, template: &str, value: &str) {
        self.add_all(template, &[value]);
    }
}

/// Which double quotation marks of a window open and close, and which tokens they enclose.
pub(super) struct Quoting {
    /// Per token of the window: inside a pair of double quotation marks.
    pub inside: Vec<bool>,
}

impl Quoting {
    /// Pairs `“ ”` by direction and straight `"` by alternation, within the window.
    pub(super) fn new(doc: &Doc, window: &Range<usize>) -> Quoting {
        let mut inside = vec![false; window.len()];
        let mut open: Option<usize> = None;
        for i in window.clone() {
            if doc.toks[i].kind != Kind::Quote {
                continue;
            }
            match (doc.word(i), open) {
                ("“" | "«" | "„", _) => open = Some(i),
                ("”" | "»", Some(o)) | ("\"", Some(o)) => {
                    for slot in &mut inside[o + 1 - window.start..i - window.start] {
                        *slot = true;
                    }
                    open = None;
                }
                ("\"", None) => open = Some(i),
                _ => {}
            }
        }
        Quoting { inside }
    }
}

fn bucket(d: usize) -> &'static str {
    match d {
        0 => "0",
        1 => "1",
        2 => "2",
        3..=4 => "3-4",
        5..=8 => "5-8",
        9..=16 => "9-16",
        _ => "17+",
    }
}

fn suffix(word: &str, n: usize) -> &str {
    let k = word.char_indices().rev().nth(n - 1).map_or(0, |(k, _)| k);
    &word[k..]
}

/// Hashed features of each token of `window`.
/// `quoting` is the window's own ([`Quoting::new`]), which decoding reads as well.
pub(super) fn window_features(
    doc: &Doc,
    window: Range<usize>,
    cues: &CueWords,
    quoting: &Quoting,
) -> Vec<Vec<u32>> {
    let n = window.len();
    let at = |k: isize| -> &str {
        let i = window.start as isize + k;
        if i < window.start as isize || i >= window.end as isize {
            "<>"
        } else {
            doc.word(i as usize)
        }
    };
    let cueish: Vec<bool> = window.clone().map(|i| cues.contains(doc.word(i))).collect();
    // Nearest cue word to the left and right within the sentence, by window index.
    let mut left = vec![None; n];
    let mut right = vec![None; n];
    for k in 0..n {
        let i = window.start + k;
        if k > 0 && doc.sent_of[i] == doc.sent_of[i - 1] {
            left[k] = if cueish[k - 1] {
                Some(k - 1)
            } else {
                left[k - 1]
            };
        }
    }
    for k in (0..n).rev() {
        let i = window.start + k;
        if k + 1 < n && doc.sent_of[i] == doc.sent_of[i + 1] {
            right[k] = if cueish[k + 1] {
                Some(k + 1)
            } else {
                right[k + 1]
            };
        }
    }
    // Running counts of a few marks, so that "is there one between a and b" is a subtraction.
    let running = |words: &[&str]| -> Vec<u32> {
        let mut acc = vec![0u32; n + 1];
        for k in 0..n {
            acc[k + 1] = acc[k] + u32::from(words.contains(&doc.word(window.start + k)));
        }
        acc
    };
    let (pauses, thats, commas, marks) = (
        running(&[",", ":"]),
        running(&["that"]),
        running(&[",", ";"]),
        running(&["“", "”", "\""]),
    );
    let any = |acc: &[u32], a: usize, b: usize| acc[b.max(a)] > acc[a];
    let flag = |b: bool| if b { "1" } else { "0" };
    let mut out = Vec::with_capacity(n);
    for k in 0..n {
        let i = window.start + k;
        let mut fs = Vec::with_capacity(40);
        let mut s = Sink { out: &mut fs };
        let w = doc.word(i);
        let raw = doc.toks[i].text(doc.text);
        let q = if quoting.inside[k] { "in" } else { "out" };
        s.add("b", "");
        s.add("w", w);
        s.add("sh", &shape(raw));
        s.add("s3", suffix(w, 3));

        s.add("w-1", at(k as isize - 1));
        s.add("w+1", at(k as isize + 1));
        s.add("w-2", at(k as isize - 2));
        s.add("w+2", at(k as isize + 2));
        s.add_all("w-1w", &[at(k as isize - 1), w]);
        s.add_all("ww+1", &[w, at(k as isize + 1)]);
        s.add("q", q);
        s.add_all("wq", &[w, q]);
        s.add("cue", if cueish[k] { "y" } else { "n" });
        let sent = &doc.sents[doc.sent_of[i]];
        let pos = i - sent.start;
        s.add("sp", bucket(pos));
        s.add("se", bucket(sent.end - 1 - i));
        if let Some(m) = doc.mention_at[i] {
            let kind = match doc.entities[doc.mentions[m].entity].kind {
                EntityType::Per => "per",
                EntityType::Loc => "loc",
                EntityType::Org => "org",
            };
            let part = if doc.mentions[m].first == i { "b" } else { "i" };
            s.add_all("ent", &[kind, part]);
        }
        let comma_between = |a: usize, b: usize| any(&pauses, a.min(b), a.max(b));
        match left[k] {
            Some(c) => {
                let d = bucket(k - c);
                let cw = doc.word(window.start + c);
                s.add("cl", cw);
                s.add("cld", d);
                s.add_all("cldq", &[d, q]);
                s.add("clc", if comma_between(c, k) { "y" } else { "n" });
                s.add_all("clw", &[cw, doc.word(window.start + c + 1)]);
                // What lies between the cue and this token: "that", a comma, a quotation mark.
                s.add_all(
                    "clb",
                    &[
                        flag(any(&thats, c + 1, k)),
                        flag(any(&commas, c + 1, k)),
                        flag(any(&marks, c + 1, k)),
                    ],
                );
            }
            None => s.add("cl", "-"),
        }
        match right[k] {
            Some(c) => {
                let d = bucket(c - k);
                let cw = doc.word(window.start + c);
                s.add("cr", cw);
                s.add("crd", d);
                s.add_all("crdq", &[d, q]);
                s.add("crc", if comma_between(c, k) { "y" } else { "n" });
                s.add_all("crw", &[doc.word(window.start + c - 1), cw]);
            }
            None => s.add("cr", "-"),
        }
        let has = |x: Option<usize>| if x.is_some() { "y" } else { "n" };
        s.add_all("lr", &[has(left[k]), has(right[k]), q]);
        out.push(fs);
    }
    out
}
