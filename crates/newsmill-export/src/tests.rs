use std::io::Write;

use newsmill_model::Record;
use newsmill_store::{Indexed, SqliteStore};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde_json::{json, Value as Json};

use super::*;

/// A store of three articles: two name Песков and quote him, one has no entities; two authors
/// on the first.
fn store() -> SqliteStore {
    let record = |id: &str, outlet: &str, published: &str, text: &str| -> Record {
        let mut r: Record = serde_json::from_value(json!({
            "id": id, "url": format!("https://example.org/{id}"), "origin": {}, "lang": "ru",
            "outlet": outlet, "title": format!("Заголовок, «{id}»"), "lead": null,
            "published": published, "authors": if id == "a" { json!(["Анна Б.", "Иван В."]) } else { json!([]) },
            "dateline": null, "credited_sources": [], "text": text, "removed": []
        }))
        .unwrap();
        if let Some(b) = text.find("Песков") {
            let s = text[..b].chars().count();
            r.entities = serde_json::from_value(json!([
                {"id": 0, "type": "PER", "norm": "Дмитрий Песков",
                 "mentions": [{"start": s, "end": s + 6, "text": "Песков"}]}
            ]))
            .unwrap();
            r.quotes = serde_json::from_value(json!([
                {"kind": "indirect", "start": 0, "end": 5, "text": "Армен",
                 "speaker": {"entity": 0, "start": s, "end": s + 6, "text": "Песков",
                             "norm": "Дмитрий Песков"},
                 "cue": {"start": s + 7, "end": s + 14, "text": "заявил", "lemma": "заявить"}}
            ]))
            .unwrap();
        }
        r
    };
    let s = SqliteStore::open_in_memory().unwrap();
    let docs = [
        record(
            "a",
            "ТАСС",
            "2023-09-20",
            "Армения: Песков заявил о мире,\n\"в кавычках\".",
        ),
        record(
            "b",
            "РИА Новости",
            "2023-10-01",
            "Песков заявил о переговорах.",
        ),
        record("c", "BBC", "2022-03-01", "The ministries said nothing."),
    ];
    s.put(&docs.into_iter().map(Indexed::new).collect::<Vec<_>>())
        .unwrap();
    s
}

fn run(store: &SqliteStore, table: Table, format: Format) -> (u64, Vec<u8>) {
    let mut out = Vec::new();
    let n = export(store, table, format, &mut out).unwrap();
    (n, out)
}

const EXPECTED_ROWS: [(Table, u64); 5] = [
    (Table::Articles, 3),
    (Table::Entities, 1),
    (Table::Mentions, 2),
    (Table::Quotes, 2),
    (Table::Stories, 3),
];

#[test]
fn jsonl_rows_hold_every_column_in_order_with_their_types() {
    let s = store();
    for (table, rows) in EXPECTED_ROWS {
        let (n, out) = run(&s, table, Format::Jsonl);
        assert_eq!(n, rows, "{table:?}");
        let lines: Vec<&str> = std::str::from_utf8(&out).unwrap().lines().collect();
        assert_eq!(lines.len() as u64, rows);
        for line in lines {
            let v: serde_json::Map<String, Json> = serde_json::from_str(line).unwrap();
            let names: Vec<&str> = table.columns().iter().map(|c| c.name).collect();
            assert_eq!(
                v.keys().map(String::as_str).collect::<Vec<_>>().len(),
                names.len()
            );
            for c in table.columns() {
                let cell = &v[c.name];
                let ok = match c.kind {
                    ColumnType::Int => cell.is_i64() || cell.is_null(),
                    ColumnType::Float => cell.is_f64() || cell.is_null(),
                    ColumnType::Text => cell.is_string() || cell.is_null(),
                };
                assert!(ok, "{table:?}.{} = {cell}", c.name);
            }
        }
    }
    let (_, out) = run(&s, Table::Articles, Format::Jsonl);
    let first: Json = serde_json::from_slice(out.split(|&b| b == b'\n').next().unwrap()).unwrap();
    assert_eq!(first["authors"], "Анна Б.; Иван В.");
    assert_eq!(first["outlet"], "ТАСС");
    assert!(first["story"].is_i64());
    let (_, out) = run(&s, Table::Mentions, Format::Jsonl);
    let m: Json = serde_json::from_slice(out.split(|&b| b == b'\n').next().unwrap()).unwrap();
    assert_eq!(
        (&m["norm"], &m["type"], &m["field"], &m["published"]),
        (
            &json!("Дмитрий Песков"),
            &json!("PER"),
            &json!("text"),
            &json!("2023-09-20")
        )
    );
}

