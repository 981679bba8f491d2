// How often the clerks took the triage suggestions (issue 17), per field and per month of the
// suggestion: of the drafts registered as cases, for each field, how many had a suggestion and a
// final choice, and in how many the two agree. The figure an office judges its suggestions by.
import { sql } from 'kysely';
import { SUGGESTION_FIELDS, SUGGESTION_FIELD_LABELS, type SuggestionField } from '../contract/letters-vocab.ts';
import type { Database } from '../db/database.ts';

type Row = { month: string; registered: number } & Record<`${SuggestionField}_decided` | `${SuggestionField}_taken`, number>;

const pct = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 10 : null);

/** Months from `from` to `to` (dates, China time), each with its per-field figures. */
export async function suggestionUptake(db: Database, range: { from?: string; to?: string }) {
  const to = range.to ?? new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const from = range.from ?? `${Number(to.slice(0, 4)) - 1}${to.slice(4, 8)}01`;
  const { rows } = await sql<Row>`
    SELECT to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month,
           count(*)::int AS registered,
           count(*) FILTER (WHERE category_code IS NOT NULL AND chosen_category IS NOT NULL)::int AS category_decided,
           count(*) FILTER (WHERE category_code IS NOT NULL AND chosen_category = category_code)::int AS category_taken,
           count(*) FILTER (WHERE scope IS NOT NULL AND chosen_reason IS NOT NULL)::int AS scope_decided,
           count(*) FILTER (WHERE scope IS NOT NULL AND chosen_scope = scope)::int AS scope_taken,
           count(*) FILTER (WHERE agency_id IS NOT NULL AND chosen_agency IS NOT NULL)::int AS agency_decided,
           count(*) FILTER (WHERE agency_id IS NOT NULL AND chosen_agency = agency_id::text)::int AS agency_taken,
           count(*) FILTER (WHERE reason_code IS NOT NULL AND chosen_reason IS NOT NULL)::int AS decline_decided,
           count(*) FILTER (WHERE reason_code IS NOT NULL AND chosen_reason = reason_code)::int AS decline_taken
      FROM suggestions
     WHERE petition_id IS NOT NULL
       AND created_at >= (${from}::date::timestamp AT TIME ZONE 'Asia/Shanghai')
       AND created_at < ((${to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
     GROUP BY 1 ORDER BY 1`.execute(db);
  return {
    from,
    to,
    fields: SUGGESTION_FIELDS.map((f) => ({ field: f, label: SUGGESTION_FIELD_LABELS[f] })),
    months: rows.map((r) => ({
      month: r.month,
      registered: r.registered,
      fields: Object.fromEntries(
        SUGGESTION_FIELDS.map((f) => [f, { decided: r[`${f}_decided`], taken: r[`${f}_taken`], rate: pct(r[`${f}_taken`], r[`${f}_decided`]) }]),
      ) as Record<SuggestionField, { decided: number; taken: number; rate: number | null }>,
    })),
  };
}
