"""newsmill: raw news pages to clean articles and structured facts, from Python.

The same Rust engine as the ``newsmill`` command, called in process::

    import newsmill
    record = newsmill.extract(open("page.html", "rb").read(), url="https://…")
    record["title"], record["published"], record["entities"], record["quotes"]

    for record in newsmill.extract_many(pages, threads=4):   # parallel, GIL released
        ...

    store = newsmill.Store("news.db")
    store.ingest(["pages/"])
    store.search("Песков", since="2023-09").to_pandas()
    store.table("mentions").to_polars()

Records, hits and rows are plain ``dict``s; lists of them are :class:`Results`, which turn into
pandas or polars DataFrames when those libraries are installed (neither is required). Bad input
raises ``ValueError`` (or ``TypeError`` for a wrong type); a failure inside newsmill raises
:class:`Error`.
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
import os
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Union

from . import _native
from ._native import Error

__all__ = [
    "Error",
    "IngestSummary",
    "Results",
    "Store",
    "annotate",
    "extract",
    "extract_many",
]
__version__ = "0.1.0"

#: A document: a page as ``str`` (text) or ``bytes`` (any encoding), a ``dict`` shaped like a
#: JSONL line (``html`` or ``text``, and optional ``url``, ``id``, ``title``, ``published``,
#: ``outlet``, ``lang``, ``authors``), or a path to a page file.
Document = Union[str, bytes, Dict[str, Any], "os.PathLike[str]"]

_log = logging.getLogger("newsmill")
_KINDS = ("auto", "html", "text")


class Results(list):
    """A list of dicts (records, search hits, stories, table rows) that becomes a DataFrame.

    ``total`` is the number of matches when the list is one page of them (search, stories);
    ``facets`` holds a search's facet counts; ``columns`` names a table's columns in order.
    """

    def __init__(
        self,
        rows: Iterable[Dict[str, Any]] = (),
        *,
        total: Optional[int] = None,
        facets: Optional[Dict[str, Any]] = None,
        columns: Optional[Sequence[str]] = None,
    ) -> None:
        super().__init__(rows)
        self.total = len(self) if total is None else total
        self.facets = facets
        self.columns = list(columns) if columns is not None else None

    def to_pandas(self) -> Any:
        """The rows as a ``pandas.DataFrame`` (one column per key; a table keeps its column
        order even when empty)."""
        try:
            import pandas as pd
        except ImportError as e:
            raise ImportError("to_pandas() needs pandas: pip install pandas") from e
        return pd.DataFrame.from_records(list(self), columns=self.columns)

    def to_polars(self) -> Any:
        """The rows as a ``polars.DataFrame``."""
        try:
            import polars as pl
        except ImportError as e:
            raise ImportError("to_polars() needs polars: pip install polars") from e
        if self.columns is not None:
            return pl.DataFrame(
                [[row[c] for c in self.columns] for row in self],
                schema=self.columns,
                orient="row",
                infer_schema_length=None,
            )
        return pl.from_dicts(list(self), infer_schema_length=None)

    def __repr__(self) -> str:
        return f"Results({len(self)} of {self.total})"


def _item(doc: Document, kind: str = "auto", url: Optional[str] = None) -> tuple:
    """A document as the native module takes it: ``(kind, page, url, path)``."""
    if kind not in _KINDS:
        raise ValueError(f'kind must be "auto", "html" or "text", not {kind!r}')
    if isinstance(doc, (str, bytes)):
        return (kind, doc, url, None)
    if isinstance(doc, bytearray):
        return (kind, bytes(doc), url, None)
    if isinstance(doc, dict):
        return ("json", json.dumps(doc, ensure_ascii=False), url, None)
    if isinstance(doc, os.PathLike):
        path = Path(doc)
        if kind == "auto":
            suffix = path.suffix.lower()
            kind = "text" if suffix in (".txt", ".text") else "html" if suffix in (".html", ".htm") else "auto"
        return (kind, path.read_bytes(), url, str(path))
    raise TypeError(
        f"a document is str, bytes, a dict or a path, not {type(doc).__name__}"
    )


def extract(
    page: Document,
    url: Optional[str] = None,
    kind: str = "auto",
    *,
    annotate: bool = True,
) -> Dict[str, Any]:
    """Extracts one page into its record.

    ``page`` is HTML or text scraped from a page (``str``, or ``bytes`` in any encoding), a
    ``dict`` shaped like a JSONL line, or a path. ``kind`` is ``"html"``, ``"text"`` or
    ``"auto"`` (a page that starts with ``<`` is HTML). The record holds ``title``, ``text``,
    ``published``, ``outlet``, ``authors``, ``lang``, ``removed`` blocks and, unless
    ``annotate=False``, ``entities`` and ``quotes``. Raises ``ValueError`` for a page that is
    empty or not text.
    """
    # A dict is a JSON document with its own url; one given here wins.
    kind, body, url, path = _item(page, kind, url)
    return json.loads(_native.extract(body, url, kind, annotate, path))


def annotate(text: str, lang: Optional[str] = None) -> Dict[str, Any]:
    """Entities and quotes of a bare text (which may open with its headline).

    ``lang`` (``"ru"``, ``"en"``) is guessed when not given. Returns ``{"lang", "text",
    "entities", "quotes"}``; offsets are character offsets into ``text``.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    return json.loads(_native.annotate(text, lang))


