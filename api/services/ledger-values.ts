// How the words and dates of an office's ledger read as our vocabulary. Words: source (channel or
// referral), purpose, status, scope, 办理方式 and rating by their codes, their labels or the short
// forms ledgers use, plus hints (suggestions, never automatic) for the ambiguous ones. Dates: Excel
// dates and serial numbers, and the text forms real ledgers carry — 2026-05-03, 2026/5/3,
// 2026.5.3. (a trailing dot), 26.1.9, 20260503, 2026年5月3日 10:30, "2026-3-5 上午", full-width
// digits, and 3月5日 with the year taken from the ledger (its title, the column heading or the
// file name) — always China local time. Each refusal says exactly what is wrong. Pure.
import {
  CHANNEL_LABELS, PURPOSE_LABELS, PURPOSES, RATING_LABELS, RATING_SCORES, ROUTE_MODE_LABELS, SCOPE_LABELS, SCOPES, STATUS_LABELS, STATUSES,
  type Status,
} from '../contract/enums.ts';
import type { ValueField } from '../contract/ledger.ts';
import { SOURCE_LABELS, SOURCES } from '../contract/registration.ts';
import type { Cell } from './ledger-parse.ts';

/** The form values are compared in: NFKC (full-width → half-width), no spaces or brackets, lower case. */
export const squeeze = (s: string) => s.normalize('NFKC').replace(/[\s\u3000（）()【】[\]“”"'‘’·・:：]/g, '').toLowerCase();

/** 办理方式 values: the three routes, and 不予受理 (a decline recorded in the same column). */
export const ROUTE_VALUES = ['self', 'forward', 'assign', 'decline'] as const;
export const ROUTE_VALUE_LABELS: Record<(typeof ROUTE_VALUES)[number], string> = { ...ROUTE_MODE_LABELS, forward: '转办（转送）', decline: '不予受理' };
/** Ledger statuses; merged and review states are not importable (they need a live case). */
export const IMPORTABLE_STATUSES: readonly Status[] = ['registered', 'accepted', 'declined', 'handling', 'forwarded', 'assigned', 'replied', 'closed'];

type Vocab = { codes: readonly string[]; labels: Record<string, string>; extra: Record<string, string>; hints?: Record<string, string[]> };

/** The enum-valued fields: their codes, labels, accepted synonyms and suggestion-only hints. */
export const VOCABS: Record<Exclude<ValueField, 'category' | 'agency'>, Vocab> = {
  channel: {
    codes: SOURCES,
    labels: SOURCE_LABELS,
    extra: {
      ...Object.fromEntries(Object.entries(CHANNEL_LABELS).map(([k, v]) => [v, k])),
      信: 'letter', 信件: 'letter', 书信: 'letter', 人民来信: 'letter', 群众来信: 'letter',
      访: 'visit', 走访: 'visit', 个访: 'visit', 集体访: 'visit', 群体访: 'visit', 来访接待: 'visit',
      网信: 'online', 网络: 'online', 网上来信: 'online', 网上投诉: 'online', 网上信访: 'online', 电子邮件: 'online', 网上信箱: 'online',
      电话: 'phone', 热线: 'phone', 来电: 'phone',
      代表转交: 'deputy', 人大代表转来: 'deputy', 代表转办: 'deputy', 代表来信: 'deputy',
      领导批办: 'leader', 领导交办: 'leader', 领导批示: 'leader', 领导转办: 'leader',
      上级交办: 'upper_congress', 省人大交办: 'upper_congress', 省人大转办: 'upper_congress', 全国人大交办: 'upper_congress', 上级人大转办: 'upper_congress',
    },
    hints: { 传真: ['letter'], 邮件: ['letter', 'online'], 邮寄: ['letter'], 市人大转办: ['upper_congress'], 转来: ['deputy', 'leader'] },
  },
  purpose: {
    codes: PURPOSES,
    labels: PURPOSE_LABELS,
    extra: {
      意见: 'suggestion', 建议: 'suggestion', 检举: 'accusation', 控告: 'accusation', 举报: 'accusation', 投诉举报: 'accusation', 检举揭发: 'accusation',
      申诉: 'appeal', 求决: 'demand', 诉求: 'demand', 咨询: 'inquiry', 政策咨询: 'inquiry',
    },
    hints: { 投诉: ['demand', 'accusation'], 反映情况: ['suggestion', 'demand'], 反映问题: ['demand', 'suggestion'], 求助: ['demand'], 其他: ['suggestion'] },
  },
  status: {
    codes: STATUSES,
    labels: STATUS_LABELS,
    extra: {
      已登记: 'registered', 待受理: 'registered', 登记: 'registered', 已受理: 'accepted', 受理: 'accepted', 不予受理: 'declined',
      办理中: 'handling', 自办: 'handling', 在办: 'handling', 已转送: 'forwarded', 转办: 'forwarded', 转送: 'forwarded', 已转办: 'forwarded',
      已交办: 'assigned', 交办: 'assigned', 已答复: 'replied', 答复: 'replied', 已办结: 'closed', 办结: 'closed', 结案: 'closed', 已结案: 'closed',
    },
    hints: { 未办结: ['handling', 'forwarded'], 处理中: ['handling'] },
  },
  scope: {
    codes: SCOPES,
    labels: SCOPE_LABELS,
    extra: {
      本级: 'own', 本级人大: 'own', 本机关: 'own', 人大: 'own', 政府: 'government', 行政机关: 'government', 监委: 'supervision',
      监察委: 'supervision', 纪委监委: 'supervision', 法院: 'court', 检察院: 'procuratorate', 下级人大: 'lower_congress',
      诉讼: 'legal_route', 仲裁: 'legal_route', 复议: 'legal_route', 法定途径: 'legal_route', 不属于: 'none',
    },
  },
  routeMode: {
    codes: ROUTE_VALUES,
    labels: ROUTE_VALUE_LABELS,
    extra: {
      自办: 'self', 本机关办理: 'self', 直接办理: 'self', 直接答复: 'self', 当场答复: 'self',
      转办: 'forward', 转送: 'forward', 转交: 'forward', 转有关部门: 'forward', 交办: 'assign', 督办: 'assign', 交办督办: 'assign',
      不予受理: 'decline', 不受理: 'decline', 告知: 'decline', 引导: 'decline', 引导法定途径: 'decline',
    },
  },
  rating: {
    codes: RATING_SCORES,
    labels: RATING_LABELS,
    extra: { 很满意: 'satisfied', 非常满意: 'satisfied', 比较满意: 'basically_satisfied', 一般: 'basically_satisfied', 很不满意: 'dissatisfied' },
  },
};

const lookups = new Map<string, Map<string, string>>();
function lookupOf(field: keyof typeof VOCABS): Map<string, string> {
  let map = lookups.get(field);
  if (!map) {
    const v = VOCABS[field];
    map = new Map<string, string>();
    for (const c of v.codes) {
      map.set(squeeze(c), c);
      map.set(squeeze(v.labels[c]), c);
    }
    for (const [k, c] of Object.entries(v.extra)) map.set(squeeze(k), c);
    lookups.set(field, map);
  }
  return map;
}

/** Our value for a ledger word, when it is unambiguous. */
export function readWord(field: keyof typeof VOCABS, raw: string): string | undefined {
  return lookupOf(field).get(squeeze(raw));
}
/** Values a ledger word may mean, to suggest (never applied without the clerk). */
export function hintsFor(field: keyof typeof VOCABS, raw: string): string[] {
  const hints = VOCABS[field].hints ?? {};
  const k = squeeze(raw);
  return Object.entries(hints).find(([h]) => squeeze(h) === k)?.[1] ?? [];
}

/** A cell as text ('' when empty), as written: Chinese punctuation in free text stays as it is. */
export function text(c: Cell): string {
  if (c === null) return '';
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  return String(c).trim();
}

/** A cell as plain characters: NFKC turns full-width digits and letters (１２, Ａ) into ordinary
 *  ones — for numbers, counts and references, never for free text. */
export function plainText(c: Cell): string {
  return text(c).normalize('NFKC').trim();
}

// ---- Dates ----

const CHINA_OFFSET_MS = 8 * 3_600_000;
export type DateRead = { ok: true; at: Date; note?: string } | { ok: false; kind: string; message: string };

function chinaInstant(y: number, mo: number, d: number, h = 12, mi = 0, s = 0): DateRead {
  if (mo < 1 || mo > 12) return { ok: false, kind: '日期不存在', message: `月份 ${mo} 不存在` };
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (d < 1 || probe.getUTCMonth() !== mo - 1) return { ok: false, kind: '日期不存在', message: `${y}年${mo}月没有${d}日` };
  if (h > 23 || mi > 59 || s > 59) return { ok: false, kind: '时间不正确', message: `时间 ${h}:${String(mi).padStart(2, '0')} 不正确` };
  return { ok: true, at: new Date(Date.UTC(y, mo - 1, d, h, mi, s) - CHINA_OFFSET_MS) };
}

// A half day says when, roughly; the hour is the middle of an office's half day.
const HALF_DAY: Record<string, number> = { 上午: 9, 早上: 9, 中午: 12, 下午: 15, 晚上: 19, 傍晚: 18, am: 9, pm: 15 };
const TIME_RE = /(?:[\sT]*(上午|早上|中午|下午|晚上|傍晚|am|pm))?[\sT]*(?:(\d{1,2})\s*[:：时点]\s*(\d{1,2})?\s*(?:[:：分]\s*(\d{1,2})?\s*秒?)?)?\s*(上午|下午|am|pm)?$/i;

/** A ledger date as an instant; date-only values are taken as noon China time. `year` is the
 *  year the ledger is about, for dates written without one (3月5日). */
export function readDateCell(c: Cell, year: number | null): DateRead | null {
  if (c === null) return null;
  if (c instanceof Date) {
    // Excel stores local wall time; the reader hands it over as if it were UTC, to the
    // millisecond its floating-point day allows (rounded to the second here).
    const t = new Date(Math.round(c.getTime() / 1000) * 1000);
    const hasTime = t.getUTCHours() + t.getUTCMinutes() + t.getUTCSeconds() > 0;
    return chinaInstant(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate(), hasTime ? t.getUTCHours() : 12, hasTime ? t.getUTCMinutes() : 0, hasTime ? t.getUTCSeconds() : 0);
  }
  const raw = String(c).normalize('NFKC').trim().replace(/[。.．、,，\s]+$/, '');
  if (!raw || /^[-—/\\无]+$/.test(raw)) return null;
  // An Excel serial day number (a date cell saved as a number); 3.5 in a date column is 3月5日.
  if (/^\d{5}(\.\d+)?$/.test(raw)) {
    const serial = Number(raw);
    if (serial < 20_000 || serial > 80_000) return { ok: false, kind: '日期无法识别', message: `“${raw}”不是日期` };
    return readDateCell(new Date(Math.round((serial - 25_569) * 86_400_000)), year);
  }
  // Split the date part from a time part.
  const m = /^(?:(\d{2}|\d{4})\s*[-/.年]\s*)?(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(.*)$/.exec(raw) ?? /^(\d{4})(\d{2})(\d{2})(.*)$/.exec(raw);
  if (!m) return { ok: false, kind: '日期无法识别', message: `“${raw}”无法识别为日期，请写成 2026-03-05` };
  let y: number;
  let note: string | undefined;
  if (m[1] === undefined) {
    if (year === null) return { ok: false, kind: '日期没有年份', message: `“${raw}”没有年份，标题、列名和文件名中也没有写明年份，请写成 2026-03-05` };
    y = year;
    note = `“${raw}”按台账年份 ${year} 年读取`;
  } else y = m[1].length === 2 ? 2000 + Number(m[1]) : Number(m[1]);
  const rest = m[4].trim();
  const t = rest ? TIME_RE.exec(rest) : null;
  if (rest && !t) return { ok: false, kind: '日期无法识别', message: `“${raw}”中的“${rest}”无法识别` };
  const half = (t?.[1] ?? t?.[5])?.toLowerCase();
  let h = t?.[2] !== undefined ? Number(t[2]) : half ? HALF_DAY[half] : 12;
  if (t?.[2] !== undefined && (half === '下午' || half === 'pm' || half === '晚上') && h < 12) h += 12;
  const r = chinaInstant(y, Number(m[2]), Number(m[3]), h, t?.[3] ? Number(t[3]) : 0, t?.[4] ? Number(t[4]) : 0);
  return r.ok && note ? { ...r, note } : r;
}

/** The one year a text names (a title "2025年信访台账", a heading "收到日期（2025年）"); null when
 *  it names none or several. */
export function yearIn(textValue: string): number | null {
  const years = [...new Set([...textValue.normalize('NFKC').matchAll(/(20\d{2})\s*年?/g)].map((m) => Number(m[1])))];
  return years.length === 1 ? years[0] : null;
}
