// The fields of a letter found in its text (recognised or typed): the petitioner's and
// co-signers' names, phone numbers, ID numbers (only those whose GB 11643 checksum holds),
// address, the letter's date and the number of signatories of a joint letter; plus a proposed
// title and the request (诉求). Each value comes with where in the text it was found, so the
// console can show the part of the page it was read from. Pure; no engine, no database.
//
// Recognition confuses a few letters with digits inside numbers (O/0, l/1, S/5 …) and puts
// spaces or dashes in them: numbers are looked for in a copy of the text with those fixed one
// character for one, so every offset still points into the original text.
import { isValidIdNumber, isValidPhone } from '../contract/checks.ts';

export type LetterFields = {
  names: string[];
  phones: string[];
  idNumbers: string[];
  address: string;
  /** YYYY-MM-DD, or '' when the letter carries no date. */
  date: string;
  signatories: number;
};
export type Found = { start: number; end: number };
export type LetterReading = {
  fields: LetterFields;
  title: string;
  request: string;
  /** Where each value was found: keys `names.0`, `phones.1`, `idNumbers.0`, `address`, `date`,
   *  `signatories` (the signature block), `title`, `request`. */
  found: Record<string, Found>;
};

// The commonest surnames (百家姓 order), compound ones first: a name must start with one.
const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '令狐', '慕容', '宇文', '长孙', '司徒', '夏侯', '端木', '西门', '南宫'];
const SURNAMES = new Set(
  [...'赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛奚范彭郎鲁韦昌马苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于时傅皮卞齐康伍余元卜顾孟平黄和穆萧尹姚邵湛汪祁毛禹狄米贝明臧计伏成戴谈宋茅庞熊纪舒屈项祝董梁杜阮蓝闵席季麻强贾路娄危江童颜郭梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍虞万支柯昝管卢莫经房裘缪干解应宗丁宣贲邓郁单杭洪包诸左石崔吉钮龚程嵇邢滑裴陆荣翁荀羊於惠甄曲家封芮羿储靳汲邴糜松井段富巫乌焦巴弓牧隗山谷车侯宓蓬全郗班仰秋仲伊宫宁仇栾暴甘钭厉戎祖武符刘景詹束龙叶幸司韶郜黎蓟薄印宿白怀蒲邰从鄂索咸籍赖卓蔺屠蒙池乔阴胥能苍双闻莘党翟谭贡劳逄姬申扶堵冉宰郦雍却璩桑桂濮牛寿通边扈燕冀郏浦尚农温别庄晏柴瞿阎充慕连茹习宦艾鱼容向古易慎戈廖庾终暨居衡步都耿满弘匡国文寇广禄阙东欧殳沃利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶空曾毋沙乜养鞠须丰巢关蒯相查后荆红游竺权逯盖益桓公闫付覃黎'],
);
// Characters that end places, groups and roles, never a personal name.
const NOT_NAME_END = new Set([...'区县市镇村省路街道乡组号楼室人们员工民户等某局厅委会院所处科站']);
const NAME_STOP = new Set(['信访', '同志', '领导', '群众', '本人', '全体', '代表', '签名', '联名', '居民', '业主', '村民', '工友', '职工']);

/** A personal name: two to four Han characters starting with a surname, not a place or a role. */
export function looksLikeName(s: string): boolean {
  const chars = [...s];
  if (chars.length < 2 || chars.length > 4 || !/^\p{Script=Han}+$/u.test(s)) return false;
  const compound = COMPOUND_SURNAMES.some((c) => s.startsWith(c));
  if (!compound && (!SURNAMES.has(chars[0]) || chars.length > 3)) return false;
  if (NOT_NAME_END.has(chars[chars.length - 1]) || s.includes('某')) return false;
  return !NAME_STOP.has(s) && !NAME_STOP.has(chars.slice(0, 2).join(''));
}

const CONFUSED_DIGITS: Record<string, string> = { O: '0', o: '0', D: '0', Q: '0', l: '1', I: '1', '|': '1', i: '1', S: '5', s: '5', B: '8', Z: '2', z: '2', g: '9', b: '6' };

/** The text with full-width digits made ASCII, and inside digit-heavy runs the letters the
 *  engine confuses with digits made digits; one character for one, so offsets are kept. */
function numberView(text: string): string {
  const half = text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48)).replace(/[－—–]/g, '-');
  return half.replace(/[0-9OoDQlIi|SsBZzgb][0-9OoDQlIi|SsBZzgbXx \-]{9,}[0-9XxOoDQlIi|SsBZzgb]/g, (run) => {
    const digits = (run.match(/\d/g) ?? []).length;
    const letters = (run.match(/[A-Za-z|]/g) ?? []).length;
    if (digits < 8 || letters > 3) return run;
    return run.replace(/[OoDQlIi|SsBZzgb]/g, (c) => CONFUSED_DIGITS[c] ?? c);
  });
}

