-- newsmill store, schema version 6: documents skipped as bad input by queue workers, once
-- each (the key is a hash of the message), so that `stats` counts them after the queue has
-- forgotten them.
CREATE TABLE skips (
    key    TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    reason TEXT NOT NULL,
    at     INTEGER NOT NULL            -- Unix seconds
) WITHOUT ROWID;
