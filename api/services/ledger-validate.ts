// The dry run of a ledger import: every row read through the column mapping and checked, every
// problem reported with its row number, column and a reason in plain Chinese. Nothing is written;
// the import runs only when this finds no problem at all (all or nothing).
import { IMPORT_FIELDS, type ImportField, type ImportMapping } from '../contract/analysis.ts';
import { LIMITS, type Channel, type Purpose, type RatingScore, type Scope, type Status } from '../contract/enums.ts';
import { isValidIdNumber, isValidPhone } from '../contract/schemas.ts';
import type { Deps } from '../context.ts';
import { badRequest } from '../http/errors.ts';
import { categoryIndex, type CategoryIndex } from './category-index.ts';
import type { PersonInput } from './identity.ts';
import type { Cell, Ledger } from './ledger-parse.ts';
import { IMPORTABLE_STATUSES, readChannel, readDate, readPurpose, readRating, readScope, readStatus, text } from './ledger-values.ts';

export type ImportRow = {
  row: number;
  receivedAt: Date;
  channel: Channel;
  purpose: Purpose;
  categoryCode: string;
  title: string;
  content: string;
  place: string | null;
  personCount: number;
  person: PersonInput | null;
  status: Status;
  scope: Scope | null;
  agencyId: string | null;
  acceptedAt: Date | null;
  repliedAt: Date | null;
  replyText: string | null;
  rating: RatingScore | null;
  reference: string | null;
};
export type RowError = { row: number; field: ImportField | null; column: string | null; value: string; message: string };

const KIND_SCOPE: Record<string, Scope> = { government: 'government', supervision: 'supervision', court: 'court', procuratorate: 'procuratorate', lower_congress: 'lower_congress', committee: 'own' };
const ACCEPTED_STATES: readonly Status[] = ['accepted', 'handling', 'forwarded', 'assigned', 'replied', 'closed'];

function readCategory(index: CategoryIndex, raw: string): string | undefined | 'ambiguous' {
  if (index.byCode.has(raw)) return raw;
  const parts = raw.split(/\s*[/／\\>＞-]\s*/).filter(Boolean);
  const leaf = parts.at(-1) ?? raw;
  const named = (index.byName.get(leaf) ?? []).filter((c) => parts.length < 2 || index.byCode.get(c.parent ?? '')?.name === parts.at(-2));
  if (named.length === 1) return named[0].code;
  return named.length > 1 ? 'ambiguous' : undefined;
}

