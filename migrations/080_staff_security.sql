-- 080 staff sign-in at protection level 3 (等保三级, GB/T 22239-2019 identity authentication and
-- access control): sign-in failures counted in a crash-safe table before the password is checked,
-- account lockout, TOTP two-factor sign-in with hashed recovery codes, password history, the
-- last sign-in shown to the user; files sealed like identities; the audit log searchable by actor
-- and target.

-- Failed sign-ins per account ('user:<name>') and per address ('ip:<address>'). A LOGGED table,
-- unlike rate_limits (migrations/040): a database crash must not forgive a password guesser.
-- An attempt is counted (one row lock, INSERT … ON CONFLICT) before its password is checked, so
-- parallel guesses cannot pass the limit; a successful sign-in gives its count back.
CREATE TABLE login_attempts (
  key text PRIMARY KEY,
  failures integer NOT NULL DEFAULT 0,
  window_start timestamptz NOT NULL,
  locked_until timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_updated_idx ON login_attempts (updated_at);

ALTER TABLE users
  -- Set when the account is locked after repeated failures; cleared (and audited) when an admin
  -- unlocks it or the lock period has passed.
  ADD COLUMN locked_until timestamptz,
  -- TOTP (RFC 6238): the secret sealed with the identity key; a pending one during enrolment; the
  -- last accepted time step, so a code is never accepted twice.
  ADD COLUMN totp_secret_enc bytea,
  ADD COLUMN totp_pending_enc bytea,
  ADD COLUMN totp_enabled_at timestamptz,
  ADD COLUMN totp_last_step bigint,
  -- This sign-in and the one before it ("上次登录：时间，地址" after each sign-in).
  ADD COLUMN last_login_at timestamptz,
  ADD COLUMN last_login_ip text,
  ADD COLUMN prev_login_at timestamptz,
  ADD COLUMN prev_login_ip text,
  -- Failed attempts since the last sign-in, and how many there were before this one.
  ADD COLUMN failed_since_login integer NOT NULL DEFAULT 0,
  ADD COLUMN prev_failed_attempts integer NOT NULL DEFAULT 0;

-- The argon2id hashes of earlier passwords, newest first by changed_at, for "no reuse of the last N".
CREATE TABLE password_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  password_hash text NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX password_history_user_idx ON password_history (user_id, changed_at DESC);

-- One-time recovery codes for a lost authenticator: only a hash of each (they carry 50 random
-- bits; `algo:hex`), used at most once.
CREATE TABLE recovery_codes (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_hash text NOT NULL,
  used_at timestamptz,
  PRIMARY KEY (user_id, code_hash)
);

-- Files are sealed with the installation's suite like identities (CRYPTO_SUITE); rows from
-- before this migration are plain until `npm run crypto:migrate` seals them.
ALTER TABLE attachments ADD COLUMN sealed boolean NOT NULL DEFAULT false;
ALTER TABLE ledger_files ADD COLUMN sealed boolean NOT NULL DEFAULT false;

-- The admin's audit screen filters by who and by what was changed.
CREATE INDEX admin_audit_actor_idx ON admin_audit (actor_name, at DESC, id DESC);
CREATE INDEX admin_audit_target_idx ON admin_audit (target, at DESC, id DESC);
