// Export of any filtered case list to .xlsx or CSV, a ledger that imports again without loss: it
// has every column the import reads (api/contract/ledger.ts), under headings the import
// recognises, dates as Excel dates in Beijing time, numbers as numbers. Identity (DESIGN §5):
//   - masked (张**, 139****5678) by default — the import recognises masked cells and leaves the
//     matched case's identity untouched;
//   - in full only when the user holds identity.reveal, asked for it AND gave a reason; that
//     export writes one `identity_export` event (with the reason) on every case it covers and one
//     admin audit row, in the same transaction as its ledger_exports row;
//   - never, masked or not, for an accusation (检举控告): an export may end up with an agency, and
//     the petitioner of an accusation is protected from it (条例 art. 30, 46). Agency officers
//     only ever reach their own agency's cases (scopedPetitions), and have no export at all. For
//     the same reason the repeat column is left empty where the link touches an accusation: it
//     would name the accuser's other case.
// Every export, with or without identities, leaves a ledger_exports row (who, when, filters).
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { ExportQuery } from '../contract/analysis.ts';
import { PURPOSE_LABELS, RATING_LABELS, SCOPE_LABELS, STATUS_LABELS, type Purpose, type RatingScore, type Scope, type Status } from '../contract/enums.ts';
import { SOURCE_LABELS, type Source } from '../contract/registration.ts';
import type { Deps, StaffSession } from '../context.ts';
import { chinaDate } from '../domain/calendar.ts';
import { can } from '../domain/permissions.ts';
import { badRequest, forbidden } from '../http/errors.ts';
import { recordAdminChange, type AdminActor } from './admin-audit.ts';
import { filteredCases } from './analysis-cases.ts';
import { categoryIndex } from './category-index.ts';
import { maskPerson, openPerson } from './identity.ts';
import { officeIdentity } from './office.ts';
import { ROUTE_VALUE_LABELS } from './ledger-values.ts';

export const EXPORT_ROWS_MAX = 50_000;
export const PROTECTED = '（检举控告，信访人信息依法保密）';
const ANONYMOUS = '（匿名）';

type Kind = 'text' | 'number' | 'datetime' | 'date';
/** Heading, width, cell kind. Every heading is one the import recognises (IMPORT_FIELDS aliases). */
const COLUMNS: Array<[string, number, Kind]> = [
  ['信访件编号', 14, 'text'], ['原编号', 10, 'text'], ['收到时间', 17, 'datetime'], ['来源', 12, 'text'], ['转交人', 16, 'text'], ['交办文号', 16, 'text'],
  ['信访目的', 9, 'text'], ['内容分类', 26, 'text'], ['标题', 30, 'text'], ['信访内容', 60, 'text'], ['问题发生地', 18, 'text'], ['人数', 6, 'number'],
  ['信访人姓名', 10, 'text'], ['联系电话', 16, 'text'], ['身份证号码', 20, 'text'], ['联系地址', 30, 'text'], ['集体访代表/联名人', 30, 'text'],
  ['办理状态', 16, 'text'], ['受理范围', 16, 'text'], ['受理日期', 12, 'date'], ['办理方式', 10, 'text'], ['转办单位', 22, 'text'], ['办结日期', 12, 'date'],
  ['答复意见', 50, 'text'], ['办理结果', 30, 'text'], ['满意度', 9, 'text'], ['接待领导', 10, 'text'], ['备注', 20, 'text'], ['重复信访（原件编号）', 16, 'text'],
];

export type ExportFile = { name: string; type: string; body: Uint8Array; rows: number };
type CellValue = string | number | Date | null;

/** An instant as Excel reads a date: Beijing wall time, stored as if it were UTC (Excel has no zones). */
const excelTime = (d: Date) => new Date(d.getTime() + 8 * 3_600_000);
const excelDay = (d: Date) => new Date(`${chinaDate(d)}T00:00:00Z`);
const csvTime = (d: Date) => excelTime(d).toISOString().slice(0, 16).replace('T', ' ');

