// Retention (DESIGN §5): a case closed longer ago than the retention period (setting
// `retention_days`, default 5 years) loses everything personal — its sealed identities, its
// files, its text fingerprints, and the free text of the case and of its events — while the
// facts the statistics need (dates, channel, category, status, agency, rating) stay. Each case
// is done in one transaction with an internal `anonymise` event; running it twice changes nothing.
import { sql } from 'kysely';
import type { Deps } from '../context.ts';

export const DEFAULT_RETENTION_DAYS = 5 * 365;
const REDACTED = '（已超过保存期限，内容已匿名化处理）';
/** Event data keys that carry free text; counts, codes and dates stay. */
const TEXT_KEYS = ['text', 'guidance', 'reason', 'note', 'comment', 'instructions', 'earlier'];

export async function retentionDays(deps: Deps): Promise<number> {
  const row = await deps.db.selectFrom('settings').select('value').where('key', '=', 'retention_days').executeTakeFirst();
  const v = Number(row?.value);
  return Number.isInteger(v) && v >= 30 ? v : DEFAULT_RETENTION_DAYS;
}

export async function anonymiseClosed(deps: Deps, now = deps.now(), batch = 200): Promise<number> {
  const cutoff = new Date(now.getTime() - (await retentionDays(deps)) * 86_400_000);
  let done = 0;
  for (;;) {
    const ids = await deps.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('petitions')
        .select('id')
        .where('anonymised_at', 'is', null)
        .where('closed_at', '<', cutoff)
        .orderBy('closed_at')
        .limit(batch)
        .forUpdate()
        .skipLocked()
        .execute();
      const ids = rows.map((r) => r.id);
      if (ids.length === 0) return ids;
      await trx.deleteFrom('petitioners').where('petition_id', 'in', ids).execute();
      await trx.deleteFrom('attachments').where('petition_id', 'in', ids).execute();
      await trx.deleteFrom('text_bands').where('petition_id', 'in', ids).execute();
      await trx.deleteFrom('title_grams').where('petition_id', 'in', ids).execute();
      // A ledger row's own words (办理结果, 备注) may name people too (issue 15).
      await trx.updateTable('petition_imports').set({ result_text: null, remarks: null }).where('petition_id', 'in', ids).execute();
      await trx.updateTable('registration_details').set({ referrer_address: null }).where('petition_id', 'in', ids).execute();
      await trx
        .updateTable('petitions')
        .set({ title: REDACTED, content: REDACTED, desired_outcome: null, place: null, anonymised_at: now, updated_at: now })
        .where('id', 'in', ids)
        .execute();
      // The event log is append-only; this is the one rewrite it permits, said explicitly.
      await sql`SET LOCAL xinfang.allow_event_rewrite = 'on'`.execute(trx);
      await sql`UPDATE events SET public_text = CASE WHEN public_text IS NULL THEN NULL ELSE ${REDACTED} END,
                                  data = data - ${sql.val(TEXT_KEYS)}::text[]
                 WHERE petition_id = ANY(${sql.val(ids)}::bigint[])`.execute(trx);
      await trx
        .insertInto('events')
        .values(ids.map((id) => ({ petition_id: id, at: now, type: 'anonymise', visibility: 'internal' as const, actor_kind: 'system' as const, data: JSON.stringify({ cutoff: cutoff.toISOString() }) })))
        .execute();
      return ids;
    });
    done += ids.length;
    if (ids.length < batch) return done;
  }
}
