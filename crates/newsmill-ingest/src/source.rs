use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::bufread::MultiGzDecoder;
use newsmill_model::{Format, Origin, RawDoc};

use crate::jsonl::JsonlReader;
use crate::warc::WarcReader;
use crate::IngestError;

/// Limits and choices for reading.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Documents larger than this many bytes (after decompression) are skipped with
    /// [`IngestError::TooLarge`]; they are never loaded whole. Default 32 MiB.
    pub max_doc_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_doc_bytes: 32 << 20,
        }
    }
}

/// What an input holds, by name or by its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// One HTML page.
    Html,
    /// One page of scraped text.
    Text,
    /// JSON lines, one document each.
    Jsonl,
    /// A WARC archive.
    Warc,
    /// An RSS or Atom feed.
    Feed,
}

impl InputKind {
    /// The kind a file name says, if it says one (`.gz` and `.zst` are looked through).
    pub fn from_name(name: &str) -> Option<InputKind> {
        let lower = name.to_ascii_lowercase();
        let stem = lower
            .strip_suffix(".gz")
            .or_else(|| lower.strip_suffix(".zst"))
            .unwrap_or(&lower);
        let ext = stem.rsplit_once('.').map(|(_, e)| e)?;
        Some(match ext {
            "html" | "htm" | "xhtml" | "shtml" => InputKind::Html,
            "txt" | "text" => InputKind::Text,
            "jsonl" | "ndjson" => InputKind::Jsonl,
            "warc" | "arc" => InputKind::Warc,
            "rss" | "atom" | "xml" => InputKind::Feed,
            _ => return None,
        })
    }

    /// The kind the first bytes of a (decompressed) input suggest.
    pub fn sniff(head: &[u8]) -> InputKind {
        let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
        let start = head
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(head.len());
        let head = &head[start..];
        let lower: Vec<u8> = head.iter().take(512).map(u8::to_ascii_lowercase).collect();
        if head.starts_with(b"WARC/") {
            InputKind::Warc
        } else if head.starts_with(b"{") {
            InputKind::Jsonl
        } else if lower.starts_with(b"<?xml")
            && (memchr::memmem::find(&lower, b"<rss").is_some()
                || memchr::memmem::find(&lower, b"<feed").is_some()
                || memchr::memmem::find(&lower, b"<rdf").is_some())
            || lower.starts_with(b"<rss")
            || lower.starts_with(b"<feed")
        {
            InputKind::Feed
        } else if lower.starts_with(b"<") {
            InputKind::Html
        } else {
            InputKind::Text
        }
    }
}

type Walker = Box<dyn Iterator<Item = walkdir::Result<walkdir::DirEntry>> + Send>;
type DocIter = Box<dyn Iterator<Item = Result<RawDoc, IngestError>> + Send>;

/// A lazy stream of documents from a list of paths; see the crate documentation.
pub struct Documents {
    pending: VecDeque<PathBuf>,
    walker: Option<Walker>,
    current: Option<DocIter>,
    options: ReadOptions,
}

impl Documents {
    /// Documents from `paths`: files, directories (walked recursively, in name order, hidden
    /// entries skipped) and `-` for standard input.
    ///
    /// Symbolic links inside a directory are followed, to files and to directories alike (as
    /// ripgrep's `-L` does): a folder of links is a common way to gather a corpus. A dangling
    /// link or a link loop is an error for that entry, and the walk goes on.
    pub fn new<P: AsRef<Path>>(paths: &[P], options: ReadOptions) -> Self {
        Documents {
            pending: paths.iter().map(|p| p.as_ref().to_path_buf()).collect(),
            walker: None,
            current: None,
            options,
        }
    }

    fn next_file(&mut self) -> Option<Result<PathBuf, IngestError>> {
        loop {
            if let Some(walker) = &mut self.walker {
                match walker.next() {
                    Some(Ok(entry)) => {
                        if entry.file_type().is_file() && is_input_file(entry.path()) {
                            return Some(Ok(entry.into_path()));
                        }
                        continue;
                    }
                    Some(Err(e)) => {
                        let path = e.path().map(Path::to_path_buf).unwrap_or_default();
                        return Some(Err(IngestError::Io {
                            path,
                            source: e.into(),
                        }));
                    }
                    None => self.walker = None,
                }
            }
            let path = self.pending.pop_front()?;
            if path.as_os_str() != "-" && path.is_dir() {
                self.walker = Some(Box::new(
                    walkdir::WalkDir::new(&path)
                        .follow_links(true)
                        .sort_by_file_name()
                        .into_iter()
                        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name())),
                ));
                continue;
            }
            return Some(Ok(path));
        }
    }
}

