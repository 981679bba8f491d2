// The dry run of a ledger import: every row read through the column mapping, its values normalised
// (ledger-values.ts, domain/person-values.ts) and mapped (ledger-vocab.ts), its history worked out
// (domain/ledger-history.ts), and every problem reported with its row, column and a reason that
// says exactly what is wrong. Rows already in the system — by our case number, or by the ledger's
// own number within the same ledger — are matched and reported, never imported twice; a number
// repeated inside the file is reported and imported once. Nothing is written here.
import crypto from 'node:crypto';
import { IMPORT_FIELDS, isValueField, type ImportField, type ImportGroup, type ImportMapping, type ImportProblem, type MatchedRow, type UnmatchedValue, type ValueField, type ValueMap } from '../contract/ledger.ts';
import { LIMITS, type Channel, type Purpose, type RatingScore, type Scope, type Status } from '../contract/enums.ts';
import { SOURCE_CHANNEL, type Source } from '../contract/registration.ts';
import type { Deps } from '../context.ts';
import { historyOf, isHistoryProblem, type History, type RouteValue } from '../domain/ledger-history.ts';
import { isMasked, meansNothing, readIdNumber, readPeople, readPhones } from '../domain/person-values.ts';
import { badRequest } from '../http/errors.ts';
import type { PersonInput } from './identity.ts';
import { defaultLedgerName, type Cell, type Ledger } from './ledger-parse.ts';
import { IMPORTABLE_STATUSES, plainText, readDateCell, squeeze, text, yearIn } from './ledger-values.ts';
import { loadVocabulary, type Vocabulary } from './ledger-vocab.ts';

export type ImportRow = {
  row: number;
  /** The key this row is matched by in later imports (the ledger's number, or a fingerprint). */
  reference: string;
  receivedAt: Date;
  source: Source;
  channel: Channel;
  referrer: string | null;
  referrerDocNo: string | null;
  purpose: Purpose;
  categoryCode: string;
  title: string;
  content: string;
  place: string | null;
  personCount: number;
  person: (PersonInput & { phoneText?: string }) | null;
  others: Array<{ name: string; phone?: string }>;
  /** Identity cells were masked (an export without identities): none is stored. */
  identityMasked: boolean;
  history: History;
  scope: Scope | null;
  agencyId: string | null;
  acceptedAt: Date | null;
  replyText: string | null;
  resultText: string | null;
  remarks: string | null;
  rating: RatingScore | null;
  skipLevel: boolean;
  repeatVisit: boolean;
  receivingLeader: string | null;
  notes: string[];
};

export type DryRun = {
  total: number;
  headerRow: number;
  ledgerName: string;
  skipped: Ledger['skipped'];
  rows: ImportRow[];
  matched: MatchedRow[];
  errors: ImportProblem[];
  groups: ImportGroup[];
  unmatched: UnmatchedValue[];
  /** What was read differently from how it was written (3月5日 → 2025-03-05, 15-digit IDs …). */
  notes: Array<{ row: number; note: string }>;
};

const KIND_SCOPE: Record<string, Scope> = { government: 'government', supervision: 'supervision', court: 'court', procuratorate: 'procuratorate', lower_congress: 'lower_congress', committee: 'own' };
const ACCEPTED_STATES: readonly Status[] = ['accepted', 'handling', 'forwarded', 'assigned', 'replied', 'closed'];
const CASE_NO_RE = /^\d{4}-\d{6,}$/;
const PROTECTED_RE = /依法保密/;
const ANONYMOUS_RE = /^[（(]?匿名[)）]?$/;

/** The ledger's key for matching 序号 across imports. */
export const ledgerKey = (name: string) => squeeze(name) || 'ledger';

function fingerprint(receivedAt: Date, content: string, name: string): string {
  return 'fp:' + crypto.createHash('sha256').update(`${receivedAt.toISOString().slice(0, 10)}|${squeeze(content).slice(0, 300)}|${squeeze(name)}`).digest('base64url').slice(0, 20);
}

