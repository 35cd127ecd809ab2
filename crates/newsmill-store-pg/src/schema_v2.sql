-- newsmill store on PostgreSQL, schema version 2: documents skipped as bad input by queue
-- workers, once each (the key is a hash of the message), as in the SQLite store's version 6.
CREATE TABLE skips (
    key    text PRIMARY KEY,
    source text NOT NULL,
    reason text NOT NULL,
    at     bigint NOT NULL            -- Unix seconds
);