def extract_many(
    documents: Iterable[Document],
    threads: Optional[int] = None,
    *,
    annotate: bool = True,
    errors: str = "skip",
    chunk_size: Optional[int] = None,
) -> Iterator[Dict[str, Any]]:
    """Extracts (and annotates) many documents in parallel; yields records in input order.

    Work runs on ``threads`` native threads (all cores by default) with the GIL released, a
    chunk ahead of the consumer, so memory stays bounded whatever the input's length. A bad
    document is skipped and logged on the ``newsmill`` logger (``errors="skip"``), or raises
    ``ValueError`` naming its position (``errors="raise"``).
    """
    if errors not in ("skip", "raise"):
        raise ValueError(f'errors must be "skip" or "raise", not {errors!r}')
    if threads is not None and threads < 1:
        raise ValueError("threads must be at least 1")
    stream = _native.Stream(threads, annotate)
    size = chunk_size or 16 * (threads or os.cpu_count() or 1)
    items = iter(documents)
    position = 0

    def submit() -> bool:
        chunk = [_item(d) for d in islice(items, size)]
        if chunk:
            stream.submit(chunk)
        return bool(chunk)

    # Two chunks in flight: one computing while Python reads the other.
    more = submit() and submit()
    while True:
        outcomes = stream.collect()
        if outcomes is None:
            return
        if more:
            more = submit()
        for ok, payload in outcomes:
            if ok:
                yield json.loads(payload)
            elif errors == "raise":
                raise ValueError(f"document {position}: {payload}")
            else:
                _log.warning("skip: document %d: %s", position, payload)
            position += 1


@dataclass
class IngestSummary:
    """What :meth:`Store.ingest` did."""

    #: Documents extracted (stored now or before).
    processed: int
    #: Documents skipped as bad input.
    skipped: int
    #: Records newly stored.
    stored: int
    #: Records that were already in the store.
    existing: int
    #: Why documents were skipped (the first thousand).
    skips: List[str] = field(default_factory=list)


def _redact(url: str) -> str:
    """``url`` with its password, if any, shown as ``***``."""
    scheme, sep, rest = url.partition("://")
    user, at, host = rest.partition("@")
    if sep and at and ":" in user:
        return f"{scheme}://{user.split(':', 1)[0]}:***@{host}"
    return url


def _date(value: Union[None, str, _dt.date]) -> Optional[str]:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, _dt.date):
        return value.isoformat()[:10]
    raise TypeError(f"a date is 'YYYY-MM-DD' or a datetime.date, not {type(value).__name__}")


