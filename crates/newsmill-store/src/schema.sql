-- newsmill store, schema version 1. Ids of articles are content hashes (the record's `id`);
-- `seq` is the row number every other table and the full-text index refer to.
CREATE TABLE outlets (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
-- Small rows: a search reads one per matching article, so only what filters and facets need.
CREATE TABLE articles (
    seq       INTEGER PRIMARY KEY,
    id        TEXT NOT NULL UNIQUE,
    outlet    INTEGER REFERENCES outlets(id),
    lang      TEXT,
    published TEXT,                   -- as in the record (ISO 8601)
    day       INTEGER                 -- the publication date as YYYYMMDD: sorts, filters, facets
);
CREATE INDEX articles_day ON articles(day);
CREATE INDEX articles_outlet ON articles(outlet, day);
-- What pages show: read for a page of hits or one article.
CREATE TABLE records (
    seq      INTEGER PRIMARY KEY REFERENCES articles(seq),
    url      TEXT,
    title    TEXT,
    ingested TEXT NOT NULL,           -- Unix seconds
    json     TEXT NOT NULL            -- the whole record
);
-- One row per (type, normal form) across the store: the entity pages' identity.
CREATE TABLE entities (
    id        INTEGER PRIMARY KEY,
    type      TEXT NOT NULL,
    norm      TEXT NOT NULL,
    key       TEXT NOT NULL,          -- lowercased norm, for lookups by name
    documents INTEGER NOT NULL,
    mentions  INTEGER NOT NULL,
    UNIQUE (type, norm)
);
CREATE INDEX entities_key ON entities(key);
CREATE TABLE mentions (
    article INTEGER NOT NULL REFERENCES articles(seq),
    entity  INTEGER NOT NULL REFERENCES entities(id),
    start   INTEGER NOT NULL,         -- code points into the record's text
    "end"   INTEGER NOT NULL
);
CREATE INDEX mentions_entity ON mentions(entity, article);
CREATE INDEX mentions_article ON mentions(article, entity);
CREATE TABLE quotes (
    id             INTEGER PRIMARY KEY,
    article        INTEGER NOT NULL REFERENCES articles(seq),
    kind           TEXT NOT NULL,
    start          INTEGER NOT NULL,
    "end"          INTEGER NOT NULL,
    text           TEXT NOT NULL,
    speaker_entity INTEGER REFERENCES entities(id),
    speaker_text   TEXT,
    speaker_norm   TEXT,
    speaker_key    TEXT,              -- lowercased norm (or text), for lookups by name
    cue_lemma      TEXT
);
CREATE INDEX quotes_article ON quotes(article);
CREATE INDEX quotes_speaker_entity ON quotes(speaker_entity);
CREATE INDEX quotes_speaker_key ON quotes(speaker_key);
-- Everyone quoted, with how often.
CREATE VIEW speakers AS
    SELECT speaker_entity AS entity, speaker_norm AS norm, count(*) AS quotes
    FROM quotes WHERE speaker_entity IS NOT NULL GROUP BY speaker_entity;
-- Search keys (lemmas) of title and body; rowid = articles.seq. Contentless: the text lives in
-- `records`.
CREATE VIRTUAL TABLE search USING fts5(
    title, body, content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
);
