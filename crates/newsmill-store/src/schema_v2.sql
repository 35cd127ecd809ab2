-- newsmill store, schema version 2: stories. A story's id is the `seq` of its first article.
CREATE TABLE stories (
    id       INTEGER PRIMARY KEY,
    articles INTEGER NOT NULL,
    first    INTEGER,                 -- earliest publication among its members, Unix seconds
    last     INTEGER                  -- latest
);
CREATE INDEX stories_size ON stories(articles, last);
CREATE TABLE story_members (
    article  INTEGER PRIMARY KEY REFERENCES articles(seq),
    story    INTEGER NOT NULL REFERENCES stories(id),
    time     INTEGER,                 -- publication time used, Unix seconds; NULL when unusable
    matched  INTEGER,                 -- the earlier article it was matched to
    decision TEXT NOT NULL,           -- new_story | near_copy | same_event | too_short
    score    REAL,                    -- shared text (near_copy) or pair probability (same_event)
    reason   TEXT NOT NULL,           -- the decision in words
    profile  BLOB NOT NULL            -- the story profile (postcard), to rebuild the clusterer
);
CREATE INDEX story_members_story ON story_members(story, time);
