use std::io::{self, BufRead, Read};
use std::path::PathBuf;

use flate2::read::GzDecoder;
use newsmill_model::{Format, Origin, RawDoc};

use crate::IngestError;

/// Longest WARC or HTTP header block accepted before the record is called malformed.
const MAX_HEADER_BYTES: usize = 256 << 10;

/// Streams the HTML response records of a WARC file (decompressed already) as documents.
///
/// `request`, `metadata`, `warcinfo` and non-HTML responses are passed over. A record larger
/// than the limit is skipped by reading past it, never loaded. A truncated or malformed record
/// yields one [`IngestError::Warc`] and ends the file, since nothing after it can be trusted.
pub struct WarcReader<R> {
    reader: R,
    path: PathBuf,
    limit: u64,
    offset: u64,
    done: bool,
}

impl<R: BufRead> WarcReader<R> {
    /// A reader over `reader`, naming `path` in its errors and skipping records over `limit`
    /// bytes.
    pub fn new(reader: R, path: PathBuf, limit: u64) -> Self {
        WarcReader {
            reader,
            path,
            limit,
            offset: 0,
            done: false,
        }
    }

    fn error(&mut self, offset: u64, message: impl Into<String>) -> IngestError {
        self.done = true;
        IngestError::Warc {
            path: self.path.clone(),
            offset,
            message: message.into(),
        }
    }

    /// Reads header lines up to the blank line; `None` at a clean end of input.
    fn read_headers(&mut self) -> io::Result<Option<Vec<u8>>> {
        let mut block = Vec::new();
        loop {
            let start = block.len();
            let n = (&mut self.reader)
                .take((MAX_HEADER_BYTES - block.len().min(MAX_HEADER_BYTES)) as u64 + 1)
                .read_until(b'\n', &mut block)?;
            self.offset += n as u64;
            if n == 0 {
                if block.iter().all(u8::is_ascii_whitespace) {
                    return Ok(None);
                }
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "truncated header",
                ));
            }
            if block.len() > MAX_HEADER_BYTES {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "header block too long",
                ));
            }
            let line = &block[start..];
            let blank = line == b"\r\n" || line == b"\n";
            if blank {
                // Blank lines between records (the two CRLFs after a block) come first.
                if block[..start].iter().all(u8::is_ascii_whitespace) {
                    block.clear();
                    continue;
                }
                return Ok(Some(block));
            }
        }
    }

    fn next_record(&mut self) -> Option<Result<RawDoc, IngestError>> {
        loop {
            if self.done {
                return None;
            }
            let record_offset = self.offset;
            let headers = match self.read_headers() {
                Ok(Some(h)) => h,
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(e) => return Some(Err(self.error(record_offset, e.to_string()))),
            };
            let text = String::from_utf8_lossy(&headers);
            let mut lines = text.lines();
            let version = lines.next().unwrap_or("").trim();
            if !version.starts_with("WARC/") {
                return Some(Err(self.error(
                    record_offset,
                    format!(
                        "expected a WARC version line, found {:?}",
                        truncate(version, 40)
                    ),
                )));
            }
            let mut fields = WarcFields::default();
            for line in lines {
                if let Some((name, value)) = line.split_once(':') {
                    fields.set(name.trim(), value.trim());
                }
            }
            let Some(length) = fields.content_length else {
                return Some(Err(self.error(record_offset, "no Content-Length")));
            };
            let wanted = fields.is_html_response();
            if !wanted || length > self.limit {
                if let Err(e) = self.skip(length) {
                    return Some(Err(self.error(record_offset, e.to_string())));
                }
                if wanted {
                    return Some(Err(IngestError::TooLarge {
                        what: format!(
                            "{}@{}",
                            self.path.display(),
                            fields.record_id.as_deref().unwrap_or("?")
                        ),
                        size: length,
                        limit: self.limit,
                    }));
                }
                continue;
            }
            let mut block = Vec::with_capacity(length as usize);
            match (&mut self.reader).take(length).read_to_end(&mut block) {
                Ok(n) if n as u64 == length => self.offset += length,
                Ok(n) => {
                    return Some(Err(self.error(
                        record_offset,
                        format!("truncated: block of {length} bytes ends after {n}"),
                    )))
                }
                Err(e) => return Some(Err(self.error(record_offset, e.to_string()))),
            }
            let origin = Origin {
                path: Some(self.path.to_string_lossy().into_owned()),
                warc_record_id: fields.record_id.clone(),
                warc_date: fields.date.clone(),
                ..Origin::default()
            };
            let (body, charset) = if fields.is_http {
                match split_http(&block) {
                    Some(parts) => parts,
                    None => {
                        // A broken HTTP header costs this record only: the WARC framing is intact.
                        return Some(Err(IngestError::Warc {
                            path: self.path.clone(),
                            offset: record_offset,
                            message: "unparsable HTTP response header; record skipped".into(),
                        }));
                    }
                }
            } else {
                (block, fields.charset.clone())
            };
            if body.iter().all(u8::is_ascii_whitespace) {
                return Some(Err(IngestError::Empty {
                    what: origin.describe(),
                }));
            }
            let mut doc = RawDoc::new(origin, Format::Html, body);
            doc.url = fields.target_uri;
            doc.charset = charset;
            return Some(Ok(doc));
        }
    }

    fn skip(&mut self, length: u64) -> io::Result<()> {
        let n = io::copy(&mut (&mut self.reader).take(length), &mut io::sink())?;
        self.offset += n;
        if n < length {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("truncated: block of {length} bytes ends after {n}"),
            ));
        }
        Ok(())
    }
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = Result<RawDoc, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_record()
    }
}

