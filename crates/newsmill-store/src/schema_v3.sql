-- newsmill store, schema version 3: story profiles carry the dates of an article's opening, and
-- the pair model reads them. Profiles stored by version 2 cannot be decoded, and their stories
-- were decided by the old model: both tables are emptied here, and the clusterer places every
-- stored article again, in storing order, when it first loads (as for a version-1 store).
DELETE FROM story_members;
DELETE FROM stories;
