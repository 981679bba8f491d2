// Ledger import (信访台账导入): upload a file, map its columns and its values, dry-run, then import
// the rows that are right — in one transaction with its `ledger_imports` row — and give the
// refused ones back as a workbook to fix and import again. Imported cases are history
// (domain/ledger-history.ts): their state and clocks come from the row's own dates, clocks already
// past their reminder or expiry are marked as noted (no reminder is sent for the past), each case
// carries an `import` event, its ledger number (petition_imports: re-imports match, figures may
// leave history out), its 办理结果 and 备注, its source and referrer. Repeat detection runs over
// them in date order; they count in the statistics through the same triggers as every case. Their
// query codes are random and never shown: the citizen of an old ledger case follows it by phone.
import crypto from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { ImportRequest } from '../contract/ledger.ts';
import { isReferral } from '../contract/registration.ts';
import type { Deps, StaffSession } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { addDays, addWorkingDays, chinaDate } from '../domain/calendar.ts';
import { CLOCK_REMINDERS } from '../domain/lifecycle.ts';
import { can } from '../domain/permissions.ts';
import { forbidden, notFound } from '../http/errors.ts';
import { randomQueryCode } from '../security/query-code.ts';
import { clockRules, dueFor, type ClockRules } from '../services/clocks.ts';
import { sealPerson } from '../services/identity.ts';
import { parseLedgerFile, suggestMapping, defaultLedgerName, type Ledger } from '../services/ledger-parse.ts';
import { refusedWorkbook } from '../services/ledger-refused.ts';
import { ledgerKey, validateLedger, type DryRun, type ImportRow } from '../services/ledger-validate.ts';
import { loadVocabulary } from '../services/ledger-vocab.ts';
import { detectRepeats } from '../services/repeat-detection.ts';
import { indexTitles } from '../services/title-search.ts';
import { VALUE_FIELDS } from '../contract/ledger.ts';

const FILE_TTL_MS = 24 * 3600_000;

