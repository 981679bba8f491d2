-- 020 content: guidance articles with every revision kept, leader reception days, the rules of
-- the "where does my matter go" guide, and an append-only log of every editor's change.

-- An article is a stable identity (id, slug, section) over numbered revisions. Two slots say
-- what the portal shows: the live one (published_revision since published_at) and a pending one
-- (scheduled_revision from scheduled_at), which takes over by itself once its time has passed:
-- readers take the scheduled slot when scheduled_at <= now(), writers fold it into the live slot.
-- Editing writes a new revision and leaves the published one untouched until published again.
CREATE TABLE articles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  section text NOT NULL CHECK (section IN ('scope', 'routes', 'law', 'faq', 'notice')),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 80),
  revision integer NOT NULL DEFAULT 1 CHECK (revision >= 1),
  published_revision integer CHECK (published_revision BETWEEN 1 AND revision),
  published_at timestamptz,
  scheduled_revision integer CHECK (scheduled_revision BETWEEN 1 AND revision),
  scheduled_at timestamptz,
  first_published_at timestamptz,
  sort integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((published_revision IS NULL) = (published_at IS NULL)),
  CHECK ((scheduled_revision IS NULL) = (scheduled_at IS NULL))
);
CREATE INDEX articles_section_idx ON articles (section, sort);

CREATE TABLE article_revisions (
  article_id uuid NOT NULL REFERENCES articles (id),
  revision integer NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  note text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  PRIMARY KEY (article_id, revision)
);
-- Search finds Chinese substrings with ILIKE; trigram indexes keep longer queries fast.
CREATE INDEX article_revisions_title_trgm ON article_revisions USING gin (title gin_trgm_ops);
CREATE INDEX article_revisions_body_trgm ON article_revisions USING gin (body gin_trgm_ops);

CREATE FUNCTION article_revisions_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'article revisions are never changed: write a new revision';
END;
$$;
CREATE TRIGGER article_revisions_frozen BEFORE UPDATE OR DELETE ON article_revisions
  FOR EACH ROW EXECUTE FUNCTION article_revisions_frozen();

-- 领导接待日: announced in advance; only published days reach the portal.
CREATE TABLE reception_days (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  day date NOT NULL,
  -- 'HH:MM' (China local time): zero-padded, so text order is time order.
  start_time text NOT NULL CHECK (start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  end_time text NOT NULL CHECK (end_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  place text NOT NULL,
  leader text NOT NULL,
  topics text NOT NULL DEFAULT '',
  published boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (end_time > start_time)
);
CREATE INDEX reception_days_day_idx ON reception_days (day, start_time);

-- The guide is a small graph that editors maintain: question nodes with answers that lead to
-- another node, and outcome nodes. Saved as a whole (see api/verbs/save-guide.ts), so the
-- foreign keys below always hold and the start node always exists.
CREATE TABLE guide_nodes (
  key text PRIMARY KEY CHECK (key ~ '^[a-z0-9_]{1,40}$'),
  kind text NOT NULL CHECK (kind IN ('question', 'outcome')),
  outcome text CHECK (outcome IN ('file_here', 'agency', 'legal_route', 'final', 'info')),
  title text NOT NULL,
  body text NOT NULL DEFAULT '',
  time_limit text NOT NULL DEFAULT '',
  link_url text NOT NULL DEFAULT '',
  link_label text NOT NULL DEFAULT '',
  sort integer NOT NULL DEFAULT 0,
  CHECK ((kind = 'outcome') = (outcome IS NOT NULL))
);

CREATE TABLE guide_answers (
  node_key text NOT NULL REFERENCES guide_nodes (key) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  ord integer NOT NULL,
  label text NOT NULL,
  hint text NOT NULL DEFAULT '',
  next_key text NOT NULL REFERENCES guide_nodes (key) DEFERRABLE INITIALLY DEFERRED,
  PRIMARY KEY (node_key, ord)
);

-- Who changed which content when: one row per editor write, in the write's transaction.
CREATE TABLE content_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid REFERENCES users (id),
  subject text NOT NULL CHECK (subject IN ('article', 'reception_day', 'guide', 'starter')),
  subject_id text NOT NULL DEFAULT '',
  action text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX content_events_subject_idx ON content_events (subject, subject_id, id);

CREATE FUNCTION content_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'content_events are append-only';
END;
$$;
CREATE TRIGGER content_events_append_only BEFORE UPDATE OR DELETE ON content_events
  FOR EACH ROW EXECUTE FUNCTION content_events_append_only();
