-- newsmill store, schema version 4: mentions and quotes say which field of the record their
-- offsets count in, the headline or the body (decision 56). Rows stored before are the body's.
ALTER TABLE mentions ADD COLUMN field TEXT NOT NULL DEFAULT 'text';
ALTER TABLE quotes ADD COLUMN field TEXT NOT NULL DEFAULT 'text';