export async function exportCases(deps: Deps, staff: StaffSession, q: ExportQuery, actor?: AdminActor): Promise<ExportFile> {
  if (!can(staff.role, 'cases.export')) throw forbidden();
  const withIdentity = q.identity && can(staff.role, 'identity.reveal');
  if (q.identity && !withIdentity) throw forbidden('您没有查看信访人身份信息的权限，请取消“包含身份信息”后导出');
  if (withIdentity && (q.reason ?? '').length < 2) throw badRequest('导出完整身份信息须填写理由（将记入审计日志）', { reason: '请填写导出完整身份信息的理由' });
  const base = await filteredCases(deps, staff, q);
  const { n } = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(n) > EXPORT_ROWS_MAX) throw badRequest(`符合条件的信访件有 ${n} 件，一次最多导出 ${EXPORT_ROWS_MAX} 件，请缩小范围`);
  const [rows, categories] = await Promise.all([
    base
      .leftJoin('agencies as a', 'a.id', 'p.agency_id')
      .leftJoin('petitions as r', 'r.id', 'p.repeat_of_id')
      .leftJoin('registration_details as d', 'd.petition_id', 'p.id')
      .leftJoin('petition_imports as i', 'i.petition_id', 'p.id')
      .select([
        'p.id', 'p.case_no', 'p.received_at', 'p.channel', 'p.purpose', 'p.category_code', 'p.title', 'p.content', 'p.place', 'p.person_count', 'p.status',
        'p.scope', 'p.route_mode', 'a.name as agency_name', 'p.replied_at', 'p.closed_at', 'p.rating', 'r.case_no as repeat_of', 'r.purpose as repeat_purpose', 'p.anonymous',
        'd.source', 'd.referrer', 'd.referrer_doc_no', 'd.receiving_leader', 'd.skip_level', 'd.repeat_visit',
        'i.reference', 'i.result_text', 'i.remarks',
        sql<Date | null>`(SELECT c.stopped_at FROM clocks c WHERE c.petition_id = p.id AND c.clock = 'accept' AND p.status <> 'declined')`.as('accepted_at'),
        sql<string | null>`(SELECT e.public_text FROM events e WHERE e.petition_id = p.id AND e.type = 'reply' ORDER BY e.id DESC LIMIT 1)`.as('reply_text'),
      ])
      .orderBy('p.received_at', 'asc')
      .orderBy('p.id', 'asc')
      .execute(),
    categoryIndex(deps.db),
  ]);
  const ids = rows.map((r) => r.id);
  const people = ids.length
    ? await deps.db.selectFrom('petitioners').select(['petition_id', 'role', 'ord', 'name_enc', 'phone_enc', 'id_number_enc', 'address_enc']).where('petition_id', 'in', ids).orderBy('petition_id').orderBy('ord').execute()
    : [];
  const byCase = new Map<number, typeof people>();
  for (const p of people) byCase.set(p.petition_id, [...(byCase.get(p.petition_id) ?? []), p]);
  const show = (p: (typeof people)[number]) => {
    const plain = openPerson(deps.keys, p);
    return withIdentity ? plain : maskPerson(plain);
  };

  const table: CellValue[][] = rows.map((r) => {
    const all = byCase.get(r.id) ?? [];
    const signer = all.find((p) => p.role === 'signer');
    let who: CellValue[];
    let others = '';
    if (r.purpose === 'accusation') who = [PROTECTED, '', '', ''];
    else {
      const s = signer ? show(signer) : null;
      who = s ? [s.name, s.phone ?? '', s.idNumber ?? '', s.address ?? ''] : [r.anonymous ? ANONYMOUS : '', '', '', ''];
      others = all.filter((p) => p.role !== 'signer').map((p) => {
        const o = show(p);
        return o.phone ? `${o.name}（${o.phone}）` : o.name;
      }).join('；');
    }
    const flags = [r.skip_level ? '越级访' : '', r.repeat_visit ? '重复访' : ''].filter(Boolean);
    const remarks = [r.remarks ?? '', ...flags.filter((f) => !(r.remarks ?? '').includes(f))].filter(Boolean).join('；');
    const route = r.status === 'declined' ? 'decline' : r.route_mode;
    const done = r.replied_at ?? (r.status === 'declined' ? r.closed_at : null);
    return [
      r.case_no, r.reference && !r.reference.startsWith('fp:') && r.reference !== r.case_no ? r.reference : '', r.received_at,
      SOURCE_LABELS[(r.source ?? r.channel) as Source] ?? r.channel, r.referrer ?? '', r.referrer_doc_no ?? '',
      PURPOSE_LABELS[r.purpose as Purpose], categories.byCode.get(r.category_code)?.path ?? r.category_code, r.title, r.content, r.place ?? '', r.person_count,
      ...who, others,
      STATUS_LABELS[r.status as Status] ?? r.status, r.scope ? SCOPE_LABELS[r.scope as Scope] : '', r.accepted_at,
      route ? ROUTE_VALUE_LABELS[route as keyof typeof ROUTE_VALUE_LABELS] ?? route : '', r.agency_name ?? '', done,
      r.reply_text ?? '', r.result_text ?? '', r.rating ? RATING_LABELS[r.rating as RatingScore] : '', r.receiving_leader ?? '', remarks, r.purpose === 'accusation' || r.repeat_purpose === 'accusation' ? '' : (r.repeat_of ?? ''),
    ];
  });

  const now = deps.now();
  const { format, identity: _i, cursor: _c, limit: _l, reason, ...filters } = q;
  await deps.db.transaction().execute(async (trx) => {
    const exp = await trx
      .insertInto('ledger_exports')
      .values({ user_id: staff.userId, at: now, format, filters: JSON.stringify(filters), row_count: rows.length, with_identity: withIdentity, petition_ids: ids.map(String), reason: withIdentity ? reason ?? null : null })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (!withIdentity) return;
    const revealed = rows.filter((r) => r.purpose !== 'accusation' && byCase.has(r.id));
    for (let i = 0; i < revealed.length; i += 1000) {
      await trx
        .insertInto('events')
        .values(revealed.slice(i, i + 1000).map((r) => ({ petition_id: r.id, at: now, type: 'identity_export', visibility: 'internal' as const, actor_kind: 'staff' as const, actor_id: staff.userId, data: JSON.stringify({ format, rows: rows.length, reason }) })))
        .execute();
    }
    await recordAdminChange(trx, actor ?? { userId: staff.userId, username: staff.username, ip: '' }, { action: 'ledger.export_identity', target: String(exp.id), after: { format, rows: rows.length, withIdentity: revealed.length, filters }, reason }, now);
  });

  const stamp = chinaDate(now).replaceAll('-', '');
  const headers = COLUMNS.map(([h]) => h);
  if (format === 'csv') {
    const line = (cells: CellValue[]) => cells.map((c, i) => csvField(c === null ? '' : c instanceof Date ? (COLUMNS[i][2] === 'date' ? chinaDate(c) : csvTime(c)) : c)).join(',');
    const csv = '\uFEFF' + [headers.map(csvField).join(','), ...table.map(line)].join('\r\n') + '\r\n';
    return { name: `信访台账-${stamp}.csv`, type: 'text/csv; charset=utf-8', body: new TextEncoder().encode(csv), rows: rows.length };
  }
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Xinfang';
  const ws = wb.addWorksheet('信访台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = COLUMNS.map(([header, width, kind]) => ({ header, width, ...(kind === 'datetime' ? { style: { numFmt: 'yyyy-mm-dd hh:mm' } } : kind === 'date' ? { style: { numFmt: 'yyyy-mm-dd' } } : {}) }));
  ws.getRow(1).font = { bold: true };
  for (const line of table) {
    ws.addRow(line.map((c, i) => (c instanceof Date ? (COLUMNS[i][2] === 'date' ? excelDay(c) : excelTime(c)) : c === '' ? null : c)));
  }
  const note = wb.addWorksheet('导出说明');
  note.addRows([
    ['导出单位', (await officeIdentity(deps)).name],
    ['导出时间（北京时间）', csvTime(now)],
    ['导出人', staff.username],
    ['件数', rows.length],
    ['信访人身份信息', withIdentity ? `完整（理由：${reason}；已记录审计日志）` : '已脱敏（再次导入时不改变系统中的身份信息）'],
    ['筛选条件', JSON.stringify(filters)],
    ['说明', '检举控告类信访事项的信访人信息不予导出。本表可按原样导入：已有的信访件按“信访件编号”对应，不会重复导入。'],
  ]);
  note.getColumn(1).width = 20;
  note.getColumn(2).width = 70;
  const buf = await wb.xlsx.writeBuffer();
  return { name: `信访台账-${stamp}.xlsx`, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: new Uint8Array(buf as ArrayBuffer), rows: rows.length };
}

/** A CSV field: quoted when needed, and a leading = + - @ neutralised so Excel runs no formula. */
export function csvField(v: string | number): string {
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
