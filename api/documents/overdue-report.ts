// 逾期未结通报: the cases a clerk selected on the overdue list, reported to the agencies that hold
// them — each case's number, matter, agency, the day it was routed, its deadline and the days past
// it — with the office's request to finish them. Every case must be overdue now (a running staff
// clock past due); an accusation's petitioner is never named (the report goes to agencies).
import { sql } from 'kysely';
import type { OfficeIdentity } from '../contract/schemas.ts';
import type { Deps, StaffSession } from '../context.ts';
import { addWorkingDays, chinaDate, daysBetween } from '../domain/calendar.ts';
import { badRequest } from '../http/errors.ts';
import { scopedPetitions } from '../services/case-scope.ts';
import { clockRules } from '../services/clocks.ts';
import { cnDateOf, contactLine, esc, type DocumentPage } from './layout.ts';

export type OverdueRow = { id: number; caseNo: string; title: string; agency: string; routedAt: Date | null; due: string; days: number };

/** The selected cases, each checked to be overdue now. */
export async function overdueRows(deps: Deps, staff: StaffSession, caseNos: string[], now: Date): Promise<OverdueRow[]> {
  const rows = await scopedPetitions(deps.db, staff)
    .leftJoin('agencies as a', 'a.id', 'p.agency_id')
    .select([
      'p.id', 'p.case_no', 'p.title', 'p.next_due_at', 'p.route_mode', 'a.name as agency_name',
      sql<Date | null>`(SELECT max(e.at) FROM events e WHERE e.petition_id = p.id AND e.type = 'route')`.as('routed_at'),
      sql<string>`(SELECT min(c.due_date)::text FROM clocks c WHERE c.petition_id = p.id AND c.stopped_at IS NULL
                    AND c.clock IN ('accept', 'ack', 'handle', 'feedback', 'review'))`.as('due_date'),
    ])
    .where('p.case_no', 'in', [...new Set(caseNos)])
    .execute();
  const missing = caseNos.filter((n) => !rows.some((r) => r.case_no === n));
  if (missing.length) throw badRequest(`没有找到信访件 ${missing.join('、')}`, { caseNos: `没有找到信访件 ${missing.join('、')}` });
  const notLate = rows.filter((r) => !(r.next_due_at < now));
  if (notLate.length) throw badRequest(`信访件 ${notLate.map((r) => r.case_no).join('、')} 没有超期，不列入逾期未结通报`, { caseNos: '所选信访件中有未超期的' });
  const today = chinaDate(now);
  return rows
    .map((r) => ({
      id: r.id,
      caseNo: r.case_no,
      title: r.title,
      agency: r.agency_name ?? (r.route_mode === 'self' ? '本机关（自办）' : '本机关（待交转办）'),
      routedAt: (r.routed_at as Date | null) ?? null,
      due: String(r.due_date),
      days: daysBetween(String(r.due_date), today),
    }))
    .sort((a, b) => a.agency.localeCompare(b.agency, 'zh') || b.days - a.days);
}

export async function buildOverdueReport(deps: Deps, rows: OverdueRow[], office: OfficeIdentity, issuedAt: Date): Promise<Omit<DocumentPage, 'office' | 'docNo' | 'date' | 'toolbar'>> {
  const agencies = [...new Set(rows.map((r) => r.agency).filter((a) => !a.startsWith('本机关')))];
  const rules = await clockRules(deps.db);
  const by = addWorkingDays(rules.calendar, chinaDate(issuedAt), 5);
  const table = `<table class="list"><colgroup><col style="width:12mm"><col style="width:27mm"><col><col style="width:32mm"><col style="width:23mm"><col style="width:23mm"><col style="width:13mm"></colgroup><thead><tr><th scope="col" class="nw">序号</th><th scope="col" class="nw">信访件编号</th><th scope="col">反映事项</th><th scope="col">承办单位</th><th scope="col" class="nw">转交日期</th><th scope="col" class="nw">办理期限</th><th scope="col" class="nw">超期<br>天数</th></tr></thead><tbody>${rows
    .map((r, i) => `<tr><td class="num">${i + 1}</td><td class="nw">${esc(r.caseNo)}</td><td>${esc(r.title)}</td><td>${esc(r.agency)}</td><td class="nw">${r.routedAt ? esc(chinaDate(r.routedAt)) : '—'}</td><td class="nw">${esc(r.due)}</td><td class="num">${r.days}</td></tr>`)
    .join('')}</tbody></table>`;
  const counts = agencies.map((a) => `${a} ${rows.filter((r) => r.agency === a).length} 件`).join('，');
  return {
    title: '关于信访事项逾期未办结情况的通报',
    recipient: agencies.length ? `${agencies.join('、')}：` : undefined,
    body: [
      { p: `截至${cnDateOf(issuedAt)}，下列${rows.length}件信访事项已超过办理期限仍未办结${counts ? `（${counts}）` : ''}，现予通报。` },
      { html: table },
      { p: `请有关单位高度重视，逐件分析原因，落实责任，于${cnDateOf(by)}前办结并将办理结果报送我办；确有特殊情况不能按期办结的，请书面说明理由。我办将对逾期未结事项继续跟踪督办，并在信访工作情况通报中通报办理情况。` },
    ],
    contact: contactLine(office),
    printed: true,
  };
}