#[derive(Default)]
struct WarcFields {
    record_type: Option<String>,
    content_type: Option<String>,
    content_length: Option<u64>,
    target_uri: Option<String>,
    record_id: Option<String>,
    date: Option<String>,
    is_http: bool,
    charset: Option<String>,
}

impl WarcFields {
    fn set(&mut self, name: &str, value: &str) {
        match name.to_ascii_lowercase().as_str() {
            "warc-type" => self.record_type = Some(value.to_ascii_lowercase()),
            "content-type" => {
                let lower = value.to_ascii_lowercase();
                self.is_http = lower.starts_with("application/http");
                self.charset = charset_of(&lower);
                self.content_type = Some(lower);
            }
            "content-length" => self.content_length = value.parse().ok(),
            "warc-target-uri" => self.target_uri = Some(value.trim_matches(['<', '>']).to_string()),
            "warc-record-id" => self.record_id = Some(value.to_string()),
            "warc-date" => self.date = Some(value.to_string()),
            _ => {}
        }
    }

    fn is_html_response(&self) -> bool {
        let content_type = self.content_type.as_deref().unwrap_or("");
        match self.record_type.as_deref() {
            Some("response") => self.is_http,
            Some("resource") | Some("conversion") => {
                content_type.contains("html") || content_type.starts_with("text/")
            }
            _ => false,
        }
    }
}

fn charset_of(content_type: &str) -> Option<String> {
    let (_, rest) = content_type.split_once("charset=")?;
    let value = rest
        .split(';')
        .next()?
        .trim()
        .trim_matches(['"', '\''])
        .to_string();
    (!value.is_empty()).then_some(value)
}

