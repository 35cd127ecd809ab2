-- newsmill store on PostgreSQL, schema version 2: documents skipped as bad input by queue
-- workers, once each (the key is a hash of the message), as in the SQLite store's version 6.
CREATE TABLE skips (
    key    text PRIMARY KEY,
    source text NOT NULL,
    reason text NOT NULL,
    at     bigint NOT NULL            -- Unix seconds
);
-- Documents queue workers have processed, kept under their queue position until every earlier
-- position is done; then one writer stores them in position order (see `place_staged`), so
-- that stories come out as one process storing the queue in order would place them.
CREATE TABLE staged (
    position   bigint PRIMARY KEY,
    json       text NOT NULL,
    title_keys text NOT NULL,
    body_keys  text NOT NULL,
    profile    bytea NOT NULL
);
