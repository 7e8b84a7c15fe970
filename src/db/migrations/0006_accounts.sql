-- Accounts: users of organisations with a role and a clearance, their sessions, API tokens for
-- programs, and the login throttle. Frozen once landed: change the schema with a new migration.
--
-- Secrets are never stored: a session row is keyed by the SHA-256 of the opaque cookie value, a
-- token row keeps the SHA-256 of its secret (both are 256-bit random values, so a fast hash is
-- enough), and a password is kept as an argon2id hash.

CREATE TABLE app_user (
  id                  uuid PRIMARY KEY,
  org_id              uuid NOT NULL REFERENCES organisation (id),
  email               text NOT NULL CHECK (length(email) BETWEEN 3 AND 254 AND email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
  display_name        text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  role                text NOT NULL CHECK (role IN ('admin', 'coordinator', 'recipient', 'donor', 'manufacturer', 'analyst')),
  -- The application fills it from the role when not given: admin coalition, coordinator
  -- restricted, recipient / donor / manufacturer coalition, analyst public.
  clearance           classification NOT NULL,
  password_hash       text NOT NULL,
  password_changed_at timestamptz NOT NULL,
  disabled_at         timestamptz,
  -- Demo accounts, created by the demo loader.
  synthetic           boolean NOT NULL DEFAULT false,
  created_at          timestamptz NOT NULL DEFAULT now(),
  created_by          text NOT NULL
);
-- Email addresses are unique whatever their case.
CREATE UNIQUE INDEX app_user_email_key ON app_user (lower(email));
CREATE INDEX app_user_org_idx ON app_user (org_id);

CREATE TABLE user_session (
  -- SHA-256 (hex) of the cookie value; the value itself is only ever in the browser.
  id                  text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{64}$'),
  user_id             uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  csrf_token          text NOT NULL,
  created_at          timestamptz NOT NULL,
  -- Updated at most once a minute; the idle timeout counts from here.
  last_seen_at        timestamptz NOT NULL,
  absolute_expires_at timestamptz NOT NULL,
  revoked_at          timestamptz,
  user_agent          text CHECK (length(user_agent) <= 500),
  ip                  text CHECK (length(ip) <= 100)
);
CREATE INDEX user_session_live_idx ON user_session (user_id) WHERE revoked_at IS NULL;

CREATE TABLE api_token (
  id           uuid PRIMARY KEY,
  -- SHA-256 (hex) of the whole token `agt_<secret>`.
  secret_hash  text NOT NULL UNIQUE CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
  -- The first characters of the token, to recognise it in a list.
  prefix       text NOT NULL CHECK (length(prefix) BETWEEN 4 AND 20),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  org_id       uuid NOT NULL REFERENCES organisation (id),
  role         text NOT NULL CHECK (role IN ('admin', 'coordinator', 'recipient', 'donor', 'manufacturer', 'analyst')),
  clearance    classification NOT NULL,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  revoked_at   timestamptz,
  last_used_at timestamptz,
  CHECK (expires_at > created_at)
);
CREATE INDEX api_token_org_idx ON api_token (org_id);

-- Failed logins per email (lower case, whether or not an account exists) and per client address,
-- counted in a fixed window; in the database so that the count holds across restarts and processes.
CREATE TABLE login_throttle (
  scope             text NOT NULL CHECK (scope IN ('email', 'ip')),
  key               text NOT NULL CHECK (length(key) BETWEEN 1 AND 300),
  failures          integer NOT NULL CHECK (failures >= 0),
  window_started_at timestamptz NOT NULL,
  PRIMARY KEY (scope, key)
);
