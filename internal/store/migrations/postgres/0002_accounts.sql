-- Accounts: users and their roles, sign-in sessions, API tokens, and the
-- login attempts that rate limiting counts. Tokens are kept only as their
-- SHA-256; passwords only as argon2id hashes (PHC strings). Times are
-- Unix milliseconds, which compare the same way in both databases.

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('secretariat', 'member', 'applicant')),
    person_id     TEXT REFERENCES people (id) ON DELETE SET NULL,
    created_ms    BIGINT NOT NULL,
    updated_ms    BIGINT NOT NULL
);

CREATE TABLE user_organisations (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    org_id  TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, org_id)
);
CREATE INDEX user_organisations_org ON user_organisations (org_id);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_ms   BIGINT NOT NULL,
    last_seen_ms BIGINT NOT NULL,
    expires_ms   BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_ms);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    role         TEXT NOT NULL CHECK (role IN ('secretariat', 'member', 'applicant')),
    org_id       TEXT REFERENCES organisations (id) ON DELETE CASCADE,
    created_ms   BIGINT NOT NULL,
    last_used_ms BIGINT,
    revoked_ms   BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE login_attempts (
    seq     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email   TEXT NOT NULL,
    address TEXT NOT NULL,
    at_ms   BIGINT NOT NULL,
    ok      BOOLEAN NOT NULL
);
CREATE INDEX login_attempts_email ON login_attempts (email, at_ms);
CREATE INDEX login_attempts_address ON login_attempts (address, at_ms);