class Store:
    """A newsmill store, as the CLI's ``--db`` names it: a SQLite file or a PostgreSQL URL.

    ``Store(path)`` opens a file for writing, creating it when missing; ``read_only=True`` opens
    an existing one without writing (several readers may share it with one writer).
    ``Store("postgres://user@host:port/db")`` connects to a server store, creating its tables
    on first use; any number of processes may write to it at once.
    """

    def __init__(self, path_or_url: Union[str, "os.PathLike[str]"], *, read_only: bool = False):
        self.path = os.fspath(path_or_url)
        server = self.path.startswith(("postgres://", "postgresql://"))
        if read_only and not server and not os.path.exists(self.path):
            raise FileNotFoundError(self.path)
        self._native = _native.Store(self.path, read_only)

    def __repr__(self) -> str:
        return f"Store({_redact(self.path)!r})"

    def ingest(
        self,
        paths: Union[str, "os.PathLike[str]", Iterable[Union[str, "os.PathLike[str]"]]],
        *,
        batch: int = 256,
        threads: Optional[int] = None,
    ) -> IngestSummary:
        """Extracts, annotates and stores every document under ``paths`` (files or folders:
        HTML, text, JSONL, WARC, RSS/Atom, gzipped or not). A record already stored is left as
        it is, so ingesting again adds only what is new. Bad documents are skips, counted and
        explained in the summary."""
        if isinstance(paths, (str, os.PathLike)):
            paths = [paths]
        paths = [os.fspath(p) for p in paths]
        for p in paths:
            if not os.path.exists(p):
                raise FileNotFoundError(p)
        processed, skipped, stored, existing, skips = self._native.ingest(paths, batch, threads)
        for reason in skips:
            _log.warning("skip: %s", reason)
        return IngestSummary(processed, skipped, stored, existing, skips)

    def search(
        self,
        q: Optional[str] = None,
        *,
        outlet: Optional[str] = None,
        since: Union[None, str, _dt.date] = None,
        until: Union[None, str, _dt.date] = None,
        lang: Optional[str] = None,
        entity: Optional[str] = None,
        speaker: Optional[str] = None,
        story: Optional[int] = None,
        limit: int = 20,
        offset: int = 0,
    ) -> Results:
        """Articles whose title or body hold every word of ``q`` in any form (by lemma),
        best first; with no ``q``, the newest. Filters: ``outlet`` (exact name), ``since`` and
        ``until`` (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or a date, inclusive), ``lang``,
        ``entity`` and ``speaker`` (a store id or a normal form), ``story`` (an id).
        Returns one page of hits, with ``.total`` and ``.facets``."""
        found = json.loads(
            self._native.search(
                q, outlet, _date(since), _date(until), lang, entity, speaker, story, limit, offset
            )
        )
        return Results(found["hits"], total=found["total"], facets=found.get("facets"))

    def article(self, id: str) -> Optional[Dict[str, Any]]:
        """One stored article: ``{"record", "entity_ids", "story"}``, or ``None``."""
        found = self._native.article(id)
        return None if found is None else json.loads(found)

    def stories(self, *, min_articles: int = 2, limit: int = 20, offset: int = 0) -> Results:
        """Stories told by at least ``min_articles`` articles, largest first (one page, with
        ``.total``)."""
        found = json.loads(self._native.stories(min_articles, limit, offset))
        return Results(found["stories"], total=found["total"])

    def story(self, id: int) -> Optional[Dict[str, Any]]:
        """One story: its articles in time order, entities and quotes; or ``None``."""
        found = self._native.story(id)
        return None if found is None else json.loads(found)

    def stats(self) -> Dict[str, Any]:
        """Counts of documents, entities, mentions, quotes, speakers, outlets, stories, skips and
        records staged by queue workers."""
        return json.loads(self._native.stats())

    def table(self, name: str) -> Results:
        """A flat table, whole: ``articles``, ``entities``, ``mentions``, ``quotes`` or
        ``stories``, with the columns and types ``newsmill export`` writes. Entities per outlet
        per month is ``store.table("mentions").to_pandas().groupby(...)``."""
        columns, rows = self._native.table(name)
        return Results((dict(zip(columns, r)) for r in rows), columns=columns)

    def export(self, name: str, path: Union[str, "os.PathLike[str]"], format: Optional[str] = None) -> int:
        """Writes a flat table to ``path`` as ``parquet``, ``csv`` or ``jsonl`` (by default,
        from the file's suffix); returns the rows written. Reads pandas, polars and DuckDB
        take as is."""
        path = os.fspath(path)
        if format is None:
            format = Path(path).suffix.lstrip(".").lower() or "jsonl"
        return self._native.export(name, format, path)
