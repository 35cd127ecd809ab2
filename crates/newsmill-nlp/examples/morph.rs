//! Prints the analyses of each word given on the command line (a debugging aid).
use newsmill_nlp::morph::{morph, Case};

fn main() {
    for w in std::env::args().skip(1) {
        for p in morph().analyze(&w) {
            println!(
                "{w}: lemma={} tag={} known={} nomn={:?}",
                p.lemma,
                p.tag.text,
                p.known,
                p.inflect(Case::Nomn, None)
            );
        }
    }
}
