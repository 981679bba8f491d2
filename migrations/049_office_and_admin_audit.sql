-- 049 the office's own identity as a setting (name, address, phone … used on every page, notice
-- and export without a rebuild), and the admin audit log: one row per administrative change
-- (who, when, from where, before/after), append-only (the application can neither change nor
-- delete a row: the trigger refuses UPDATE and DELETE for every role but a superuser's TRUNCATE).

CREATE TABLE admin_audit (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid REFERENCES users (id),
  actor_name text NOT NULL DEFAULT '',
  ip text NOT NULL DEFAULT '',
  -- What was done, as `subject.verb` (user.create, agency.update, settings.office …).
  action text NOT NULL,
  -- The changed object's key (a user id, an agency id, a category code, a date, a setting key).
  target text NOT NULL DEFAULT '',
  before jsonb,
  after jsonb,
  reason text
);
CREATE INDEX admin_audit_at_idx ON admin_audit (at DESC, id DESC);
CREATE INDEX admin_audit_action_idx ON admin_audit (action, at DESC);

CREATE FUNCTION admin_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'admin_audit is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER admin_audit_no_update BEFORE UPDATE OR DELETE ON admin_audit
  FOR EACH ROW EXECUTE FUNCTION admin_audit_append_only();