/// Splits an HTTP response into its decoded body and declared charset; `None` when the header
/// cannot be parsed or the response is not HTML-like.
fn split_http(block: &[u8]) -> Option<(Vec<u8>, Option<String>)> {
    let mut headers = [httparse::EMPTY_HEADER; 128];
    let mut response = httparse::Response::new(&mut headers);
    let header_len = match response.parse(block) {
        Ok(httparse::Status::Complete(n)) => n,
        _ => return None,
    };
    let mut charset = None;
    let mut chunked = false;
    let mut gzip = false;
    for h in response.headers.iter() {
        let value = String::from_utf8_lossy(h.value).to_ascii_lowercase();
        if h.name.eq_ignore_ascii_case("content-type") {
            charset = charset_of(&value);
        } else if h.name.eq_ignore_ascii_case("transfer-encoding") {
            chunked = value.contains("chunked");
        } else if h.name.eq_ignore_ascii_case("content-encoding") {
            gzip = value.contains("gzip");
        }
    }
    let mut body = block[header_len..].to_vec();
    if chunked {
        if let Some(decoded) = dechunk(&body) {
            body = decoded;
        }
    }
    if gzip {
        let mut decoded = Vec::new();
        if GzDecoder::new(&body[..]).read_to_end(&mut decoded).is_ok() {
            body = decoded;
        }
    }
    Some((body, charset))
}

/// Undoes HTTP chunked transfer coding; `None` if the body is not validly chunked (many
/// archives store the de-chunked body but keep the header).
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        let eol = memchr::memmem::find(body, b"\r\n")?;
        let size_text = std::str::from_utf8(&body[..eol]).ok()?;
        let size_text = size_text.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        body = &body[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        if body.len() < size {
            return None;
        }
        out.extend_from_slice(&body[..size]);
        body = body.get(size + 2..).unwrap_or(&[]);
    }
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2023-09-20T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:{kind}>\r\nContent-Type: application/http; msgtype={kind}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn read_all(data: &[u8], limit: u64) -> Vec<Result<RawDoc, IngestError>> {
        WarcReader::new(data, "t.warc".into(), limit).collect()
    }

    #[test]
    fn reads_html_responses_and_skips_requests() {
        let mut data = record("request", "http://a/", b"GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        data.extend(record(
            "response",
            "http://a/",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1251\r\n\r\n<p>\xcf\xf0\xe8\xe2\xe5\xf2</p>",
        ));
        let docs = read_all(&data, 1 << 20);
        assert_eq!(docs.len(), 1);
        let doc = docs[0].as_ref().unwrap();
        assert_eq!(doc.url.as_deref(), Some("http://a/"));
        assert_eq!(doc.charset.as_deref(), Some("windows-1251"));
        assert_eq!(
            doc.origin.warc_date.as_deref(),
            Some("2023-09-20T10:00:00Z")
        );
        assert!(doc.bytes.starts_with(b"<p>"));
    }

    #[test]
    fn truncated_record_is_one_error() {
        let data = record(
            "response",
            "http://a/",
            b"HTTP/1.1 200 OK\r\n\r\n<p>hello world</p>",
        );
        let docs = read_all(&data[..data.len() - 12], 1 << 20);
        assert_eq!(docs.len(), 1);
        assert!(
            matches!(&docs[0], Err(IngestError::Warc { message, .. }) if message.contains("truncated"))
        );
    }

    #[test]
    fn oversized_record_is_skipped_and_the_next_read() {
        let mut data = record(
            "response",
            "http://big/",
            format!("HTTP/1.1 200 OK\r\n\r\n{}", "x".repeat(1000)).as_bytes(),
        );
        data.extend(record(
            "response",
            "http://small/",
            b"HTTP/1.1 200 OK\r\n\r\n<p>ok</p>",
        ));
        let docs = read_all(&data, 500);
        assert_eq!(docs.len(), 2);
        assert!(matches!(docs[0], Err(IngestError::TooLarge { .. })));
        assert_eq!(
            docs[1].as_ref().unwrap().url.as_deref(),
            Some("http://small/")
        );
    }

    #[test]
    fn chunked_bodies_are_decoded() {
        assert_eq!(
            dechunk(b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n").unwrap(),
            b"abcde"
        );
        assert!(dechunk(b"<html>").is_none());
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let docs = read_all(b"\x00\x01garbage\n\r\n", 100);
        assert_eq!(docs.len(), 1);
        assert!(docs[0].is_err());
    }
}