const strip = (s: string) => s.replace(/[\s-]/g, '');

function findIdNumbers(view: string): Array<{ value: string } & Found> {
  const out: Array<{ value: string } & Found> = [];
  for (const m of view.matchAll(/(?<![\dA-Za-z])\d(?:[ ]?\d){16}[ ]?[\dXx×](?![\d])/g)) {
    const value = strip(m[0]).replace(/[x×]/g, 'X');
    if (isValidIdNumber(value)) out.push({ value, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

function findPhones(view: string, taken: Found[]): Array<{ value: string } & Found> {
  const out: Array<{ value: string } & Found> = [];
  const free = (start: number, end: number) => !taken.some((t) => start < t.end && end > t.start);
  for (const m of view.matchAll(/(?<![\d])(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d){8}(?![\d])/g)) {
    const value = strip(m[0]).replace(/^\+?86(?=1\d{10}$)/, '');
    if (isValidPhone(value) && free(m.index, m.index + m[0].length)) out.push({ value, start: m.index, end: m.index + m[0].length });
  }
  // Landlines only where the letter says it is a phone number (amounts and dates look alike).
  for (const m of view.matchAll(/(?<![\d])(0\d{2,3})[ -]?(\d{7,8})(?![\d])/g)) {
    const before = view.slice(Math.max(0, m.index - 12), m.index);
    const value = m[1] + '-' + m[2];
    if (/电话|座机|联系方式|手机|Tel|tel/.test(before) && isValidPhone(value) && free(m.index, m.index + m[0].length)) {
      out.push({ value, start: m.index, end: m.index + m[0].length });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

const NAME_LABEL = /(?:信访人|写信人|反映人|来信人|具名人|姓名|联系人|署名|申诉人|控告人|举报人|检举人|求助人|申请人)(?:[（(][^）)\n]{0,6}[）)])?[：:]\s*/g;
const SELF_INTRO = /(?:我叫|我是|我名叫|本人叫|本人是|本人)(?=\p{Script=Han})/gu;
const JOINT_LABEL = /(?:联名人|联名群众|联名者|签名人|签名群众|联署人)(?:[（(][^）)\n]{0,6}[）)])?[：:]?\s*/g;

/** A name starting at `at`, longest first (names run into the next words in a letter). */
function nameAt(text: string, at: number): string | undefined {
  for (const n of [3, 2, 4]) {
    const s = text.slice(at, at + n);
    const next = text[at + n];
    if (looksLikeName(s) && (next === undefined || !/\p{Script=Han}/u.test(next) || /[，。、；\s]/.test(next))) return s;
  }
  for (const n of [3, 2]) {
    const s = text.slice(at, at + n);
    if (looksLikeName(s)) return s;
  }
  return undefined;
}

function findNames(text: string): { primary?: { value: string } & Found; joint?: { names: Array<{ value: string } & Found> } & Found } {
  let primary: ({ value: string } & Found) | undefined;
  for (const m of text.matchAll(NAME_LABEL)) {
    const at = m.index + m[0].length;
    const n = nameAt(text, at);
    if (n) {
      primary = { value: n, start: at, end: at + n.length };
      break;
    }
  }
  if (!primary) {
    for (const m of text.matchAll(SELF_INTRO)) {
      const at = m.index + m[0].length;
      const n = [3, 2, 4].map((k) => text.slice(at, at + k)).find((s) => looksLikeName(s) && /^[，,。；;、\s（(]/.test(text[at + s.length] ?? '，'));
      if (n) {
        primary = { value: n, start: at, end: at + n.length };
        break;
      }
    }
  }
  let joint: ({ names: Array<{ value: string } & Found> } & Found) | undefined;
  for (const m of text.matchAll(JOINT_LABEL)) {
    const names: Array<{ value: string } & Found> = [];
    let at = m.index + m[0].length;
    for (;;) {
      // Separators, "(签名)" and the phone numbers beside names in a signature list are skipped.
      while (/[、，,\s（()）签名:：0-9\-]/.test(text[at] ?? '')) at++;
      const n = nameAt(text, at);
      if (!n) break;
      names.push({ value: n, start: at, end: at + n.length });
      at += n.length;
    }
    if (names.length) {
      joint = { names, start: m.index, end: names[names.length - 1].end };
      break;
    }
  }
  return { primary, joint };
}

const ADDRESS_LABEL = /(?:家住|住址|通讯地址|联系地址|家庭住址|地址|现住|居住在|住在)[：:]?\s*/g;
const ADDRESS_WORD = /[省市区县镇乡村街道路巷弄号楼室栋组小区里院苑]/;

function findAddress(text: string): ({ value: string } & Found) | undefined {
  for (const m of text.matchAll(ADDRESS_LABEL)) {
    const at = m.index + m[0].length;
    const rest = text.slice(at, at + 80);
    const cut = rest.search(/[，,。；;\n]|联系电话|电话|手机|身份证/);
    const value = (cut < 0 ? rest : rest.slice(0, cut)).trim();
    if ([...value].length >= 4 && ADDRESS_WORD.test(value)) return { value, start: at, end: at + value.length };
  }
  return undefined;
}

const CN_DIGIT: Record<string, number> = { '〇': 0, '零': 0, '○': 0, 'Ｏ': 0, O: 0, o: 0, '0': 0, '一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9 };
function cnNumber(s: string): number {
  if (s === '十') return 10;
  if (s.startsWith('十')) return 10 + (CN_DIGIT[s[1]] ?? 0);
  if (s.includes('十')) return (CN_DIGIT[s[0]] ?? 0) * 10 + (CN_DIGIT[s[2]] ?? 0);
  return CN_DIGIT[s] ?? NaN;
}

function isoDate(y: number, m: number, d: number): string {
  if (!(y >= 1990 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31)) return '';
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCMonth() !== m - 1) return '';
  return t.toISOString().slice(0, 10);
}

/** The letter's own date: the last date in its closing part (a letter is dated under the
 *  signature), else none; dates inside the story are events, not the letter's date. */
function findDate(text: string, view: string): ({ value: string } & Found) | undefined {
  const found: Array<{ value: string } & Found> = [];
  for (const m of view.matchAll(/(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]/g)) {
    const value = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    if (value) found.push({ value, start: m.index, end: m.index + m[0].length });
  }
  // 〇 is often read as a letter O or a zero.
  for (const m of text.matchAll(/([〇零○Ｏ0Oo一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*[日号]/g)) {
    const y = Number([...m[1]].map((c) => CN_DIGIT[c]).join(''));
    const value = isoDate(y, cnNumber(m[2]), cnNumber(m[3]));
    if (value) found.push({ value, start: m.index, end: m.index + m[0].length });
  }
  for (const m of view.matchAll(/(?<![\d.])(\d{4})[.\/-](\d{1,2})[.\/-](\d{1,2})(?![\d.])/g)) {
    const value = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    if (value) found.push({ value, start: m.index, end: m.index + m[0].length });
  }
  found.sort((a, b) => a.start - b.start);
  const closing = text.length - Math.max(120, Math.floor(text.length * 0.25));
  const last = found[found.length - 1];
  if (!last) return undefined;
  const ownLine = (f: Found) => /(^|\n)\s*$/.test(text.slice(Math.max(0, f.start - 3), f.start)) && /^\s*(\n|$)/.test(text.slice(f.end, f.end + 3));
  return last.start >= closing || ownLine(last) ? last : undefined;
}

const REQUEST_MARK = /(?:恳请|恳求|请求|要求|希望|盼望|建议|请)/;
const REQUEST_START = /^(?:(?:特此|为此|因此|所以|现|故|我们|我|本人)[，,]?\s*)?(?:恳请|恳求|请求|要求|希望|盼望|建议|请)/;
const ADDRESSEE = /^(?:人大常委会|人大|各位领导|领导|上级|政府|有关部门|相关部门|贵委|贵单位|组织)+/;

function sentences(text: string): Array<{ s: string; start: number }> {
  const out: Array<{ s: string; start: number }> = [];
  for (const m of text.matchAll(/[^。！？!?\n]+[。！？!?]?/g)) {
    const s = m[0].trim();
    if (s) out.push({ s, start: m.index + m[0].indexOf(s) });
  }
  return out;
}

/** A title of at most `max` characters, cut at a clause boundary where it can be. */
function shorten(s: string, max = 30): string {
  const t = s.replace(/[。！？!?，,；;：:\s]+$/u, '');
  if ([...t].length <= max) return t;
  const head = [...t].slice(0, max).join('');
  const cut = Math.max(head.lastIndexOf('，'), head.lastIndexOf('、'), head.lastIndexOf('；'));
  return (cut >= 8 ? head.slice(0, cut) : head).replace(/[，、；]+$/, '');
}

function findTitleAndRequest(text: string, identity: Found[]): { title: string; request: string; titleAt?: Found; requestAt?: Found } {
  const paras = text.split('\n');
  const first = paras[0]?.trim() ?? '';
  // A title line of its own at the top (关于…的问题 / 反映…).
  let title = '';
  let titleAt: Found | undefined;
  // A title line: short, not the salutation, and either worded as a title or standing right above
  // the salutation.
  const second = paras[1]?.trim() ?? '';
  const wordedAsTitle = /关于|反映|申诉|建议|控告|检举|投诉|举报|请求|问题|意见/.test(first);
  const aboveSalutation = /[：:]$/.test(second) && [...second].length <= 20;
  if (first && [...first].length <= 40 && !/[：:]$/.test(first) && !/^尊敬|领导[：:]?$|同志们?[：:]?$/.test(first) && (wordedAsTitle || aboveSalutation)) {
    title = shorten(first.replace(/^(?:标题|事由)[：:]/, ''));
    titleAt = { start: text.indexOf(first), end: text.indexOf(first) + first.length };
  }
  const all = sentences(text);
  const inIdentity = (start: number, end: number) => identity.some((f) => f.start < end && f.end > start);
  // The request is what the letter asks for: a sentence that opens with asking (恳请…, 请求…,
  // 希望…; not "被要求" in the story), the first of the last paragraph that has one (letters end
  // with their request, before the closing).
  const asking = all.filter((x) => REQUEST_START.test(x.s) && !/此致|敬礼/.test(x.s) && !inIdentity(x.start, x.start + x.s.length) && [...x.s].length >= 6);
  const lastPara = asking.length ? text.slice(0, asking[asking.length - 1].start).split('\n').length : 0;
  const req = asking.find((x) => text.slice(0, x.start).split('\n').length === lastPara);
  let request = '';
  let requestAt: Found | undefined;
  if (req) {
    const at = req.s.search(REQUEST_MARK);
    request = req.s.slice(at).replace(/[。！？!?]$/, '');
    requestAt = { start: req.start + at, end: req.start + req.s.length };
  }
  if (!title && request) {
    // "恳请人大常委会督促有关部门…" → "请求督促有关部门…"
    const body = request.replace(REQUEST_MARK, '').replace(ADDRESSEE, '').replace(/^[，,：:\s]+/, '');
    if ([...body].length >= 4) {
      title = shorten('请求' + body);
      titleAt = requestAt;
    }
  }
  if (!title) {
    // The first sentence of the body without the writer's self-introduction.
    const body = all.find((x) => !/[：:]$/.test(x.s) && !/^尊敬/.test(x.s) && [...x.s].length >= 6);
    if (body) {
      const clauses = body.s.split(/[，,]/).filter((c) => !/^(?:我叫|我是|本人|家住|住址|我今年|今年|联系电话|电话|身份证)/.test(c.trim()) && !inIdentity(body.start + body.s.indexOf(c), body.start + body.s.indexOf(c) + c.length));
      title = shorten(clauses.join('，') || body.s);
      titleAt = { start: body.start, end: body.start + body.s.length };
    }
  }
  return { title, request, titleAt, requestAt };
}

/** Reads the fields of a letter's text. */
export function readLetter(text: string): LetterReading {
  const view = numberView(text);
  const found: Record<string, Found> = {};
  const ids = findIdNumbers(view);
  const phones = findPhones(view, ids);
  const { primary, joint } = findNames(text);
  const names: Array<{ value: string } & Found> = [];
  if (primary) names.push(primary);
  for (const n of joint?.names ?? []) if (!names.some((x) => x.value === n.value)) names.push(n);
  const address = findAddress(text);
  const date = findDate(text, view);
  const dedupe = <T extends { value: string }>(xs: T[]) => xs.filter((x, i) => xs.findIndex((y) => y.value === x.value) === i);
  const uniqueIds = dedupe(ids);
  const uniquePhones = dedupe(phones);
  uniqueIds.forEach((x, i) => (found[`idNumbers.${i}`] = { start: x.start, end: x.end }));
  uniquePhones.forEach((x, i) => (found[`phones.${i}`] = { start: x.start, end: x.end }));
  names.forEach((x, i) => (found[`names.${i}`] = { start: x.start, end: x.end }));
  if (address) found.address = { start: address.start, end: address.end };
  if (date) found.date = { start: date.start, end: date.end };
  if (joint) found.signatories = { start: joint.start, end: joint.end };
  const identity = [...uniqueIds, ...uniquePhones, ...names, ...(address ? [address] : [])];
  const t = findTitleAndRequest(text, identity);
  if (t.titleAt) found.title = t.titleAt;
  if (t.requestAt) found.request = t.requestAt;
  const signatories = joint ? new Set([...(primary ? [primary.value] : []), ...joint.names.map((n) => n.value)]).size : primary ? 1 : 0;
  return {
    fields: {
      names: names.map((n) => n.value),
      phones: uniquePhones.map((p) => p.value),
      idNumbers: uniqueIds.map((x) => x.value),
      address: address?.value ?? '',
      date: date?.value ?? '',
      signatories,
    },
    title: t.title,
    request: t.request,
    found,
  };
}
