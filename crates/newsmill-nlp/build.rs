//! Compiles the OpenCorpora dictionary (pymorphy2's DAWG format, shipped by the `rsmorphy-dict-ru`
//! crate on crates.io) into newsmill's own compact format in `OUT_DIR`:
//!
//! - `words.fst`: an `fst::Set` of `word \x01 paradigm(u16 BE) form(u16 BE)`, one key per analysis
//!   (words spelt with ё also under their е spelling);
//! - `predict.fst`: `reversed-free suffix \x01 count(u16 BE) paradigm form`, for unknown words;
//! - `paradigms.bin`: per paradigm, `u16` count then `3n` little-endian `u16` (suffix, tag, prefix ids);
//! - `suffixes.txt`, `tags.txt`, `prefixes.txt`: NUL-separated string tables.
//!
//! Only the DAWG *reading* is done here (dawgdic's unit layout and completer); lookups at run time go
//! through the `fst` crate. See docs/decisions/0006-morphology.md.
use std::env;
use std::fs::{self, File};
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use flate2::read::GzDecoder;

fn main() {
    let src = PathBuf::from(rsmorphy_dict_ru::DICT_PATH);
    let out = PathBuf::from(env::var("OUT_DIR").expect("OUT_DIR"));
    println!("cargo:rerun-if-changed=build.rs");
    let read = |name: &str| -> Vec<u8> {
        let mut buf = Vec::new();
        GzDecoder::new(File::open(src.join(name)).unwrap_or_else(|e| panic!("{name}: {e}")))
            .read_to_end(&mut buf)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        buf
    };
    let json = |name: &str| -> serde_json::Value {
        serde_json::from_slice(&read(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    let strings = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .expect("array")
            .iter()
            .map(|s| s.as_str().expect("string").to_owned())
            .collect()
    };
    write_table(
        &out.join("suffixes.txt"),
        &strings(&json("suffixes.json.gz")),
    );
    write_table(
        &out.join("tags.txt"),
        &strings(&json("gramtab-opencorpora-int.json.gz")),
    );
    let meta = json("meta.json.gz");
    let prefixes = meta
        .as_array()
        .expect("meta")
        .iter()
        .find(|kv| kv[0] == "compile_options")
        .map(|kv| strings(&kv[1]["paradigm_prefixes"]))
        .expect("paradigm_prefixes");
    write_table(&out.join("prefixes.txt"), &prefixes);
    fs::write(out.join("paradigms.bin"), read("paradigms.array.gz")).expect("paradigms");

    let words = Dawg::parse(&read("words.dawg.gz"));
    build_set(&words, 4, &out.join("words.fst"));
    let predict = Dawg::parse(&read("prediction-suffixes-0.dawg.gz"));
    build_set(&predict, 6, &out.join("predict.fst"));
}

fn write_table(path: &Path, items: &[String]) {
    fs::write(path, items.join("\0")).expect("write table");
}

/// Every `key \x01 base64(payload)` of a BytesDAWG, re-encoded as `key \x01 payload` and inserted in
/// sorted order into an `fst::Set`.
fn build_set(dawg: &Dawg, payload_len: usize, path: &Path) {
    let mut keys: Vec<Vec<u8>> = Vec::new();
    dawg.for_each_key(|full| {
        let sep = full
            .iter()
            .position(|&b| b == 1)
            .expect("payload separator");
        let payload = base64(&full[sep + 1..]);
        assert_eq!(payload.len(), payload_len, "payload length");
        let mut key = full[..=sep].to_vec();
        key.extend_from_slice(&payload);
        // Texts mostly write ё as е: index those words under the е spelling too, so a lookup
        // is one range query whatever the spelling.
        let word = std::str::from_utf8(&full[..sep]).expect("UTF-8 key");
        if word.contains('ё') {
            let mut plain = word.replace('ё', "е").into_bytes();
            plain.extend_from_slice(&key[sep..]);
            keys.push(plain);
        }
        keys.push(key);
    });
    keys.sort_unstable();
    keys.dedup();
    let mut builder = fst::SetBuilder::new(BufWriter::new(File::create(path).expect("create")))
        .expect("fst builder");
    for k in &keys {
        builder.insert(k).expect("sorted keys");
    }
    builder.into_inner().expect("fst").flush().expect("flush");
}

fn base64(text: &[u8]) -> Vec<u8> {
    let val = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => (c - b'A') as u32,
            b'a'..=b'z' => (c - b'a' + 26) as u32,
            b'0'..=b'9' => (c - b'0' + 52) as u32,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("bad base64 byte {c}"),
        }
    };
    let mut out = Vec::new();
    // dawg-python writes `binascii.b2a_base64`, which ends each payload with a newline.
    let text: Vec<u8> = text.iter().copied().filter(|&c| c != b'\n').collect();
    for chunk in text.chunks(4) {
        let pad = chunk.iter().filter(|&&c| c == b'=').count();
        let mut n = 0u32;
        for &c in chunk {
            n = (n << 6) | if c == b'=' { 0 } else { val(c) };
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    out
}

/// A dawgdic dictionary with its guide: enough to enumerate every key.
struct Dawg {
    units: Vec<u32>,
    guide: Vec<u8>,
}

impl Dawg {
    fn parse(bytes: &[u8]) -> Self {
        let n = u32::from_le_bytes(bytes[0..4].try_into().unwrap()) as usize;
        let units: Vec<u32> = bytes[4..4 + 4 * n]
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes(c.try_into().unwrap()))
            .collect();
        let rest = &bytes[4 + 4 * n..];
        let g = u32::from_le_bytes(rest[0..4].try_into().unwrap()) as usize;
        let guide = rest[4..4 + 2 * g].to_vec();
        Dawg { units, guide }
    }
    fn offset(unit: u32) -> u32 {
        (unit >> 10) << ((unit & (1 << 9)) >> 6)
    }
    fn label(unit: u32) -> u32 {
        unit & ((1 << 31) | 0xFF)
    }
    fn has_leaf(unit: u32) -> bool {
        (unit >> 8) & 1 == 1
    }
    fn follow(&self, label: u8, index: u32) -> Option<u32> {
        let next = index ^ Self::offset(self.units[index as usize]) ^ label as u32;
        (Self::label(self.units[next as usize]) == label as u32).then_some(next)
    }
    fn child(&self, index: u32) -> u8 {
        self.guide[index as usize * 2]
    }
    fn sibling(&self, index: u32) -> u8 {
        self.guide[index as usize * 2 + 1]
    }
    /// Depth-first walk over the guide, calling `f` with each complete key (dawgdic's Completer).
    fn for_each_key(&self, mut f: impl FnMut(&[u8])) {
        let mut key: Vec<u8> = Vec::new();
        let mut stack: Vec<u32> = vec![0];
        let mut first = true;
        loop {
            let mut index = *stack.last().expect("stack");
            if !first {
                let child = self.child(index);
                if child != 0 {
                    index = self.follow(child, index).expect("guide child");
                    key.push(child);
                    stack.push(index);
                } else {
                    loop {
                        let sibling = self.sibling(index);
                        key.pop();
                        stack.pop();
                        let Some(&top) = stack.last() else { return };
                        index = top;
                        if sibling != 0 {
                            index = self.follow(sibling, index).expect("guide sibling");
                            key.push(sibling);
                            stack.push(index);
                            break;
                        }
                    }
                }
            }
            first = false;
            while !Self::has_leaf(self.units[index as usize]) {
                let label = self.child(index);
                index = self.follow(label, index).expect("guide path");
                key.push(label);
                stack.push(index);
            }
            f(&key);
        }
    }
}
