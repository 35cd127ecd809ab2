"""Store: ingest, search, articles, stories, tables and exports read back by pyarrow."""

import datetime
import sys

import pytest

import newsmill
from conftest import SAMPLES


def test_ingest_is_idempotent_and_counts_what_it_did(tmp_path):
    store = newsmill.Store(tmp_path / "sub" / "news.db")
    first = store.ingest(SAMPLES)
    assert (first.processed, first.stored, first.existing, first.skipped) == (7, 7, 0, 0)
    again = store.ingest([SAMPLES])
    assert (again.stored, again.existing) == (0, 7)
    assert store.stats()["documents"] == 7


def test_ingest_reports_bad_documents_as_skips(tmp_path):
    bad = tmp_path / "posts.jsonl"
    bad.write_text('{"text": "Хорошая заметка о погоде в Казани."}\nnot json\n{"html": ""}\n')
    summary = newsmill.Store(tmp_path / "news.db").ingest(bad)
    assert (summary.processed, summary.skipped) == (1, 2)
    assert any("invalid JSON" in s for s in summary.skips)
    with pytest.raises(FileNotFoundError):
        newsmill.Store(tmp_path / "news.db").ingest(tmp_path / "missing")


def test_search_finds_by_lemma_with_filters(store_path):
    store = newsmill.Store(store_path, read_only=True)
    hits = store.search("Поволжье")
    assert hits.total == 1 and len(hits) == 1
    assert hits[0]["outlet"] == "Волжский вестник"
    assert store.search("Поволжье", since="2025").total == 0
    assert store.search("Поволжье", since=datetime.date(2024, 3, 1), until="2024-03").total == 1
    assert store.search(outlet="Harbor Daily").total == 1
    assert store.search("strike", limit=1).total == 3
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        store.search("мост", since="March")
    article = store.article(hits[0]["id"])
    assert article["record"]["title"].startswith("Правительство одобрило")
    assert len(article["entity_ids"]) == len(article["record"]["entities"])
    assert store.article("no-such-id") is None


def test_stories_join_the_three_reports_of_one_strike(store_path):
    store = newsmill.Store(store_path, read_only=True)
    stories = store.stories()
    assert stories.total >= 1
    biggest = stories[0]
    assert (biggest["articles"], biggest["outlets"]) == (3, 3)
    story = store.story(biggest["id"])
    assert len(story["members"]) == 3
    assert store.story(10**9) is None


def test_tables_and_parquet_export_agree(store_path, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    store = newsmill.Store(store_path, read_only=True)
    stats = store.stats()
    for name, count in [("articles", stats["documents"]), ("mentions", stats["mentions"])]:
        rows = store.table(name)
        assert len(rows) == count
        out = tmp_path / f"{name}.parquet"
        assert store.export(name, out) == count
        table = pq.read_table(out)
        assert table.num_rows == count
        assert table.column_names == rows.columns
    mentions = pq.read_table(tmp_path / "mentions.parquet").to_pydict()
    assert "Волжский вестник" in mentions["outlet"]
    assert {"entity", "norm", "type", "outlet", "published"} <= set(mentions)
    with pytest.raises(ValueError, match="no table"):
        store.table("people")
    with pytest.raises(ValueError, match="format"):
        store.export("articles", tmp_path / "a.xlsx")


def test_results_become_dataframes(store_path):
    store = newsmill.Store(store_path, read_only=True)
    pd = pytest.importorskip("pandas")
    mentions = store.table("mentions").to_pandas()
    assert isinstance(mentions, pd.DataFrame)
    assert list(mentions.columns) == store.table("mentions").columns
    per_outlet = mentions.groupby("outlet")["entity"].nunique()
    assert per_outlet["Волжский вестник"] >= 5
    hits = store.search("strike").to_pandas()
    assert len(hits) == 3 and "title" in hits.columns
    pl = pytest.importorskip("polars")
    articles = store.table("articles").to_polars()
    assert isinstance(articles, pl.DataFrame) and articles.height == 7


def test_dataframes_need_their_library_only_when_asked(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    monkeypatch.setitem(sys.modules, "polars", None)
    rows = newsmill.Results([{"a": 1}])
    with pytest.raises(ImportError, match="pip install pandas"):
        rows.to_pandas()
    with pytest.raises(ImportError, match="pip install polars"):
        rows.to_polars()


def test_opening_what_is_not_a_store_is_a_clear_error(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(newsmill.Error, match="not a newsmill database"):
        newsmill.Store(junk)
    with pytest.raises(FileNotFoundError):
        newsmill.Store(tmp_path / "absent.db", read_only=True)
    with pytest.raises(newsmill.Error, match="database server"):
        newsmill.Store("postgres://newsmill:secret@127.0.0.1:1/none")


def test_a_postgres_store_holds_what_a_sqlite_store_holds(postgres_url, store_path):
    store = newsmill.Store(postgres_url)
    assert "secret" not in repr(newsmill.Store(postgres_url.replace("newsmill@", "newsmill:secret@")))
    assert store.ingest(SAMPLES).stored == 7
    sqlite = newsmill.Store(store_path, read_only=True)
    assert store.stats() == sqlite.stats()
    assert store.search("Поволжье")[0]["id"] == sqlite.search("Поволжье")[0]["id"]
    assert store.stories() == sqlite.stories()
    assert store.table("mentions") == sqlite.table("mentions")


def test_every_parquet_table_reads_back_in_duckdb_with_the_counts_of_stats(store_path, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    store = newsmill.Store(store_path, read_only=True)
    stats = store.stats()
    # Each table, and the column whose distinct values `stats` counts.
    expected = {
        "articles": ("id", stats["documents"], stats["documents"]),
        "entities": ("entity", stats["entities"], stats["entities"]),
        "mentions": ("entity", stats["mentions"], None),
        "quotes": ("article", stats["quotes"], None),
        "stories": ("story", stats["documents"], stats["stories"]),
    }
    for name, (column, rows, distinct) in expected.items():
        path = tmp_path / f"{name}.parquet"
        store.export(name, path)
        [(count, unique)] = duckdb.sql(
            f"SELECT count(*), count(DISTINCT {column}) FROM '{path}'"
        ).fetchall()
        assert count == rows, name
        if distinct is not None:
            assert unique == distinct, name