export async function validateLedger(
  deps: Deps,
  ledger: Ledger,
  mapping: ImportMapping,
  opts: { fileName: string; values: ValueMap; ledgerName?: string },
): Promise<DryRun> {
  const column = new Map<ImportField, number>();
  const mappingProblems: Record<string, string> = {};
  for (const [field, header] of Object.entries(mapping) as Array<[ImportField, string]>) {
    if (!header) continue;
    const i = ledger.headers.indexOf(header);
    if (i < 0) mappingProblems[field] = `文件中没有“${header}”这一列（第 ${ledger.headerRow} 行是表头）`;
    else column.set(field, i);
  }
  for (const [field, def] of Object.entries(IMPORT_FIELDS)) {
    if (def.required && !column.has(field as ImportField)) mappingProblems[field] ??= `请为“${def.label}”选择对应的列（第 ${ledger.headerRow} 行是表头）`;
  }
  if (Object.keys(mappingProblems).length) throw badRequest(`列对应关系不完整：${Object.values(mappingProblems).join('；')}`, mappingProblems);

  const vocab = await loadVocabulary(deps, opts.values);
  const now = deps.now();
  const ledgerName = opts.ledgerName?.trim() || defaultLedgerName(ledger, opts.fileName);
  const key = ledgerKey(ledgerName);
  // The year of dates written without one: the column heading's, else the title's, else the name's.
  const ledgerYear = yearIn(ledger.titles.join(' ')) ?? yearIn(ledgerName) ?? yearIn(opts.fileName);
  const yearOf = (f: ImportField) => (column.has(f) ? yearIn(ledger.headers[column.get(f)!]) : null) ?? ledgerYear;

  const errors: ImportProblem[] = [];
  const notes: DryRun['notes'] = [];
  const rows: ImportRow[] = [];
  const unmatched = new Map<string, UnmatchedValue>();
  const seen = new Map<string, number>();
  // Rows that are already cases — ours by number, or this ledger's by its own number — are matched
  // and reported before anything else is checked: they are not imported again, whatever they say.
  const known = await knownRows(deps, ledger, column, key);
  const matched: MatchedRow[] = [];

  for (const { row, cells } of ledger.rows) {
    const hit = known.get(row);
    if (hit) {
      const first = seen.get(hit.reference);
      if (first === undefined) {
        seen.set(hit.reference, row);
        matched.push(hit);
      } else errors.push({ row, field: 'reference', column: mapping.reference ?? mapping.caseNo ?? null, value: hit.reference, kind: `${mapping.reference ?? mapping.caseNo ?? '序号'}：重复`, message: `“${hit.reference}”与第 ${first} 行相同，只处理第 ${first} 行` });
      continue;
    }
    const problems: ImportProblem[] = [];
    const rowNotes: string[] = [];
    const cell = (f: ImportField): Cell => (column.has(f) ? cells[column.get(f)!] ?? null : null);
    const val = (f: ImportField) => (f === 'reference' || f === 'caseNo' || f === 'personCount' ? plainText(cell(f)) : text(cell(f)));
    const fail = (f: ImportField | null, kind: string, message: string) => {
      // Grouped as "联系电话：位数不正确" — the column as the office named it, then what is wrong.
      const col = f ? mapping[f] ?? IMPORT_FIELDS[f].label : null;
      const what = col && kind.startsWith(col) && kind.length > col.length ? kind.slice(col.length) : kind;
      problems.push({ row, field: f, column: f ? mapping[f] ?? null : null, value: f ? val(f).slice(0, 100) : '', kind: col ? `${col}：${what}` : kind, message });
    };

    const date = (f: ImportField, required: boolean): Date | null => {
      const r = readDateCell(cell(f), yearOf(f));
      if (!r) {
        if (required) fail(f, '缺少日期', `缺少${IMPORT_FIELDS[f].label}`);
        return null;
      }
      if (!r.ok) {
        fail(f, r.kind, `${IMPORT_FIELDS[f].label}${r.message}`);
        return null;
      }
      if (r.at > now) fail(f, '日期晚于今天', `${IMPORT_FIELDS[f].label}晚于今天`);
      else if (r.at.getUTCFullYear() < 2000) fail(f, '日期早于 2000 年', `${IMPORT_FIELDS[f].label}早于 2000 年`);
      if (r.note) rowNotes.push(`${IMPORT_FIELDS[f].label}${r.note}`);
      return r.at;
    };
    const word = (f: ValueField, required: boolean): string | null => {
      const raw = val(f);
      if (!raw || (!required && meansNothing(raw)) || (f === 'rating' && /^(未评价|未回访|未参评)$/.test(raw))) {
        if (required) fail(f, '缺少', `缺少${IMPORT_FIELDS[f].label}`);
        return null;
      }
      const r = vocab.resolve(f, raw);
      if (r.target) return r.target;
      const k = `${f}|${squeeze(raw)}`;
      const u = unmatched.get(k) ?? { field: f, column: mapping[f] ?? null, value: raw, count: 0, rows: [], suggestions: vocab.suggest(f, raw) };
      u.count++;
      if (u.rows.length < 50) u.rows.push(row);
      unmatched.set(k, u);
      fail(f, '值未对应', `${IMPORT_FIELDS[f].label}“${raw.slice(0, 30)}”没有对应的${f === 'agency' ? '单位' : f === 'category' ? '分类' : '选项'}，请在“值对应”中选择`);
      return null;
    };

    const receivedAt = date('receivedAt', true);
    const source = word('channel', true) as Source | null;
    const purpose = word('purpose', true) as Purpose | null;
    const categoryCode = word('category', true);
    const content = val('content');
    if (!content) fail('content', '缺少', '缺少信访内容');
    else if (content.length > LIMITS.contentMax) fail('content', '过长', `信访内容超过 ${LIMITS.contentMax} 字`);
    const title = val('title') || [...content].slice(0, 30).join('');
    if (title.length > LIMITS.titleMax) fail('title', '过长', `标题超过 ${LIMITS.titleMax} 字`);
    const place = val('place') || null;
    if (place && place.length > LIMITS.placeMax) fail('place', '过长', `问题发生地超过 ${LIMITS.placeMax} 字`);
    let personCount = 1;
    if (val('personCount') && !meansNothing(val('personCount'))) {
      personCount = Number(val('personCount').replace(/\s|人次|人|名|个/g, ''));
      if (!Number.isInteger(personCount) || personCount < 1 || personCount > 10_000) fail('personCount', '不是人数', `人数“${val('personCount')}”应为 1 至 10000 的整数`);
    }

    // Identity: masked cells (our own export without identities) and protected ones carry none.
    const [nameCell, phoneRaw, idRaw, address] = [val('name'), val('phone'), val('idNumber'), val('address')];
    const name = ANONYMOUS_RE.test(nameCell) ? '' : nameCell;
    const masked = [name, phoneRaw, idRaw, address, val('representatives')].some((v) => v && isMasked(v)) || PROTECTED_RE.test(name);
    let person: ImportRow['person'] = null;
    let others: ImportRow['others'] = [];
    if (!masked) {
      const phones = phoneRaw ? readPhones(phoneRaw) : null;
      if (phones && !phones.ok) fail('phone', phones.kind, phones.message);
      else if (phones?.note) rowNotes.push(phones.note);
      const id = idRaw ? readIdNumber(idRaw) : null;
      if (id && !id.ok) fail('idNumber', id.kind, id.message);
      else if (id?.note) rowNotes.push(id.note);
      const hasName = name && !meansNothing(name);
      if (hasName || (phones?.ok ?? false) || (id?.ok ?? false)) {
        if (!hasName) fail('name', '缺少姓名', '填写了联系方式却没有信访人姓名');
        else if (name.length > LIMITS.nameMax) fail('name', '过长', `姓名超过 ${LIMITS.nameMax} 字`);
        if (address.length > LIMITS.addressMax) fail('address', '过长', `地址超过 ${LIMITS.addressMax} 字`);
        const okPhones = phones?.ok ? phones.value : null;
        person = {
          name,
          ...(okPhones ? { phone: okPhones.first, ...(okPhones.all !== okPhones.first ? { phoneText: okPhones.all } : {}) } : {}),
          ...(id?.ok ? { idNumber: id.value } : {}),
          ...(address && !meansNothing(address) ? { address } : {}),
        };
      }
      const people = val('representatives') ? readPeople(val('representatives')) : null;
      if (people && !people.ok) fail('representatives', people.kind, people.message);
      else if (people?.ok) others = people.value.filter((p) => squeeze(p.name) !== squeeze(name)).slice(0, LIMITS.cosignersMax);
    } else rowNotes.push('身份信息为脱敏数据，未导入（已有的信访件不受影响）');

    const acceptedAt = date('acceptedAt', false);
    const repliedAt = date('repliedAt', false);
    const explicit = word('status', false) as Status | null;
    if (explicit && !IMPORTABLE_STATUSES.includes(explicit)) fail('status', '状态不能导入', `“${val('status')}”状态的信访件不能导入（合并、复查中的信访件请在系统中办理）`);
    const routeMode = word('routeMode', false) as RouteValue | null;
    const agencyId = word('agency', false);
    const resultText = val('resultText') || null;
    const remarks = val('remarks') || null;
    const referrer = val('referrer') || null;
    const referrerDocNo = val('referrerDocNo') || null;
    const rating = word('rating', false) as RatingScore | null;

    let history: History | null = null;
    if (receivedAt && !problems.some((p) => p.field === 'status' || p.field === 'agency' || p.field === 'routeMode')) {
      const h = historyOf({ status: explicit && IMPORTABLE_STATUSES.includes(explicit) ? explicit : null, routeMode, agencyId, receivedAt, acceptedAt, repliedAt, resultText: resultText ?? '', now });
      if (isHistoryProblem(h)) fail(h.field, h.kind, h.message);
      else history = h;
    }
    let scope = word('scope', false) as Scope | null;
    if (history && !scope && ACCEPTED_STATES.includes(history.status)) scope = agencyId ? KIND_SCOPE[vocab.agencies.get(agencyId)?.kind ?? ''] ?? 'own' : 'own';
    if (history && scope && !ACCEPTED_STATES.includes(history.status)) fail('scope', '未受理却有受理范围', '未受理的信访件不应有受理范围');
    if (rating && history && !['replied', 'closed'].includes(history.status)) fail('rating', '未办结却有评价', '尚未办结的信访件不能有满意度评价');

    // Which case this row is: ours by number, or the ledger's own number within this ledger.
    const caseNo = val('caseNo');
    const reference = val('reference') || (CASE_NO_RE.test(caseNo) ? caseNo : '') || (receivedAt ? fingerprint(receivedAt, content, name) : '');
    if (reference) {
      const first = seen.get(reference);
      if (first !== undefined) {
        const what = val('reference') ? `序号“${reference}”` : reference.startsWith('fp:') ? '内容' : `信访件编号“${reference}”`;
        fail(val('reference') ? 'reference' : null, '重复', `${what}与第 ${first} 行相同，只导入第 ${first} 行；如是另一件，请改正序号后重新导入`);
      } else seen.set(reference, row);
    }

    const remarkText = `${remarks ?? ''}${resultText ?? ''}`;
    if (problems.length) errors.push(...problems);
    else {
      for (const n of rowNotes) notes.push({ row, note: n });
      rows.push({
        row, reference: reference || `row:${row}`, receivedAt: receivedAt!, source: source!, channel: SOURCE_CHANNEL[source!], referrer, referrerDocNo,
        purpose: purpose!, categoryCode: categoryCode!, title, content, place, personCount, person, others, identityMasked: masked, history: history!,
        scope, agencyId: history!.routeMode === 'self' ? null : agencyId, acceptedAt, replyText: val('replyText') || null, resultText, remarks, rating,
        skipLevel: /越级/.test(remarkText), repeatVisit: /重复访|重访|重复信访|多次来访/.test(remarkText), receivingLeader: val('receivingLeader') || null, notes: rowNotes,
      });
    }
  }

  // Rows without a number of their own are matched by their fingerprint (date, content, name).
  const byPrint = await importedRefs(deps, key, rows.filter((r) => r.reference.startsWith('fp:')).map((r) => r.reference));
  for (const r of rows) if (byPrint.has(r.reference)) matched.push({ row: r.row, reference: r.reference, caseNo: byPrint.get(r.reference)!, how: 'reference' });
  const matchedRows = new Set(matched.map((m) => m.row));
  return {
    total: ledger.rows.length,
    headerRow: ledger.headerRow,
    ledgerName,
    skipped: ledger.skipped,
    rows: rows.filter((r) => !matchedRows.has(r.row)),
    matched: matched.sort((a, b) => a.row - b.row),
    errors,
    groups: groupProblems(errors),
    unmatched: [...unmatched.values()].sort((a, b) => a.field.localeCompare(b.field) || b.count - a.count),
    notes,
  };
}