impl Iterator for Documents {
    type Item = Result<RawDoc, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(current) = &mut self.current {
                match current.next() {
                    Some(item) => return Some(item),
                    None => self.current = None,
                }
            }
            match self.next_file()? {
                Ok(path) => match open_input(&path, &self.options) {
                    Ok(iter) => self.current = Some(iter),
                    Err(e) => return Some(Err(e)),
                },
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|s| s.starts_with('.'))
}

/// Inside directories, only files whose names say they are input (or have no extension) are
/// read; side files such as the benchmark's gold `.json` are passed over.
fn is_input_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    InputKind::from_name(name).is_some()
}

/// Opens one input: a file or `-`, decompressed when gzip, and returns its documents.
fn open_input(path: &Path, options: &ReadOptions) -> Result<DocIter, IngestError> {
    let io_err = |source| IngestError::Io {
        path: path.to_path_buf(),
        source,
    };
    let name = path.to_string_lossy().into_owned();
    let raw: Box<dyn BufRead + Send> = if name == "-" {
        Box::new(BufReader::with_capacity(1 << 16, io::stdin()))
    } else {
        let file = File::open(path).map_err(io_err)?;
        let size = file.metadata().map_err(io_err)?.len();
        // A single page over the limit is refused before a byte is read; containers (WARC,
        // JSONL, gzip) are streamed, and their documents checked one by one.
        let container = matches!(
            InputKind::from_name(&name),
            Some(InputKind::Warc | InputKind::Jsonl)
        ) || name.ends_with(".gz")
            || name.ends_with(".zst");
        if size > options.max_doc_bytes && !container {
            return Err(IngestError::TooLarge {
                what: name,
                size,
                limit: options.max_doc_bytes,
            });
        }
        Box::new(BufReader::with_capacity(1 << 16, file))
    };
    let mut reader = decompress(raw).map_err(io_err)?;
    let kind = match InputKind::from_name(&name) {
        Some(kind) => kind,
        None => InputKind::sniff(reader.fill_buf().map_err(io_err)?),
    };
    let origin = Origin {
        path: Some(name.clone()),
        ..Origin::default()
    };
    Ok(match kind {
        InputKind::Html | InputKind::Text => {
            let format = if kind == InputKind::Html {
                Format::Html
            } else {
                Format::Text
            };
            let doc = read_limited(&mut reader, options.max_doc_bytes, &name)
                .and_then(|bytes| {
                    if bytes.iter().all(u8::is_ascii_whitespace) {
                        Err(IngestError::Empty { what: name.clone() })
                    } else {
                        Ok(bytes)
                    }
                })
                .map(|bytes| RawDoc::new(origin, format, bytes));
            Box::new(std::iter::once(doc))
        }
        InputKind::Jsonl => Box::new(JsonlReader::new(
            reader,
            path.to_path_buf(),
            options.max_doc_bytes,
        )),
        InputKind::Warc => Box::new(WarcReader::new(
            reader,
            path.to_path_buf(),
            options.max_doc_bytes,
        )),
        InputKind::Feed => {
            let docs = read_limited(&mut reader, options.max_doc_bytes, &name)
                .and_then(|bytes| crate::feed::parse_feed(&bytes, path));
            match docs {
                Ok(docs) => Box::new(docs.into_iter().map(Ok)),
                Err(e) => Box::new(std::iter::once(Err(e))),
            }
        }
    })
}

/// Wraps `reader` in a gzip or zstd decoder when its first bytes are that format's magic.
pub(crate) fn decompress(
    mut reader: Box<dyn BufRead + Send>,
) -> io::Result<Box<dyn BufRead + Send>> {
    let head = reader.fill_buf()?;
    if head.starts_with(&[0x1f, 0x8b]) {
        Ok(Box::new(BufReader::with_capacity(
            1 << 16,
            MultiGzDecoder::new(reader),
        )))
    } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        Ok(Box::new(BufReader::with_capacity(
            1 << 16,
            zstd::stream::read::Decoder::with_buffer(reader)?,
        )))
    } else {
        Ok(reader)
    }
}