export async function uploadLedgerFile(deps: Deps, staff: StaffSession, name: string, bytes: Uint8Array) {
  if (!can(staff.role, 'cases.import')) throw forbidden();
  const ledger = await parseLedgerFile(name, bytes);
  const now = deps.now();
  await deps.db.deleteFrom('ledger_files').where('uploaded_at', '<', new Date(now.getTime() - FILE_TTL_MS)).execute();
  const row = await deps.db
    .insertInto('ledger_files')
    // The spreadsheet holds identities in the clear: sealed like them while it waits (a day at most).
    .values({ user_id: staff.userId, name: name.slice(0, 200), size: bytes.byteLength, sha256: crypto.createHash('sha256').update(bytes).digest(), data: deps.keys.sealBytes(bytes), sealed: true, uploaded_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const earlier = await deps.db.selectFrom('ledger_imports').select(['at', 'file_name']).where('file_sha256', '=', crypto.createHash('sha256').update(bytes).digest()).orderBy('at', 'desc').executeTakeFirst();
  return {
    uploadId: row.id,
    name,
    size: bytes.byteLength,
    rowCount: ledger.rows.length,
    headerRow: ledger.headerRow,
    titles: ledger.titles,
    skipped: ledger.skipped,
    ledgerName: defaultLedgerName(ledger, name),
    headers: ledger.headers,
    sample: ledger.rows.slice(0, 5).map((r) => ({ row: r.row, cells: r.cells.map((c) => (c instanceof Date ? c.toISOString().slice(0, 10) : c)) })),
    suggestedMapping: suggestMapping(ledger.headers),
    importedBefore: earlier ? { at: earlier.at.toISOString(), fileName: earlier.file_name } : null,
  };
}

async function loadFile(deps: Deps, staff: StaffSession, uploadId: string) {
  const file = await deps.db
    .selectFrom('ledger_files')
    .select(['id', 'name', 'data', 'sha256', 'sealed'])
    .where('id', '=', uploadId)
    .where('user_id', '=', staff.userId)
    .executeTakeFirst();
  if (!file) throw notFound('上传的文件已过期或不存在，请重新上传');
  const { sealed, ...rest } = file;
  return { ...rest, data: sealed ? deps.keys.openBytes(file.data) : file.data };
}

type Run = DryRun & { ledger: Ledger; file: Awaited<ReturnType<typeof loadFile>> };

export async function dryRunLedger(deps: Deps, staff: StaffSession, input: ImportRequest): Promise<Run> {
  if (!can(staff.role, 'cases.import')) throw forbidden();
  const file = await loadFile(deps, staff, input.uploadId);
  const ledger = await parseLedgerFile(file.name, new Uint8Array(file.data));
  const run = await validateLedger(deps, ledger, input.mapping, { fileName: file.name, values: input.values, ledgerName: input.ledgerName });
  return { ...run, ledger, file };
}

/** What the console shows of a dry run (or an import's outcome). */
export function summary(run: DryRun) {
  const refusedRows = new Set(run.errors.map((e) => e.row)).size;
  return {
    total: run.total,
    headerRow: run.headerRow,
    ledgerName: run.ledgerName,
    skipped: run.skipped,
    valid: run.rows.length,
    matched: run.matched,
    refused: refusedRows,
    groups: run.groups,
    errors: run.errors.slice(0, 500),
    unmatched: run.unmatched,
    notes: run.notes.slice(0, 200),
    history: countBy(run.rows.map((r) => r.history.status)),
  };
}
const countBy = (xs: string[]) => xs.reduce<Record<string, number>>((m, x) => ((m[x] = (m[x] ?? 0) + 1), m), {});

/** The refused rows of a dry run as a workbook (before importing). */
export async function refusedOfDryRun(deps: Deps, staff: StaffSession, input: ImportRequest) {
  const run = await dryRunLedger(deps, staff, input);
  return refusedWorkbook(run.ledger, run.ledgerName, run.errors);
}

/** Imports the rows that are right; the refused ones are kept as a workbook on the import. */
export async function importLedger(deps: Deps, staff: StaffSession, input: ImportRequest) {
  const run = await dryRunLedger(deps, staff, input);
  const refused = await refusedWorkbook(run.ledger, run.ledgerName, run.errors);
  const rules = await clockRules(deps.db);
  const vocab = input.remember ? await loadVocabulary(deps, {}) : null;
  const now = deps.now();
  const rows = [...run.rows].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.row - b.row);
  const refusedCount = new Set(run.errors.map((e) => e.row)).size;
  const result = await deps.db.transaction().execute(async (trx) => {
    const imp = await trx
      .insertInto('ledger_imports')
      .values({
        user_id: staff.userId, file_name: run.file.name, file_sha256: run.file.sha256, row_count: rows.length, mapping: JSON.stringify(input.mapping), at: now,
        ledger_name: run.ledgerName, source_key: ledgerKey(run.ledgerName), header_row: run.headerRow, value_map: JSON.stringify(input.values),
        matched_count: run.matched.length, refused_count: refusedCount, refused_file: refused ? Buffer.from(refused) : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // The clerk's value choices, for the next import (only those the vocabulary does not already know).
    if (vocab) {
      for (const field of VALUE_FIELDS) {
        for (const [raw, target] of Object.entries(input.values[field] ?? {})) {
          const known = vocab.resolve(field, raw);
          if (known.target && known.via !== 'remembered') continue;
          await trx
            .insertInto('ledger_value_maps')
            .values({ field, raw: raw.trim(), target, updated_by: staff.userId, updated_at: now })
            .onConflict((oc) => oc.columns(['field', 'raw']).doUpdateSet({ target, updated_by: staff.userId, updated_at: now }))
            .execute();
        }
      }
    }
    const created: Array<{ row: number; caseNo: string }> = [];
    const ids: number[] = [];
    for (const r of rows) {
      const p = await insertCase(deps, trx, staff, rules, imp.id, run.ledgerName, r, now);
      created.push({ row: r.row, caseNo: p.case_no });
      ids.push(p.id);
      await detectRepeats(deps.db, trx, p.id);
    }
    await indexTitles(trx, ids);
    return { importId: imp.id, created };
  });
  return {
    importId: result.importId,
    imported: result.created.length,
    caseNos: result.created.map((c) => c.caseNo),
    created: result.created,
    ...summary({ ...run, rows }),
    refusedFile: refused ? `/api/staff/ledger/imports/${result.importId}/refused.xlsx` : null,
  };
}

async function insertCase(deps: Deps, trx: Transaction<DB>, staff: StaffSession, rules: ClockRules, importId: string, ledgerName: string, r: ImportRow, now: Date) {
  const h = r.history;
  const year = Number(chinaDate(r.receivedAt).slice(0, 4));
  const { rows: no } = await sql<{ case_no: string }>`SELECT next_case_no(${year}) AS case_no`.execute(trx);
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
      anonymous: r.person === null && !r.identityMasked,
      joint: r.channel !== 'visit' && r.others.length > 0,
      person_count: Math.max(r.personCount, r.channel === 'visit' ? 1 : 1 + r.others.length),
      status: h.status,
      scope: r.scope,
      route_mode: h.routeMode,
      agency_id: r.agencyId,
      received_at: r.receivedAt,
      registered_at: now,
      replied_at: h.repliedAt,
      closed_at: h.closedAt,
      rating: r.rating,
      rated_at: r.rating ? h.repliedAt : null,
      updated_at: now,
    })
    .returning(['id', 'case_no'])
    .executeTakeFirstOrThrow();
  if (r.person) {
    const sealed = sealPerson(deps.keys, r.person);
    // Two numbers in one cell: both are kept (sealed), the first one is matched.
    if (r.person.phoneText) sealed.phone_enc = deps.keys.seal(r.person.phoneText);
    await trx.insertInto('petitioners').values({ petition_id: p.id, role: 'signer', ord: 0, ...sealed }).execute();
  }
  if (r.others.length) {
    const role = r.channel === 'visit' ? 'representative' : 'cosigner';
    await trx.insertInto('petitioners').values(r.others.map((o, i) => ({ petition_id: p.id, role, ord: i + 1, ...sealPerson(deps.keys, o) }))).execute();
  }
  await trx
    .insertInto('petition_imports')
    .values({ petition_id: p.id, import_id: importId, row: r.row, source_key: ledgerKey(ledgerName), reference: r.reference, result_text: r.resultText, remarks: r.remarks })
    .execute();
  if (r.source !== r.channel || r.skipLevel || r.repeatVisit || r.receivingLeader) {
    await trx
      .insertInto('registration_details')
      .values({
        petition_id: p.id,
        source: r.source,
        referrer: isReferral(r.source) ? r.referrer : null,
        referrer_doc_no: isReferral(r.source) ? r.referrerDocNo : null,
        skip_level: r.skipLevel,
        repeat_visit: r.repeatVisit,
        receiving_leader: r.receivingLeader,
        // History: a referral's report-back is not owed again for a case the ledger closed.
        reported_at: isReferral(r.source) && (h.status === 'closed' || h.status === 'declined') ? h.closedAt : null,
      })
      .execute();
  }
  await trx
    .insertInto('events')
    .values({
      petition_id: p.id, at: now, type: 'import', visibility: 'internal', actor_kind: 'staff', actor_id: staff.userId,
      data: JSON.stringify({ importId, row: r.row, reference: r.reference, ledgerName, status: h.status, notes: r.notes }),
    })
    .execute();
  if (h.repliedAt && r.replyText) {
    await trx
      .insertInto('events')
      .values({ petition_id: p.id, at: h.repliedAt, type: 'reply', visibility: 'public', actor_kind: 'staff', actor_id: staff.userId, public_text: r.replyText, data: JSON.stringify({ text: r.replyText, level: 0, imported: true }) })
      .execute();
  }
  await insertClocks(trx, rules, p.id, r, now);
  return p;
}

/** The history's clocks with their due dates; a running clock whose reminder or expiry is already
 *  past is marked as noted, so the clock job writes nothing for the past. */
async function insertClocks(trx: Transaction<DB>, rules: ClockRules, petitionId: number, r: ImportRow, now: Date) {
  const today = chinaDate(now);
  let handleDue: ReturnType<typeof dueFor> | null = null;
  const values = r.history.clocks.map((c) => {
    const period = rules.periods[c.clock];
    const due = c.clock === 'feedback' && handleDue ? handleDue : dueFor(rules.calendar, c.start, period);
    if (c.clock === 'handle') handleDue = due;
    const reminder = CLOCK_REMINDERS[c.clock];
    const horizon = reminder ? (reminder.unit === 'working' ? addWorkingDays(rules.calendar, today, reminder.days) : addDays(today, reminder.days)) : null;
    const running = c.stoppedAt === null;
    return {
      petition_id: petitionId,
      clock: c.clock,
      started_at: c.start,
      due_date: due.dueDate,
      due_at: due.dueAt,
      unit: period.unit,
      stopped_at: c.stoppedAt,
      // Counted from the row's own day for the period in force, so a calendar change recounts it;
      // the agency's report-back date follows the handling deadline, a date set, never recounted.
      start_date: chinaDate(c.start),
      period_days: c.clock === 'feedback' ? null : period.days,
      reminded_at: running && horizon && due.dueDate <= horizon ? now : null,
      overdue_noted_at: running && due.dueAt <= now ? now : null,
    };
  });
  if (values.length) await trx.insertInto('clocks').values(values).execute();
}

export async function refusedFileOf(deps: Deps, staff: StaffSession, importId: string) {
  if (!can(staff.role, 'cases.import')) throw forbidden();
  if (!/^[0-9a-f-]{36}$/i.test(importId)) throw notFound('没有找到该次导入');
  const row = await deps.db.selectFrom('ledger_imports').select(['refused_file', 'file_name', 'ledger_name']).where('id', '=', importId).executeTakeFirst();
  if (!row?.refused_file) throw notFound('该次导入没有未导入的行');
  return { name: `未导入的行-${(row.ledger_name || row.file_name).replace(/\.(xlsx|csv)$/i, '')}.xlsx`, body: new Uint8Array(row.refused_file) };
}
