-- 091 triage suggestions (issue 17): for a draft registration, the category, scope, agency and,
-- for matters that belong to litigation, arbitration or administrative reconsideration, the
-- decline reason with guidance, drawn from the office's own history and from keyword rules that
-- editors maintain (rules come first).
--
-- The history is summarised in a term model that a background learner keeps
-- (api/services/suggestion-model.ts): for each field and each character bigram of the letters'
-- text, how many petitions with each value contained it, packed as (value id uint16, count
-- uint32) pairs, little-endian. One row per (field, term) keeps a draft's lookup at a few hundred
-- small rows whatever the history's size (as text arrays of agency ids, reading them cost more
-- than everything else a suggestion does).
-- suggestion_learned says what each petition currently counts as, so a case that is
-- re-categorised or re-routed is moved, not counted twice.

CREATE TABLE suggestion_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  keywords text[] NOT NULL CHECK (cardinality(keywords) BETWEEN 1 AND 50),
  scope text NOT NULL DEFAULT 'legal_route',
  reason_code text,
  guidance text NOT NULL DEFAULT '',
  sort integer NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id)
);

-- Starter rules (editors change them in the console): the three legal routes the issue names,
-- each with guidance that names the route and its time limit (the figures of the starter
-- guidance article "法定途径和必须知道的期限").
INSERT INTO suggestion_rules (name, keywords, scope, reason_code, guidance, sort) VALUES
 ('法院判决、裁定', ARRAY['判决', '裁定', '判决书', '裁定书', '一审', '二审', '再审', '上诉'], 'legal_route', 'legal_route',
  '您反映的事项涉及人民法院的判决、裁定，应当通过诉讼程序解决：对一审判决不服的，可以自判决书送达之日起15日内（裁定为10日内）向上一级人民法院提起上诉；对已经发生法律效力的判决、裁定不服的，可以自判决、裁定发生法律效力之日起6个月内申请再审，再审申请被驳回的，可以向人民检察院申请检察监督。', 10),
 ('劳动争议仲裁', ARRAY['仲裁', '劳动仲裁', '仲裁委', '仲裁裁决'], 'legal_route', 'legal_route',
  '您反映的事项属于劳动争议（或仲裁事项），应当通过仲裁解决：劳动争议应当自知道或者应当知道权利被侵害之日起1年内向劳动人事争议仲裁委员会申请仲裁；对仲裁裁决不服的，可以自收到裁决书之日起15日内向人民法院提起诉讼；一方不履行已生效裁决的，可以向人民法院申请强制执行。', 20),
 ('行政复议', ARRAY['复议', '行政复议', '复议决定'], 'legal_route', 'legal_route',
  '您反映的事项是对行政机关作出的行政行为不服，应当通过行政复议或者行政诉讼解决：可以自知道或者应当知道该行政行为之日起60日内申请行政复议，也可以自知道或者应当知道作出行政行为之日起6个月内向人民法院提起行政诉讼；对行政复议决定不服的，可以自收到复议决定书之日起15日内向人民法院提起诉讼。', 30);

CREATE TABLE suggestion_terms (
  field text NOT NULL,
  term bigint NOT NULL,
  packed bytea NOT NULL,
  PRIMARY KEY (field, term)
);

-- Per field and value: its id in `packed`, how many petitions, and how many (petition, term)
-- pairs they hold.
CREATE TABLE suggestion_totals (
  field text NOT NULL,
  value text NOT NULL,
  value_id integer NOT NULL CHECK (value_id BETWEEN 0 AND 65535),
  docs integer NOT NULL,
  terms bigint NOT NULL,
  PRIMARY KEY (field, value),
  UNIQUE (field, value_id)
);

CREATE TABLE suggestion_learned (
  petition_id bigint PRIMARY KEY,
  category text,
  scope text,
  agency text
);

-- One row per draft the console (or the recognition job) asked suggestions for: what was
-- suggested, and, once the case is registered and triaged, what the clerk chose in the end.
CREATE TABLE suggestions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  letter_id uuid,
  petition_id bigint REFERENCES petitions (id),
  category_code text,
  scope text,
  agency_id uuid,
  reason_code text,
  rule_id uuid,
  -- The clerk's final choice, NULL until made: the registered category; the scope accepted (or
  -- legal_route / none for a decline on those grounds); the agency routed to ('self' when the
  -- office handles it); the decline reason ('' when the case was accepted).
  chosen_category text,
  chosen_scope text,
  chosen_agency text,
  chosen_reason text,
  linked_at timestamptz,
  decided_at timestamptz
);
CREATE INDEX suggestions_created_idx ON suggestions (created_at);
CREATE UNIQUE INDEX suggestions_petition_idx ON suggestions (petition_id) WHERE petition_id IS NOT NULL;
