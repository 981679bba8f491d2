// Ledger import (信访台账导入): upload a file, map its columns, dry-run, then import all rows in one
// transaction or none. Imported cases keep their original dates and outcomes (status, scope,
// agency, acceptance and reply dates, reply text, rating), get the clocks those dates imply (so
// on-time rates and overdue count them), pass through repeat detection in date order, carry an
// `import` event (and a `reply` event when the ledger has the reply), and count in the statistics
// through the same triggers as every case. Their query codes are random and never shown: the
// citizen of an old ledger case follows it by phone, as before.
//
// Setting the status from the ledger is the one place a status is written without the lifecycle
// table: it records a past fact, not a transition; only states that need no live history
// (IMPORTABLE_STATUSES) are accepted.
import crypto from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { ImportMapping } from '../contract/analysis.ts';
import type { Deps, StaffSession } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { chinaDate } from '../domain/calendar.ts';
import { can } from '../domain/permissions.ts';
import { AppError, forbidden, notFound } from '../http/errors.ts';
import { randomQueryCode } from '../security/query-code.ts';
import { clockRules, dueFor } from '../services/clocks.ts';
import { sealPerson } from '../services/identity.ts';
import { parseLedgerFile, suggestMapping } from '../services/ledger-parse.ts';
import { validateLedger, type ImportRow, type RowError } from '../services/ledger-validate.ts';
import { detectRepeats } from '../services/repeat-detection.ts';
import { indexTitles } from '../services/title-search.ts';

const FILE_TTL_MS = 24 * 3600_000;

