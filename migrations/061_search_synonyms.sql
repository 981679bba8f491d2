-- 061 guidance search synonyms (issue 14): editors keep groups of words that mean the same to a
-- citizen (欠薪 = 拖欠工资 = 工资), so a search for one finds articles that use another. One row is
-- one group; the starter groups below are the everyday words a test with citizens missed.

CREATE TABLE search_synonyms (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  words text[] NOT NULL CHECK (cardinality(words) >= 2),
  updated_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO search_synonyms (words) VALUES
  (ARRAY['欠薪', '拖欠工资', '工资', '讨薪', '劳动报酬']),
  (ARRAY['干部', '公职人员', '工作人员', '官员']),
  (ARRAY['村官', '村干部', '村委会', '村民委员会']),
  (ARRAY['低保', '最低生活保障', '社会救助']),
  (ARRAY['拆迁', '征收', '征地', '补偿']),
  (ARRAY['复查', '复核']),
  (ARRAY['告状', '起诉', '诉讼']);
