// Export of any filtered case list (the ledger filter) to .xlsx or CSV, with the ledger's own
// column headers so an export can be imported elsewhere. Identity (DESIGN §5):
//   - masked (张**, 139****5678) by default;
//   - in full only when the user holds identity.reveal AND asked for it; that export writes one
//     `identity_export` event on every case it covers, in the same transaction as its audit row;
//   - never, masked or not, for an accusation (检举控告): an export may end up with an agency, and
//     the petitioner of an accusation is protected from it (条例 art. 30, 46). Agency officers
//     only ever reach their own agency's cases (scopedPetitions). For the same reason the repeat
//     column is left empty where the link touches an accusation: it would name the accuser's
//     other case.
// Every export, with or without identities, leaves a ledger_exports row (who, when, filters).
import ExcelJS from 'exceljs';
import type { ExportQuery } from '../contract/analysis.ts';
import { CHANNEL_LABELS, PURPOSE_LABELS, RATING_LABELS, SCOPE_LABELS, STATUS_LABELS, type Channel, type Purpose, type RatingScore, type Scope, type Status } from '../contract/enums.ts';
import type { Deps, StaffSession } from '../context.ts';
import { chinaDate } from '../domain/calendar.ts';
import { can } from '../domain/permissions.ts';
import { badRequest, forbidden } from '../http/errors.ts';
import { filteredCases } from './analysis-cases.ts';
import { categoryIndex } from './category-index.ts';
import { maskPerson, openPerson } from './identity.ts';

export const EXPORT_ROWS_MAX = 50_000;
const PROTECTED = '（检举控告，信访人信息依法保密）';
const ANONYMOUS = '（匿名）';

const COLUMNS = [
  ['信访件编号', 14], ['收到日期', 12], ['来源渠道', 9], ['信访目的', 9], ['内容分类', 26], ['标题', 30], ['信访内容', 60], ['问题发生地', 18],
  ['人数', 6], ['办理状态', 14], ['受理范围', 16], ['承办单位', 22], ['答复日期', 12], ['满意度', 9], ['重复信访（原件编号）', 16],
  ['信访人姓名', 10], ['联系电话', 14], ['身份证号码', 20], ['联系地址', 30],
] as const;

export type ExportFile = { name: string; type: string; body: Uint8Array; rows: number };

export async function exportCases(deps: Deps, staff: StaffSession, q: ExportQuery): Promise<ExportFile> {
  if (!can(staff.role, 'cases.export')) throw forbidden();
  const withIdentity = q.identity && can(staff.role, 'identity.reveal');
  if (q.identity && !withIdentity) throw forbidden('您没有查看信访人身份信息的权限，请取消“包含身份信息”后导出');
  const base = await filteredCases(deps, staff, q);
  const { n } = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(n) > EXPORT_ROWS_MAX) throw badRequest(`符合条件的信访件有 ${n} 件，一次最多导出 ${EXPORT_ROWS_MAX} 件，请缩小范围`);
  const [rows, categories] = await Promise.all([
    base
      .leftJoin('agencies as a', 'a.id', 'p.agency_id')
      .leftJoin('petitions as r', 'r.id', 'p.repeat_of_id')
      .leftJoin('petitioners as s', (j) => j.onRef('s.petition_id', '=', 'p.id').on('s.ord', '=', 0))
      .select([
        'p.id', 'p.case_no', 'p.received_at', 'p.channel', 'p.purpose', 'p.category_code', 'p.title', 'p.content', 'p.place', 'p.person_count', 'p.status',
        'p.scope', 'a.name as agency_name', 'p.replied_at', 'p.rating', 'r.case_no as repeat_of', 'r.purpose as repeat_purpose', 'p.anonymous',
        's.name_enc', 's.phone_enc', 's.id_number_enc', 's.address_enc',
      ])
      .orderBy('p.received_at', 'asc')
      .orderBy('p.id', 'asc')
      .execute(),
    categoryIndex(deps.db),
  ]);

  const table = rows.map((r) => {
    let who: string[];
    if (r.purpose === 'accusation') who = [PROTECTED, '', '', ''];
    else if (!r.name_enc) who = [ANONYMOUS, '', '', ''];
    else {
      const plain = openPerson(deps.keys, { name_enc: r.name_enc, phone_enc: r.phone_enc, id_number_enc: r.id_number_enc, address_enc: r.address_enc });
      const shown = withIdentity ? plain : maskPerson(plain);
      who = [shown.name, shown.phone ?? '', shown.idNumber ?? '', shown.address ?? ''];
    }
    return [
      r.case_no, chinaDate(r.received_at), CHANNEL_LABELS[r.channel as Channel], PURPOSE_LABELS[r.purpose as Purpose],
      categories.byCode.get(r.category_code)?.path ?? r.category_code, r.title, r.content, r.place ?? '', r.person_count,
      STATUS_LABELS[r.status as Status] ?? r.status, r.scope ? SCOPE_LABELS[r.scope as Scope] : '', r.agency_name ?? '',
      r.replied_at ? chinaDate(r.replied_at) : '', r.rating ? RATING_LABELS[r.rating as RatingScore] : '',
      r.purpose === 'accusation' || r.repeat_purpose === 'accusation' ? '' : (r.repeat_of ?? ''), ...who,
    ] as Array<string | number>;
  });

  const now = deps.now();
  const { format, identity: _i, cursor: _c, limit: _l, ...filters } = q;
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('ledger_exports')
      .values({ user_id: staff.userId, at: now, format, filters: JSON.stringify(filters), row_count: rows.length, with_identity: withIdentity, petition_ids: rows.map((r) => String(r.id)) })
      .execute();
    const revealed = rows.filter((r) => withIdentity && r.purpose !== 'accusation' && r.name_enc);
    for (let i = 0; i < revealed.length; i += 1000) {
      await trx
        .insertInto('events')
        .values(revealed.slice(i, i + 1000).map((r) => ({ petition_id: r.id, at: now, type: 'identity_export', visibility: 'internal' as const, actor_kind: 'staff' as const, actor_id: staff.userId, data: JSON.stringify({ format, rows: rows.length }) })))
        .execute();
    }
  });

  const stamp = chinaDate(now).replaceAll('-', '');
  const headers = COLUMNS.map(([h]) => h);
  if (format === 'csv') {
    const csv = '\uFEFF' + [headers, ...table].map((line) => line.map(csvField).join(',')).join('\r\n') + '\r\n';
    return { name: `信访台账-${stamp}.csv`, type: 'text/csv; charset=utf-8', body: new TextEncoder().encode(csv), rows: rows.length };
  }
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Xinfang';
  const ws = wb.addWorksheet('信访台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = COLUMNS.map(([header, width]) => ({ header, width }));
  ws.getRow(1).font = { bold: true };
  for (const line of table) ws.addRow(line);
  const note = wb.addWorksheet('导出说明');
  note.addRows([
    ['导出时间', now.toISOString()],
    ['导出人', staff.username],
    ['件数', rows.length],
    ['信访人身份信息', withIdentity ? '完整（已记录审计日志）' : '已脱敏'],
    ['筛选条件', JSON.stringify(filters)],
    ['说明', '检举控告类信访事项的信访人信息不予导出。'],
  ]);
  note.getColumn(1).width = 16;
  note.getColumn(2).width = 60;
  const buf = await wb.xlsx.writeBuffer();
  return { name: `信访台账-${stamp}.xlsx`, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: new Uint8Array(buf as ArrayBuffer), rows: rows.length };
}

/** A CSV field: quoted when needed, and a leading = + - @ neutralised so Excel runs no formula. */
export function csvField(v: string | number): string {
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
