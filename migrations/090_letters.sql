-- 090 letters (issue 17): a paper letter scanned or photographed at the registration desk becomes
-- a draft registration. The scan is kept as an (unbound) attachment until the case that is
-- registered from it claims it; the letter row is the recognition job's queue entry and its
-- result. Recognition runs in child processes (tesseract, pdftoppm) under a lease, so any API
-- process may take a letter and a process that dies mid-letter leaves it to another one.
-- The recognised text and fields hold identity (names, phones, ID numbers, addresses): they are
-- sealed like petitioners' identities (result_enc, AES-256-GCM), and a letter is deleted a day
-- after its upload, whether a case was registered from it or not.

CREATE TABLE letters (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  name text NOT NULL,
  type text NOT NULL,
  -- The scan itself; ON DELETE SET NULL because unclaimed uploads are purged after a day.
  attachment_id uuid REFERENCES attachments (id) ON DELETE SET NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'recognising', 'done', 'failed')),
  pages_total integer NOT NULL DEFAULT 0,
  pages_done integer NOT NULL DEFAULT 0,
  attempts integer NOT NULL DEFAULT 0,
  -- While recognising: the worker's lease and token; an expired lease means the worker is gone,
  -- and a worker whose token is no longer the letter's has lost it to another (writes nothing).
  lease_until timestamptz,
  worker uuid,
  started_at timestamptz,
  finished_at timestamptz,
  -- Why it failed, in words for the clerk.
  error text,
  confidence real CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1)),
  result_enc bytea
);
CREATE INDEX letters_waiting_idx ON letters (created_at) WHERE status IN ('queued', 'recognising');
CREATE INDEX letters_created_idx ON letters (created_at);
CREATE INDEX letters_creator_idx ON letters (created_by, created_at DESC);

-- One row per page: the size of the image the word boxes refer to, and for a PDF page a
-- preview image, sealed like the scan (a JPEG or PNG upload is its own preview: the attachment).
CREATE TABLE letter_pages (
  letter_id uuid NOT NULL REFERENCES letters (id) ON DELETE CASCADE,
  page integer NOT NULL CHECK (page >= 1),
  width integer NOT NULL,
  height integer NOT NULL,
  preview_type text,
  preview bytea,
  PRIMARY KEY (letter_id, page)
);