#[test]
fn csv_has_a_header_and_quotes_what_needs_it() {
    let s = store();
    for (table, rows) in EXPECTED_ROWS {
        let (_, out) = run(&s, table, Format::Csv);
        let mut reader = csv::Reader::from_reader(out.as_slice());
        let header: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect();
        let names: Vec<&str> = table.columns().iter().map(|c| c.name).collect();
        assert_eq!(header, names);
        let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(records.len() as u64, rows, "{table:?}");
    }
    // A body with a comma, a line break and quotation marks reads back whole.
    let (_, out) = run(&s, Table::Articles, Format::Csv);
    let mut reader = csv::Reader::from_reader(out.as_slice());
    let first = reader.records().next().unwrap().unwrap();
    assert_eq!(&first[7], "Армения: Песков заявил о мире,\n\"в кавычках\".");
}

#[test]
fn parquet_reads_back_with_the_schema_and_every_row() {
    let s = store();
    for (table, rows) in EXPECTED_ROWS {
        let (_, out) = run(&s, table, Format::Parquet);
        let reader = ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::from(out))
            .unwrap()
            .build()
            .unwrap();
        let mut n = 0;
        for batch in reader {
            let batch = batch.unwrap();
            assert_eq!(batch.schema().as_ref(), &arrow_schema(table), "{table:?}");
            n += batch.num_rows() as u64;
        }
        assert_eq!(n, rows, "{table:?}");
    }
}

#[test]
fn an_empty_store_gives_headers_and_valid_empty_files() {
    let s = SqliteStore::open_in_memory().unwrap();
    for table in Table::ALL {
        assert_eq!(run(&s, table, Format::Jsonl), (0, Vec::new()));
        let (_, csv) = run(&s, table, Format::Csv);
        assert_eq!(csv.iter().filter(|&&b| b == b'\n').count(), 1);
        let (_, pq) = run(&s, table, Format::Parquet);
        let meta = ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::from(pq)).unwrap();
        assert_eq!(meta.metadata().file_metadata().num_rows(), 0);
    }
}

/// A writer that fails once it has taken `left` bytes: a full disk.
struct Full {
    left: usize,
}

impl Write for Full {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if buf.len() > self.left {
            return Err(std::io::Error::other("disk full"));
        }
        self.left -= buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_failing_writer_is_an_error_not_a_short_file() {
    let s = store();
    for format in [Format::Jsonl, Format::Csv, Format::Parquet] {
        let err = export(&s, Table::Articles, format, Full { left: 10 }).unwrap_err();
        let mut chain = String::new();
        let mut e: Option<&dyn std::error::Error> = Some(&err);
        while let Some(x) = e {
            chain.push_str(&format!("{x}: "));
            e = x.source();
        }
        assert!(chain.contains("disk full"), "{format:?}: {chain}");
    }
}

#[test]
fn format_names_parse() {
    assert_eq!(Format::parse("parquet"), Some(Format::Parquet));
    assert_eq!(Format::parse("csv"), Some(Format::Csv));
    assert_eq!(Format::parse("jsonl"), Some(Format::Jsonl));
    assert_eq!(Format::parse("xlsx"), None);
}
