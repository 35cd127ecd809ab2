//! `newsmill bench ingest` and `newsmill bench search`: the store's throughput and latency.
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use newsmill_extract::Extractor;
use newsmill_ingest::{Documents, ReadOptions};
use newsmill_model::Record;
use newsmill_store::{EntityRef, Indexed, SearchQuery, SqliteStore, Store};

use crate::bench::peak_rss_mb;

/// Every page file (not the gold `.json`) under the folders.
fn page_files(dirs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for dir in dirs {
        if dir.is_file() {
            files.push(dir.clone());
            continue;
        }
        for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e != "json") {
                files.push(path);
            }
        }
    }
    files.sort();
    if files.is_empty() {
        bail!("no pages in {dirs:?}");
    }
    Ok(files)
}

/// Extracts and annotates `files` on this thread.
fn records(files: &[PathBuf]) -> Result<Vec<Record>> {
    let extractor = Extractor::new();
    let annotator = newsmill_ner::Annotator::new()?;
    let mut out = Vec::new();
    for doc in Documents::new(files, ReadOptions::default()) {
        let Ok(raw) = doc else { continue };
        let Ok(article) = extractor.extract(&raw) else {
            continue;
        };
        let mut r = Record::from_article(article, raw.origin);
        (r.entities, r.quotes) = newsmill_pipeline::layers(
            &annotator,
            &r.text,
            r.lang.as_deref(),
            newsmill_quotes::Layout::default(),
        );
        out.push(r);
    }
    Ok(out)
}

/// Per-stage time on one core, then the whole `ingest` pipeline on every core.
pub fn ingest(data: &[PathBuf], repeat: usize) -> Result<()> {
    let files = page_files(data)?;
    let repeat = repeat.max(1);
    let dir = tempfile_dir()?;

    // One core, stage by stage.
    let extractor = Extractor::new();
    let annotator = newsmill_ner::Annotator::new()?;
    let t = Instant::now();
    let raws: Vec<_> = Documents::new(&files, ReadOptions::default())
        .filter_map(Result::ok)
        .collect();
    let read = t.elapsed().as_secs_f64();
    let bytes: usize = raws.iter().map(|r| r.bytes.len()).sum();
    let t = Instant::now();
    let articles: Vec<_> = raws
        .iter()
        .filter_map(|raw| extractor.extract(raw).ok().map(|a| (a, raw.origin.clone())))
        .collect();
    let extract = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let mut recs = Vec::new();
    for (a, origin) in articles {
        let mut r = Record::from_article(a, origin);
        (r.entities, r.quotes) = newsmill_pipeline::layers(
            &annotator,
            &r.text,
            r.lang.as_deref(),
            newsmill_quotes::Layout::default(),
        );
        recs.push(r);
    }
    let annotate = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let indexed: Vec<Indexed> = recs.into_iter().map(Indexed::new).collect();
    let index = t.elapsed().as_secs_f64();
    let store = SqliteStore::open(&dir.join("stages.db"))?;
    let t = Instant::now();
    for chunk in indexed.chunks(crate::run::CHUNK) {
        store.put(chunk)?;
    }
    let write = t.elapsed().as_secs_f64();
    let total = read + extract + annotate + index + write;
    let n = raws.len();
    println!(
        "stages on one core over {n} pages ({:.1} MB): {:.0} pages/s",
        bytes as f64 / 1e6,
        n as f64 / total
    );
    for (name, secs) in [
        ("read", read),
        ("extract", extract),
        ("annotate", annotate),
        ("index (lemma keys, JSON)", index),
        ("store (SQLite write)", write),
    ] {
        println!(
            "  {name:<26} {:>6.1} ms  {:>5.1} %",
            secs * 1e3,
            100.0 * secs / total
        );
    }

    // The real pipeline on every core, each pass under fresh ids so every record is written.
    let paths: Vec<PathBuf> = (0..repeat).flat_map(|_| files.iter().cloned()).collect();
    let store = SqliteStore::open(&dir.join("ingest.db"))?;
    let counter = AtomicUsize::new(0);
    let (mut stored, t) = (0, Instant::now());
    let summary = crate::run::pipeline(
        &paths,
        32 << 20,
        crate::run::CHUNK,
        true,
        |mut r| {
            r.id = format!("{}-{}", r.id, counter.fetch_add(1, Ordering::Relaxed));
            Ok(Indexed::new(r))
        },
        |docs| {
            stored += store.put(&docs)?.stored;
            Ok(())
        },
    )?;
    let secs = t.elapsed().as_secs_f64();
    println!(
        "ingest pipeline on {} threads: {} pages in {secs:.2} s = {:.0} pages/s ({stored} stored, {} skipped)  peak RSS {} MB",
        rayon::current_num_threads(),
        summary.written,
        summary.written as f64 / secs,
        summary.skipped,
        peak_rss_mb().map_or("?".into(), |m| m.to_string())
    );
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}

