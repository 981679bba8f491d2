// How the words and dates of an office's ledger read as our vocabulary: channel, purpose,
// status, scope and rating by their codes, their labels, or the short forms ledgers use; dates
// as Excel dates, Excel serial numbers, or text such as 2026-05-03, 2026/5/3, 2026年5月3日 10:30,
// always China local time. Pure.
import {
  CHANNEL_LABELS, CHANNELS, PURPOSE_LABELS, PURPOSES, RATING_LABELS, RATING_SCORES, SCOPE_LABELS, SCOPES, STATUS_LABELS, STATUSES,
  type Channel, type Purpose, type RatingScore, type Scope, type Status,
} from '../contract/enums.ts';
import type { Cell } from './ledger-parse.ts';

const squeeze = (s: string) => s.normalize('NFKC').replace(/[\s（）()]/g, '').toLowerCase();

function lookup<T extends string>(codes: readonly T[], labels: Record<T, string>, extra: Record<string, T>) {
  const map = new Map<string, T>();
  for (const c of codes) {
    map.set(squeeze(c), c);
    map.set(squeeze(labels[c]), c);
  }
  for (const [k, v] of Object.entries(extra)) map.set(squeeze(k), v);
  return (raw: string): T | undefined => map.get(squeeze(raw));
}

export const readChannel = lookup<Channel>(CHANNELS, CHANNEL_LABELS, {
  信: 'letter', 信件: 'letter', 书信: 'letter', 来信: 'letter',
  访: 'visit', 走访: 'visit', 来访: 'visit', 集体访: 'visit',
  网上: 'online', 网信: 'online', 网络: 'online', 网上来信: 'online', 网上投诉: 'online',
  来电: 'phone', 电话: 'phone', 热线: 'phone',
});
export const readPurpose = lookup<Purpose>(PURPOSES, PURPOSE_LABELS, {
  意见: 'suggestion', 建议: 'suggestion', 检举: 'accusation', 控告: 'accusation', 举报: 'accusation', 投诉举报: 'accusation',
  申诉: 'appeal', 求决: 'demand', 诉求: 'demand', 咨询: 'inquiry',
});
/** Ledger statuses; merged and review states are not importable (they need a live case). */
export const readStatus = lookup<Status>(STATUSES, STATUS_LABELS, {
  已登记: 'registered', 待受理: 'registered', 登记: 'registered', 已受理: 'accepted', 受理: 'accepted', 不予受理: 'declined',
  办理中: 'handling', 自办: 'handling', 在办: 'handling', 已转送: 'forwarded', 转办: 'forwarded', 转送: 'forwarded',
  已交办: 'assigned', 交办: 'assigned', 已答复: 'replied', 答复: 'replied', 已办结: 'closed', 办结: 'closed', 结案: 'closed', 已结案: 'closed',
});
export const IMPORTABLE_STATUSES: readonly Status[] = ['registered', 'accepted', 'declined', 'handling', 'forwarded', 'assigned', 'replied', 'closed'];
export const readScope = lookup<Scope>(SCOPES, SCOPE_LABELS, {
  本级: 'own', 本级人大: 'own', 本机关: 'own', 人大: 'own', 政府: 'government', 行政机关: 'government', 监委: 'supervision',
  监察委: 'supervision', 纪委监委: 'supervision', 法院: 'court', 检察院: 'procuratorate', 下级人大: 'lower_congress',
  诉讼: 'legal_route', 仲裁: 'legal_route', 复议: 'legal_route', 法定途径: 'legal_route', 不属于: 'none',
});
export const readRating = lookup<RatingScore>(RATING_SCORES, RATING_LABELS, { 很满意: 'satisfied', 比较满意: 'basically_satisfied' });

/** A cell as text ('' when empty). */
export function text(c: Cell): string {
  if (c === null) return '';
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  return String(c).trim();
}

const CHINA_OFFSET_MS = 8 * 3_600_000;
const DATE_RE = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+(\d{1,2})\s*[:：时]\s*(\d{1,2})\s*(?:[:：]\s*(\d{1,2}))?\s*分?)?$/;

function chinaInstant(y: number, mo: number, d: number, h = 12, mi = 0, s = 0): Date | undefined {
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s) - CHINA_OFFSET_MS);
}

/** A ledger date as an instant; date-only values are taken as noon China time. */
export function readDate(c: Cell): Date | undefined {
  if (c === null) return undefined;
  if (c instanceof Date) {
    // Excel stores local wall time; the reader hands it over as if it were UTC.
    const hasTime = c.getUTCHours() + c.getUTCMinutes() + c.getUTCSeconds() > 0;
    return chinaInstant(c.getUTCFullYear(), c.getUTCMonth() + 1, c.getUTCDate(), hasTime ? c.getUTCHours() : 12, hasTime ? c.getUTCMinutes() : 0);
  }
  if (typeof c === 'number' || /^\d{5}(\.\d+)?$/.test(String(c).trim())) {
    const serial = Number(c);
    if (serial < 20_000 || serial > 80_000) return undefined;
    const ms = Math.round((serial - 25_569) * 86_400_000); // days since 1899-12-30 → Unix ms
    const d = new Date(ms);
    return readDate(d);
  }
  const m = DATE_RE.exec(String(c).trim());
  if (!m) return undefined;
  const n = m.slice(1).map((x) => (x === undefined ? undefined : Number(x)));
  return chinaInstant(n[0]!, n[1]!, n[2]!, n[3] ?? 12, n[4] ?? 0, n[5] ?? 0);
}