export async function uploadLedgerFile(deps: Deps, staff: StaffSession, name: string, bytes: Uint8Array) {
  if (!can(staff.role, 'cases.import')) throw forbidden();
  const ledger = await parseLedgerFile(name, bytes);
  const now = deps.now();
  await deps.db.deleteFrom('ledger_files').where('uploaded_at', '<', new Date(now.getTime() - FILE_TTL_MS)).execute();
  const row = await deps.db
    .insertInto('ledger_files')
    .values({ user_id: staff.userId, name: name.slice(0, 200), size: bytes.byteLength, sha256: crypto.createHash('sha256').update(bytes).digest(), data: Buffer.from(bytes), uploaded_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    uploadId: row.id,
    name,
    size: bytes.byteLength,
    rowCount: ledger.rows.length,
    headers: ledger.headers,
    sample: ledger.rows.slice(0, 5).map((r) => ({ row: r.row, cells: r.cells.map((c) => (c instanceof Date ? c.toISOString().slice(0, 10) : c)) })),
    suggestedMapping: suggestMapping(ledger.headers),
  };
}

async function loadFile(deps: Deps, staff: StaffSession, uploadId: string) {
  const file = await deps.db
    .selectFrom('ledger_files')
    .select(['id', 'name', 'data', 'sha256'])
    .where('id', '=', uploadId)
    .where('user_id', '=', staff.userId)
    .executeTakeFirst();
  if (!file) throw notFound('上传的文件已过期或不存在，请重新上传');
  return file;
}

export type DryRun = { total: number; valid: number; errors: RowError[] };

export async function dryRunLedger(deps: Deps, staff: StaffSession, uploadId: string, mapping: ImportMapping): Promise<DryRun & { rows: ImportRow[]; file: Awaited<ReturnType<typeof loadFile>> }> {
  if (!can(staff.role, 'cases.import')) throw forbidden();
  const file = await loadFile(deps, staff, uploadId);
  const ledger = await parseLedgerFile(file.name, new Uint8Array(file.data));
  const { rows, errors } = await validateLedger(deps, ledger, mapping);
  return { total: ledger.rows.length, valid: rows.length, errors, rows, file };
}

/** Refuses with 422 and every row's problems, or imports every row. */
export async function importLedger(deps: Deps, staff: StaffSession, uploadId: string, mapping: ImportMapping) {
  const run = await dryRunLedger(deps, staff, uploadId, mapping);
  if (run.errors.length) {
    const fields: Record<string, string> = {};
    for (const e of run.errors) {
      const k = `rows.${e.row}.${e.field ?? '_'}`;
      fields[k] = fields[k] ? `${fields[k]}；${e.message}` : e.message;
    }
    const rowsWithErrors = new Set(run.errors.map((e) => e.row)).size;
    throw new AppError(422, 'import_invalid', `有 ${rowsWithErrors} 行数据有误，本次没有导入任何数据，请修改后重新上传`, { fields });
  }
  const earlier = await deps.db.selectFrom('ledger_imports').select(['at']).where('file_sha256', '=', run.file.sha256).executeTakeFirst();
  if (earlier) throw new AppError(409, 'already_imported', `该文件已于 ${chinaDate(earlier.at)} 导入过，不能重复导入`);

  const rules = await clockRules(deps.db);
  const now = deps.now();
  const rows = [...run.rows].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.row - b.row);
  return deps.db.transaction().execute(async (trx) => {
    const imp = await trx
      .insertInto('ledger_imports')
      .values({ user_id: staff.userId, file_name: run.file.name, file_sha256: run.file.sha256, row_count: rows.length, mapping: JSON.stringify(mapping), at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const caseNos: string[] = [];
    const ids: number[] = [];
    for (const r of rows) {
      const year = Number(chinaDate(r.receivedAt).slice(0, 4));
      const { rows: no } = await sql<{ case_no: string }>`SELECT next_case_no(${year}) AS case_no`.execute(trx);
      const replied = r.status === 'replied' || r.status === 'closed' ? r.repliedAt : null;
      const routed = r.agencyId ? (r.status === 'forwarded' ? 'forward' : 'assign') : ['handling', 'replied', 'closed'].includes(r.status) ? 'self' : null;
      const p = await trx
        .insertInto('petitions')
        .values({
          case_no: no[0].case_no,
          query_code_hash: deps.keys.queryCodeHash(randomQueryCode()),
          channel: r.channel,
          purpose: r.purpose,
          category_code: r.categoryCode,
          title: r.title,
          content: r.content,
          place: r.place,
          anonymous: r.person === null,
          person_count: r.personCount,
          status: r.status,
          scope: r.scope,
          route_mode: routed,
          agency_id: r.agencyId,
          received_at: r.receivedAt,
          registered_at: now,
          replied_at: replied,
          closed_at: r.status === 'closed' || r.status === 'declined' ? (r.repliedAt ?? r.acceptedAt ?? r.receivedAt) : null,
          rating: r.rating,
          rated_at: r.rating ? replied : null,
          updated_at: now,
        })
        .returning(['id', 'case_no'])
        .executeTakeFirstOrThrow();
      caseNos.push(p.case_no);
      ids.push(p.id);
      if (r.person) await trx.insertInto('petitioners').values({ petition_id: p.id, role: 'signer', ord: 0, ...sealPerson(deps.keys, r.person) }).execute();
      await trx
        .insertInto('events')
        .values({ petition_id: p.id, at: now, type: 'import', visibility: 'internal', actor_kind: 'staff', actor_id: staff.userId, data: JSON.stringify({ importId: imp.id, row: r.row, reference: r.reference, status: r.status }) })
        .execute();
      if (replied && r.replyText) {
        await trx
          .insertInto('events')
          .values({ petition_id: p.id, at: replied, type: 'reply', visibility: 'public', actor_kind: 'staff', actor_id: staff.userId, public_text: r.replyText, data: JSON.stringify({ text: r.replyText, level: 0, imported: true }) })
          .execute();
      }
      await insertClocks(trx, rules, p.id, r, replied);
      await detectRepeats(deps.db, trx, p.id);
    }
    await indexTitles(trx, ids);
    return { importId: imp.id, imported: rows.length, caseNos };
  });
}

/** The accept clock (stopped at the decision when there was one) and the handle clock of an accepted case. */
async function insertClocks(trx: Transaction<DB>, rules: Awaited<ReturnType<typeof clockRules>>, petitionId: number, r: ImportRow, replied: Date | null) {
  const clock = (name: 'accept' | 'handle', start: Date, stoppedAt: Date | null) => {
    const period = rules.periods[name];
    const due = dueFor(rules.calendar, start, period);
    return { petition_id: petitionId, clock: name, started_at: start, due_date: due.dueDate, due_at: due.dueAt, unit: period.unit, stopped_at: stoppedAt, start_date: chinaDate(start), period_days: period.days };
  };
  const decidedAt = r.status === 'registered' ? null : (r.acceptedAt ?? (r.status === 'declined' ? (r.repliedAt ?? r.receivedAt) : r.receivedAt));
  const values = [clock('accept', r.receivedAt, decidedAt)];
  if (r.status !== 'registered' && r.status !== 'declined') values.push(clock('handle', decidedAt!, replied));
  await trx.insertInto('clocks').values(values).execute();
}
