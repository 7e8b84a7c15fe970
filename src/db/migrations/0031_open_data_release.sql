-- Open data (issue 19, part 1): numbered releases, each a frozen snapshot of what was public when it
-- was published, and its files. Frozen once landed.
--
-- A release and its files are never changed or removed: triggers refuse UPDATE and DELETE, so a
-- file's sha256 (its ETag) stays true for ever and caches may keep it as immutable.

CREATE TABLE open_data_release (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number       integer NOT NULL UNIQUE CHECK (number >= 1),
  published_at timestamptz NOT NULL DEFAULT now(),
  -- the data set's day the snapshot is about (the data clock), YYYY-MM-DD
  data_as_of   date NOT NULL,
  -- records added / removed / changed per table against the previous release, by id
  changelog    jsonb NOT NULL,
  -- how many records of each table the release holds
  counts       jsonb NOT NULL,
  created_by   text NOT NULL
);

CREATE TABLE open_data_file (
  release_id  uuid NOT NULL REFERENCES open_data_release (id),
  name        text NOT NULL CHECK (name ~ '^[a-z0-9][a-z0-9._-]*$'),
  media_type  text NOT NULL,
  sha256      text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  bytes       integer NOT NULL CHECK (bytes >= 0),
  content     bytea NOT NULL,
  PRIMARY KEY (release_id, name)
);

CREATE FUNCTION aidgrid_open_data_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'open data releases are frozen: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'integrity_constraint_violation';
END
$$;

CREATE TRIGGER open_data_release_frozen BEFORE UPDATE OR DELETE ON open_data_release
  FOR EACH ROW EXECUTE FUNCTION aidgrid_open_data_frozen();
CREATE TRIGGER open_data_file_frozen BEFORE UPDATE OR DELETE ON open_data_file
  FOR EACH ROW EXECUTE FUNCTION aidgrid_open_data_frozen();