fn tempfile_dir() -> Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("newsmill-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// Builds (or reuses) a store of `docs` articles replicated from real pages with varied ids,
/// dates and outlets, then times a fixed set of searches.
pub fn search(data: &[PathBuf], docs: usize, db: Option<PathBuf>, rounds: usize) -> Result<()> {
    let db = db.unwrap_or_else(|| std::env::temp_dir().join(format!("newsmill-bench-{docs}.db")));
    let server = crate::store::is_server(&db);
    let have = if server || db.exists() {
        crate::store::open_read_only(&db)?.stats()?.documents as usize
    } else {
        0
    };
    let base = records(&page_files(data)?)?;
    if have < docs {
        build(&crate::store::open(&db)?, &base, have, docs)?;
    }
    let store = crate::store::open_read_only(&db)?;
    let stats = store.stats()?;
    let size = if server {
        crate::store::database_bytes(&db)?
    } else {
        std::fs::metadata(&db).map_or(0, |m| m.len())
    };
    println!(
        "store {}: {} documents, {} entities, {} mentions, {} quotes, {:.0} MB on disk ({:.1} KB per article)",
        crate::store::describe(&db),
        stats.documents,
        stats.entities,
        stats.mentions,
        stats.quotes,
        size as f64 / 1e6,
        size as f64 / 1e3 / stats.documents.max(1) as f64
    );
    let queries = query_set(&base);
    // Warm the page cache as a running server would be.
    for q in &queries {
        store.search(q)?;
    }
    let mut times = Vec::new();
    let mut per_query = vec![Vec::new(); queries.len()];
    for _ in 0..rounds.max(1) {
        for (i, q) in queries.iter().enumerate() {
            let t = Instant::now();
            let r = store.search(q)?;
            let ms = t.elapsed().as_secs_f64() * 1e3;
            per_query[i].push((ms, r.total));
            times.push(ms);
        }
    }
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
    println!(
        "{} searches ({} queries x {} rounds, hits + total + facets): p50 {:.1} ms  p95 {:.1} ms  max {:.1} ms  peak RSS {} MB",
        times.len(),
        queries.len(),
        rounds.max(1),
        pct(0.5),
        pct(0.95),
        pct(1.0),
        peak_rss_mb().map_or("?".into(), |m| m.to_string())
    );
    let mut medians: Vec<(f64, u64, &SearchQuery)> = per_query
        .iter_mut()
        .zip(&queries)
        .map(|(v, q)| {
            v.sort_by(|a, b| a.0.total_cmp(&b.0));
            (v[v.len() / 2].0, v[0].1, q)
        })
        .collect();
    medians.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!("slowest queries (median ms, matches):");
    for (ms, total, q) in medians.iter().take(5) {
        println!(
            "  {ms:6.1} ms  {total:>6}  text={:?} outlet={:?} from={:?} entity={:?} offset={}",
            q.text, q.outlet, q.from, q.entity, q.offset
        );
    }
    Ok(())
}

/// Stores replicas `have..docs` of `base`: replica `i` of page `p` gets its own id, a date
/// spread over three years and one of twenty outlet variants.
fn build(store: &crate::store::Opened, base: &[Record], have: usize, docs: usize) -> Result<()> {
    let keys: Vec<Indexed> = base.iter().cloned().map(Indexed::new).collect();
    let t = Instant::now();
    let mut batch = Vec::with_capacity(1000);
    for i in have..docs {
        let src = &keys[i % keys.len()];
        let mut r = src.record.clone();
        r.id = format!("{}-{i}", r.id);
        let day = (i * 7919) % 1096;
        r.published = Some(format!(
            "{:04}-{:02}-{:02}",
            2022 + day / 365,
            1 + (day % 365) / 31 % 12,
            1 + day % 28
        ));
        if let Some(o) = &r.outlet {
            r.outlet = Some(format!("{o} {}", i % 20));
        }
        batch.push(Indexed {
            json: serde_json::to_string(&r)?,
            record: r,
            title_keys: src.title_keys.clone(),
            body_keys: src.body_keys.clone(),
            profile: src.profile.clone(),
            profile_bytes: src.profile_bytes.clone(),
        });
        if batch.len() == 1000 {
            store.put(&batch)?;
            batch.clear();
        }
    }
    store.put(&batch)?;
    eprintln!(
        "built {} documents in {:.1} s",
        docs - have,
        t.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Names from the pages, common words, two-word queries and filtered searches.
fn query_set(base: &[Record]) -> Vec<SearchQuery> {
    let mut out = Vec::new();
    let mut names: Vec<&str> = base
        .iter()
        .flat_map(|r| r.entities.iter().map(|e| e.norm.as_str()))
        .collect();
    names.sort_unstable();
    names.dedup();
    for n in names.iter().take(20) {
        out.push(SearchQuery::text(n));
    }
    for w in [
        "Степанакерт",
        "заявление",
        "Россия",
        "заявил",
        "said",
        "the",
        "government",
        "Песков Армения",
        "военные Карабах",
        "президент России",
        "police said",
        "нет такого слова",
    ] {
        out.push(SearchQuery::text(w));
    }
    out.push(SearchQuery::default());
    out.push(SearchQuery {
        text: Some("Россия".into()),
        from: Some("2023-01-01".into()),
        to: Some("2023-06-30".into()),
        ..SearchQuery::default()
    });
    if let Some(o) = base.iter().find_map(|r| r.outlet.clone()) {
        out.push(SearchQuery {
            outlet: Some(format!("{o} 3")),
            ..SearchQuery::default()
        });
    }
    out.push(SearchQuery {
        entity: Some(EntityRef::Norm("Дмитрий Песков".into())),
        ..SearchQuery::default()
    });
    out.push(SearchQuery {
        text: Some("said".into()),
        offset: 200,
        ..SearchQuery::default()
    });
    out
}
