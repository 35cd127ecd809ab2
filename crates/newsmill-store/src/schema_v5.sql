-- newsmill store, schema version 5: story profiles carry the article's outlet, and the pair
-- model reads it with the time between two articles (decision 57). Profiles stored by version 4
-- cannot be decoded, and their stories were decided by the old model: both tables are emptied
-- here, and the clusterer places every stored article again, in storing order, when it first
-- loads (as for versions 1 to 3).
DELETE FROM story_members;
DELETE FROM stories;