/// Reads at most `limit` bytes; more is [`IngestError::TooLarge`] without reading the rest.
pub(crate) fn read_limited(
    reader: &mut dyn BufRead,
    limit: u64,
    what: &str,
) -> Result<Vec<u8>, IngestError> {
    let mut bytes = Vec::new();
    reader
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| IngestError::Io {
            path: PathBuf::from(what),
            source,
        })?;
    if bytes.len() as u64 > limit {
        return Err(IngestError::TooLarge {
            what: what.to_string(),
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_decide_kind() {
        assert_eq!(InputKind::from_name("a/b.HTML"), Some(InputKind::Html));
        assert_eq!(InputKind::from_name("x.warc.gz"), Some(InputKind::Warc));
        assert_eq!(InputKind::from_name("x.jsonl.zst"), Some(InputKind::Jsonl));
        assert_eq!(InputKind::from_name("feed.rss"), Some(InputKind::Feed));
        assert_eq!(InputKind::from_name("gold.json"), None);
        assert_eq!(InputKind::from_name("README"), None);
    }

    #[test]
    fn sniffing_tells_kinds_apart() {
        assert_eq!(InputKind::sniff(b"WARC/1.0\r\n"), InputKind::Warc);
        assert_eq!(
            InputKind::sniff(b"\xef\xbb\xbf<!doctype html>"),
            InputKind::Html
        );
        assert_eq!(InputKind::sniff(b"  {\"text\":1}"), InputKind::Jsonl);
        assert_eq!(
            InputKind::sniff(b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">"),
            InputKind::Feed
        );
        assert_eq!(
            InputKind::sniff("Заголовок\nТекст".as_bytes()),
            InputKind::Text
        );
    }

    #[test]
    fn oversized_document_is_refused_without_reading_it_all() {
        let data = vec![b'a'; 1000];
        let err = read_limited(&mut &data[..], 100, "big.html").unwrap_err();
        assert!(matches!(err, IngestError::TooLarge { size: 101, .. }));
    }

    #[test]
    fn huge_page_is_refused_by_its_size() {
        let dir = std::env::temp_dir().join(format!("nm-huge-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("huge.html");
        // A sparse 500 MB file: nothing is written, and nothing should be read.
        std::fs::File::create(&path)
            .unwrap()
            .set_len(500 << 20)
            .unwrap();
        let docs: Vec<_> = Documents::new(&[&path], ReadOptions::default()).collect();
        assert!(matches!(docs[0], Err(IngestError::TooLarge { size, .. }) if size == 500 << 20));
    }

    #[test]
    fn zstd_jsonl_is_read_through_across_frames() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("posts.jsonl.zst");
        // Two frames, as `cat a.zst b.zst` makes.
        let mut bytes = zstd::bulk::compress(b"{\"text\": \"one\"}\n", 3).unwrap();
        bytes.extend(zstd::bulk::compress(b"{\"text\": \"two\"}\n", 3).unwrap());
        std::fs::write(&path, bytes).unwrap();
        let docs: Vec<_> = Documents::new(&[&path], ReadOptions::default())
            .map(|d| String::from_utf8(d.unwrap().bytes).unwrap())
            .collect();
        assert_eq!(docs, ["one", "two"]);
    }

    #[test]
    fn missing_file_is_an_error_and_the_batch_goes_on() {
        let dir = std::env::temp_dir().join(format!("nm-ingest-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let good = dir.join("good.html");
        std::fs::write(&good, "<p>hi</p>").unwrap();
        let docs: Vec<_> =
            Documents::new(&[dir.join("missing.html"), good], ReadOptions::default()).collect();
        assert_eq!(docs.len(), 2);
        assert!(docs[0].is_err());
        assert!(docs[1].is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn links_in_a_directory_are_followed_and_a_dangling_one_is_an_error() {
        use std::os::unix::fs::symlink;
        let pages = tempfile::tempdir().unwrap();
        std::fs::write(pages.path().join("a.html"), "<p>a</p>").unwrap();
        std::fs::create_dir(pages.path().join("more")).unwrap();
        std::fs::write(pages.path().join("more/b.txt"), "b").unwrap();

        let links = tempfile::tempdir().unwrap();
        symlink(pages.path().join("a.html"), links.path().join("1.html")).unwrap();
        symlink(pages.path().join("more"), links.path().join("2")).unwrap();
        symlink(pages.path().join("gone.html"), links.path().join("3.html")).unwrap();
        // A loop back to the directory itself is reported, not walked forever.
        symlink(links.path(), links.path().join("4")).unwrap();

        let docs: Vec<_> = Documents::new(&[links.path()], ReadOptions::default()).collect();
        let read: Vec<String> = docs
            .iter()
            .filter_map(|d| d.as_ref().ok())
            .map(|d| d.origin.path.clone().unwrap_or_default())
            .collect();
        assert_eq!(read.len(), 2, "{read:?}");
        assert!(
            read[0].ends_with("1.html") && read[1].ends_with("b.txt"),
            "{read:?}"
        );
        assert_eq!(docs.iter().filter(|d| d.is_err()).count(), 2);
    }
}
