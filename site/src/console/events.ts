// How a timeline event's structured data reads in the console ("交办：某局；报送期限 5月1日").
// Only known keys are shown; anything else stays in the API answer for the record.
import {
  CLOCK_LABELS,
  DECLINE_REASON_LABELS,
  DELIVERY_METHOD_LABELS,
  RATING_LABELS,
  ROUTE_MODE_LABELS,
  SCOPE_LABELS,
  SUPERVISE_KIND_LABELS,
  type ClockName,
  type DeclineReason,
  type DeliveryMethod,
  type RatingScore,
  type RouteMode,
  type Scope,
  type SuperviseKind,
} from '../../../api/contract/enums';
import { formatDate } from '../lib/api';
import type { CaseEvent } from './types';

const str = (v: unknown) => (typeof v === 'string' && v ? v : '');

export function eventDetails(ev: CaseEvent): string[] {
  const d = ev.data ?? {};
  const out: string[] = [];
  const scope = str(d.scope);
  if (scope) out.push('受理范围：' + (SCOPE_LABELS[scope as Scope] ?? scope));
  const mode = str(d.mode);
  if (mode) out.push('办理方式：' + (ROUTE_MODE_LABELS[mode as RouteMode] ?? mode));
  const agency = str(d.agencyName);
  if (agency) out.push('承办单位：' + agency);
  const reason = str(d.reasonCode);
  if (reason) out.push('理由：' + (DECLINE_REASON_LABELS[reason as DeclineReason] ?? reason));
  const kind = str(d.kind);
  if (kind && SUPERVISE_KIND_LABELS[kind as SuperviseKind]) out.push('督办方式：' + SUPERVISE_KIND_LABELS[kind as SuperviseKind]);
  if (typeof d.days === 'number') out.push(`延长 ${d.days} 日`);
  const due = str(d.dueAt) || str(d.dueDate);
  if (due) out.push('报送期限：' + formatDate(due));
  const into = str(d.intoCaseNo);
  if (into) out.push('合并到：' + into);
  const score = str(d.score);
  if (score) out.push('评价：' + (RATING_LABELS[score as RatingScore] ?? score));
  const clock = str(d.clockLabel);
  if (clock) out.push(clock);
  const instructions = str(d.instructions);
  if (instructions) out.push('交办要求：' + instructions);
  const toDate = str(d.toDate);
  if (ev.type === 'clock_recomputed') {
    out.push(`${CLOCK_LABELS[str(d.clock) as ClockName] ?? str(d.label)}：${formatDate(str(d.fromDate))} → ${formatDate(toDate)}（${str(d.reason)}）`);
  } else if (toDate) out.push('延至：' + formatDate(toDate));
  // The stages of issue 13: how a reply was delivered, a waiver, a delivery date recorded.
  const delivery = str(d.delivery);
  if (delivery && delivery !== 'online') {
    const when = [str(d.postedOn) && '邮寄 ' + formatDate(str(d.postedOn)), str(d.deliveredOn) && '送达 ' + formatDate(str(d.deliveredOn))].filter(Boolean).join('，');
    out.push(`送达方式：${DELIVERY_METHOD_LABELS[delivery as DeliveryMethod] ?? delivery}${when ? '（' + when + '）' : ''}`);
  } else if (ev.type === 'record_delivery' && str(d.deliveredOn)) out.push('送达日期：' + formatDate(str(d.deliveredOn)));
  const method = str(d.methodLabel);
  if (method) out.push('表示方式：' + method);
  if (d.pending === true) out.push('等待信访部门审核');
  const handleDue = str(d.handleDueDate);
  if (handleDue) out.push('办理期限至：' + formatDate(handleDue));
  if (typeof d.attachments === 'number' && d.attachments > 0) out.push(`附件 ${d.attachments} 个`);
  // 出具文书, 回访 (issue 15)
  if (str(d.docNo)) out.push(`${str(d.kindLabel)}　文号：${str(d.docNo)}`);
  if (str(d.resultLabel)) out.push(`回访结果：${str(d.resultLabel)}${str(d.methodLabel) ? `（${str(d.methodLabel)}）` : ''}`);
  return out;
}
