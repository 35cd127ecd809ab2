-- newsmill store on PostgreSQL, schema version 1: the tables of the SQLite store (schema 5),
-- with the search keys in a tsvector instead of an FTS5 table. `seq` numbers articles in the
-- order they were stored: writers take one lock per batch (see `put`), so seq order is also
-- the order in which stories placed them.
CREATE TABLE outlets (
    id   bigserial PRIMARY KEY,
    name text NOT NULL UNIQUE
);
CREATE TABLE articles (
    seq       bigserial PRIMARY KEY,
    id        text NOT NULL UNIQUE,
    outlet    bigint REFERENCES outlets(id),
    lang      text,
    published text,                   -- as in the record (ISO 8601)
    day       integer,                -- the publication date as YYYYMMDD
    -- Lemma keys as lexemes, taken as they are (no parser, no dictionary): title weight A,
    -- body weight B.
    keys      tsvector NOT NULL
);
CREATE INDEX articles_keys ON articles USING gin (keys);
CREATE INDEX articles_day ON articles (day);
CREATE INDEX articles_outlet ON articles (outlet, day);
CREATE TABLE records (
    seq      bigint PRIMARY KEY REFERENCES articles(seq),
    url      text,
    title    text,
    ingested bigint NOT NULL,         -- Unix seconds
    json     text NOT NULL            -- the whole record
);
CREATE TABLE entities (
    id        bigserial PRIMARY KEY,
    type      text NOT NULL,
    norm      text NOT NULL,
    key       text NOT NULL,          -- lowercased norm, for lookups by name
    documents bigint NOT NULL,
    mentions  bigint NOT NULL,
    UNIQUE (type, norm)
);
CREATE INDEX entities_key ON entities (key);
CREATE TABLE mentions (
    article bigint NOT NULL REFERENCES articles(seq),
    entity  bigint NOT NULL REFERENCES entities(id),
    start   integer NOT NULL,         -- code points into the field
    "end"   integer NOT NULL,
    field   text NOT NULL
);
CREATE INDEX mentions_entity ON mentions (entity, article);
CREATE INDEX mentions_article ON mentions (article, entity);
CREATE TABLE quotes (
    id             bigserial PRIMARY KEY,
    article        bigint NOT NULL REFERENCES articles(seq),
    kind           text NOT NULL,
    start          integer NOT NULL,
    "end"          integer NOT NULL,
    text           text NOT NULL,
    speaker_entity bigint REFERENCES entities(id),
    speaker_text   text,
    speaker_norm   text,
    speaker_key    text,
    cue_lemma      text,
    field          text NOT NULL
);
CREATE INDEX quotes_article ON quotes (article);
CREATE INDEX quotes_speaker_entity ON quotes (speaker_entity);
CREATE INDEX quotes_speaker_key ON quotes (speaker_key);
CREATE TABLE stories (
    id       bigint PRIMARY KEY,      -- the seq of its first article
    articles bigint NOT NULL,
    first    bigint,                  -- Unix seconds
    last     bigint
);
CREATE INDEX stories_size ON stories (articles, last);
CREATE TABLE story_members (
    article  bigint PRIMARY KEY REFERENCES articles(seq),
    story    bigint NOT NULL REFERENCES stories(id),
    time     bigint,
    matched  bigint,
    decision text NOT NULL,
    score    double precision,
    reason   text NOT NULL,
    profile  bytea NOT NULL
);
CREATE INDEX story_members_story ON story_members (story, time);