export async function validateLedger(deps: Deps, ledger: Ledger, mapping: ImportMapping): Promise<{ rows: ImportRow[]; errors: RowError[] }> {
  const column = new Map<ImportField, number>();
  const mappingProblems: Record<string, string> = {};
  for (const [field, header] of Object.entries(mapping) as Array<[ImportField, string]>) {
    if (!header) continue;
    const i = ledger.headers.indexOf(header);
    if (i < 0) mappingProblems[field] = `文件中没有“${header}”这一列`;
    else column.set(field, i);
  }
  for (const [field, def] of Object.entries(IMPORT_FIELDS)) {
    if (def.required && !column.has(field as ImportField)) mappingProblems[field] ??= `请为“${def.label}”选择对应的列`;
  }
  if (Object.keys(mappingProblems).length) throw badRequest('列对应关系不完整，请检查', mappingProblems);

  const [index, agencies] = await Promise.all([categoryIndex(deps.db), deps.db.selectFrom('agencies').select(['id', 'name', 'kind']).execute()]);
  const agencyByName = new Map(agencies.map((a) => [a.name.replace(/\s/g, ''), a]));
  const now = deps.now();
  const errors: RowError[] = [];
  const rows: ImportRow[] = [];
  const references = new Map<string, number>();

  for (const { row, cells } of ledger.rows) {
    const problems: RowError[] = [];
    const cell = (f: ImportField): Cell => (column.has(f) ? cells[column.get(f)!] ?? null : null);
    const val = (f: ImportField) => text(cell(f));
    const fail = (f: ImportField, message: string) => problems.push({ row, field: f, column: mapping[f] ?? null, value: val(f).slice(0, 100), message });
    const date = (f: ImportField, required: boolean) => {
      if (!val(f)) {
        if (required) fail(f, `缺少${IMPORT_FIELDS[f].label}`);
        return null;
      }
      const d = readDate(cell(f));
      if (!d) fail(f, `${IMPORT_FIELDS[f].label}不是有效日期（例如 2026-05-03）`);
      else if (d > now) fail(f, `${IMPORT_FIELDS[f].label}晚于今天`);
      else if (d.getUTCFullYear() < 2000) fail(f, `${IMPORT_FIELDS[f].label}早于 2000 年`);
      return d ?? null;
    };
    const pick = <T>(f: ImportField, read: (s: string) => T | undefined, what: string, required: boolean): T | null => {
      if (!val(f)) {
        if (required) fail(f, `缺少${what}`);
        return null;
      }
      const v = read(val(f));
      if (v === undefined) fail(f, `无法识别的${what}“${val(f).slice(0, 20)}”`);
      return v ?? null;
    };

    const receivedAt = date('receivedAt', true);
    const channel = pick('channel', readChannel, '来源渠道', true);
    const purpose = pick('purpose', readPurpose, '信访目的', true);
    let categoryCode: string | null = null;
    if (!val('category')) fail('category', '缺少内容分类');
    else {
      const c = readCategory(index, val('category'));
      if (c === 'ambiguous') fail('category', `内容分类“${val('category')}”有重名，请写成“上级分类/分类”`);
      else if (!c) fail('category', `内容分类“${val('category').slice(0, 20)}”不在分类表中`);
      else categoryCode = c;
    }
    const content = val('content');
    if (!content) fail('content', '缺少信访内容');
    else if (content.length > LIMITS.contentMax) fail('content', `信访内容超过 ${LIMITS.contentMax} 字`);
    const title = val('title') || [...content].slice(0, 30).join('');
    if (title.length > LIMITS.titleMax) fail('title', `标题超过 ${LIMITS.titleMax} 字`);
    const place = val('place') || null;
    if (place && place.length > LIMITS.placeMax) fail('place', `问题发生地超过 ${LIMITS.placeMax} 字`);
    let personCount = 1;
    if (val('personCount')) {
      personCount = Number(val('personCount').replace(/人$/, ''));
      if (!Number.isInteger(personCount) || personCount < 1 || personCount > 10_000) fail('personCount', '人数应为 1 至 10000 的整数');
    }

    const [name, phone, idNumber, address] = [val('name'), val('phone'), val('idNumber'), val('address')];
    let person: PersonInput | null = null;
    if (name || phone || idNumber || address) {
      if (!name) fail('name', '填写了联系方式却没有信访人姓名');
      if (name.length > LIMITS.nameMax) fail('name', `姓名超过 ${LIMITS.nameMax} 字`);
      if (phone && !isValidPhone(phone)) fail('phone', '联系电话格式不正确');
      if (idNumber && !isValidIdNumber(idNumber)) fail('idNumber', '身份证号码不正确');
      if (address.length > LIMITS.addressMax) fail('address', `地址超过 ${LIMITS.addressMax} 字`);
      person = { name, ...(phone ? { phone } : {}), ...(idNumber ? { idNumber } : {}), ...(address ? { address } : {}) };
    }

    const acceptedAt = date('acceptedAt', false);
    const repliedAt = date('repliedAt', false);
    let status = pick('status', readStatus, '办理状态', false) ?? (repliedAt ? 'closed' : acceptedAt ? 'accepted' : 'registered');
    if (!IMPORTABLE_STATUSES.includes(status)) {
      fail('status', `“${val('status')}”状态的信访件不能导入（合并、复查中的信访件请在系统中办理）`);
      status = 'registered';
    }
    const agencyRaw = val('agency');
    const agency = agencyRaw ? agencyByName.get(agencyRaw.replace(/\s/g, '')) : undefined;
    if (agencyRaw && !agency) fail('agency', `承办单位“${agencyRaw.slice(0, 30)}”不在单位名录中，请先由管理员添加`);
    let scope = pick('scope', readScope, '受理范围', false);
    if (!scope && ACCEPTED_STATES.includes(status)) scope = agency ? KIND_SCOPE[agency.kind] ?? 'own' : 'own';
    if (scope && !ACCEPTED_STATES.includes(status)) fail('scope', '未受理的信访件不应有受理范围');
    if ((status === 'replied' || status === 'closed') && !repliedAt) fail('repliedAt', `状态为“${val('status') || '已办结'}”时需要答复日期`);
    if (repliedAt && !['replied', 'closed', 'declined'].includes(status)) fail('repliedAt', '尚未答复的信访件不应有答复日期');
    if (receivedAt && acceptedAt && acceptedAt < receivedAt) fail('acceptedAt', '受理日期早于收到日期');
    if (receivedAt && repliedAt && repliedAt < receivedAt) fail('repliedAt', '答复日期早于收到日期');
    if (acceptedAt && repliedAt && repliedAt < acceptedAt) fail('repliedAt', '答复日期早于受理日期');
    const rating = pick('rating', readRating, '满意度', false);
    if (rating && !['replied', 'closed'].includes(status)) fail('rating', '尚未答复的信访件不能有满意度评价');
    const reference = val('reference') || null;
    if (reference) {
      if (references.has(reference)) fail('reference', `原台账编号与第 ${references.get(reference)} 行重复`);
      else references.set(reference, row);
    }

    if (problems.length) errors.push(...problems);
    else {
      rows.push({
        row, receivedAt: receivedAt!, channel: channel!, purpose: purpose!, categoryCode: categoryCode!, title, content, place, personCount, person, status,
        scope, agencyId: agency?.id ?? null, acceptedAt, repliedAt, replyText: val('replyText') || null, rating, reference,
      });
    }
  }
  return { rows, errors };
}