async function importedRefs(deps: Deps, key: string, refs: string[]): Promise<Map<string, string>> {
  if (!refs.length) return new Map();
  const rows = await deps.db
    .selectFrom('petition_imports as i')
    .innerJoin('petitions as p', 'p.id', 'i.petition_id')
    .select(['i.reference', 'p.case_no'])
    .where('i.source_key', '=', key)
    .where('i.reference', 'in', [...new Set(refs)])
    .execute();
  return new Map(rows.map((r) => [r.reference, r.case_no]));
}

/** Rows that are already cases: by our case number first, then by the ledger's own number. */
async function knownRows(deps: Deps, ledger: Ledger, column: Map<ImportField, number>, key: string): Promise<Map<number, MatchedRow>> {
  const cellOf = (r: Ledger['rows'][number], f: ImportField) => (column.has(f) ? plainText(r.cells[column.get(f)!] ?? null) : '');
  const caseNos = new Set<string>();
  const refs = new Set<string>();
  for (const r of ledger.rows) {
    const no = cellOf(r, 'caseNo');
    if (CASE_NO_RE.test(no)) caseNos.add(no);
    const ref = cellOf(r, 'reference') || (CASE_NO_RE.test(no) ? no : '');
    if (ref) refs.add(ref);
  }
  const [ours, byRef] = await Promise.all([
    caseNos.size ? deps.db.selectFrom('petitions').select('case_no').where('case_no', 'in', [...caseNos]).execute() : [],
    importedRefs(deps, key, [...refs]),
  ]);
  const own = new Set(ours.map((o) => o.case_no));
  const out = new Map<number, MatchedRow>();
  for (const r of ledger.rows) {
    const no = cellOf(r, 'caseNo');
    const ref = cellOf(r, 'reference') || (CASE_NO_RE.test(no) ? no : '');
    if (own.has(no)) out.set(r.row, { row: r.row, reference: ref || no, caseNo: no, how: 'case_no' });
    else if (ref && byRef.has(ref)) out.set(r.row, { row: r.row, reference: ref, caseNo: byRef.get(ref)!, how: 'reference' });
  }
  return out;
}

/** Problems by kind ("联系电话：位数不正确 — 37 行"), largest first. */
export function groupProblems(errors: ImportProblem[]): ImportGroup[] {
  const groups = new Map<string, ImportGroup & { seen: Set<number> }>();
  for (const e of errors) {
    const g = groups.get(e.kind) ?? { kind: e.kind, field: e.field, column: e.column, count: 0, rows: [], seen: new Set<number>() };
    if (!g.seen.has(e.row)) {
      g.seen.add(e.row);
      g.count++;
      if (g.rows.length < 100) g.rows.push(e.row);
    }
    groups.set(e.kind, g);
  }
  return [...groups.values()].map(({ seen: _s, ...g }) => g).sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind, 'zh'));
}

export { isValueField };
