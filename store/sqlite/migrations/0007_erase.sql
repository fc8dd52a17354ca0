-- Erasing a user finds their experiment exposures by user id alone (the
-- existing index starts with the experiment).
CREATE INDEX exposures_by_user ON exposures (user_id);
