// How the identity cells of a real ledger read: phone numbers ("无", two numbers in one cell,
// full-width digits, spaces and dashes) and resident ID numbers (spaced, lower-case x, 15-digit
// first-generation numbers, converted to 18 digits as GB 11643 prescribes). What is unambiguous is
// accepted and normalised; anything else gets a message that says exactly what is wrong
// ("身份证号码校验位不正确", not "不正确"). Pure.
import { idCheckDigit, isValidIdNumber, normalisePhone } from '../contract/checks.ts';

export type Read<T> = { ok: true; value: T; note?: string } | { ok: false; kind: string; message: string };

/** Cell texts that mean "nothing here". */
const NOTHING = new Set(['', '无', '暂无', '没有', '不详', '未知', '空', '—', '-', '--', '/', '\\', '未留', '未提供', '未填', '拒绝提供', '不愿提供', '无电话', 'null', 'n/a']);
export const meansNothing = (s: string) => NOTHING.has(s.normalize('NFKC').trim().toLowerCase());
/** A masked cell of our own export (张**, 139****5678, 东湖市和平路****). */
export const isMasked = (s: string) => /[*＊]{2,}|^.[*＊]+$/.test(s.trim());

function validBirth(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 1900 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A resident ID number: spaces and full-width characters removed, x as X, 15 digits converted. */
export function readIdNumber(raw: string): Read<string> | null {
  const s = raw.normalize('NFKC').replace(/[\s\u3000-]/g, '').toUpperCase();
  if (meansNothing(s)) return null;
  if (/[^0-9X]/.test(s)) return { ok: false, kind: '身份证号码含有非数字字符', message: '身份证号码含有数字和 X 以外的字符' };
  if (s.length === 15) {
    if (!/^\d{15}$/.test(s)) return { ok: false, kind: '身份证号码含有非数字字符', message: '15 位旧身份证号码只能是数字' };
    const birth = '19' + s.slice(6, 12);
    if (!validBirth(birth)) return { ok: false, kind: '身份证号码中的出生日期不正确', message: `身份证号码中的出生日期“${birth}”不存在` };
    const first17 = s.slice(0, 6) + '19' + s.slice(6);
    return { ok: true, value: first17 + idCheckDigit(first17), note: '15 位旧身份证号码已按国家标准升为 18 位' };
  }
  if (s.length !== 18) return { ok: false, kind: '身份证号码位数不正确', message: `身份证号码应为 18 位（或 15 位旧号码），这里是 ${s.length} 位` };
  if (!/^\d{17}[\dX]$/.test(s)) return { ok: false, kind: '身份证号码含有非数字字符', message: '身份证号码只有最后一位可以是 X' };
  if (!validBirth(s.slice(6, 14))) return { ok: false, kind: '身份证号码中的出生日期不正确', message: `身份证号码中的出生日期“${s.slice(6, 14)}”不存在` };
  if (!isValidIdNumber(s)) return { ok: false, kind: '身份证号码校验位不正确', message: '身份证号码校验位不正确，请核对号码是否抄错' };
  return { ok: true, value: s };
}

function onePhone(token: string): Read<string> {
  const t = token.normalize('NFKC').replace(/[\s\u3000()（）]/g, '');
  const digits = normalisePhone(t.replace(/转\d+$/, ''));
  if (/[^\d+-]/.test(digits)) return { ok: false, kind: '联系电话含有非数字字符', message: `联系电话“${token}”含有数字以外的字符` };
  const plain = digits.replace(/-/g, '');
  if (/^1[3-9]\d{9}$/.test(plain) || /^0\d{2,3}\d{7,8}$/.test(plain)) return { ok: true, value: t.replace(/\s/g, '') };
  if (/^1\d*$/.test(plain)) return { ok: false, kind: '联系电话位数不正确', message: `联系电话“${token}”是 ${plain.length} 位，手机号应为 11 位` };
  if (/^[2-9]\d{6,7}$/.test(plain)) return { ok: false, kind: '固定电话缺少区号', message: `联系电话“${token}”没有区号，请写成 0571-88886666 这样` };
  return { ok: false, kind: '联系电话格式不正确', message: `联系电话“${token}”不是手机号，也不是带区号的固定电话` };
}

/** One or more phone numbers in a cell ("13812345678/0571-88886666", "无"). The first is the
 *  matching number; all are kept. */
export function readPhones(raw: string): Read<{ first: string; all: string }> | null {
  const s = raw.normalize('NFKC').trim();
  if (meansNothing(s)) return null;
  const tokens = s.split(/[/、,，;；]|\s{2,}|或|和|及/).map((t) => t.trim()).filter((t) => t && !meansNothing(t));
  if (!tokens.length) return null;
  const read = tokens.map(onePhone);
  const bad = read.find((r) => !r.ok);
  if (bad && !bad.ok) return bad;
  const values = read.map((r) => (r.ok ? r.value : ''));
  return { ok: true, value: { first: values[0], all: values.join('；') }, ...(values.length > 1 ? { note: `一格中有 ${values.length} 个电话，均已保存，以第一个用于甄别重复信访` } : {}) };
}

/** Representatives or co-signers in one cell: "张三（13800001111）；李四 13900002222、王五". */
export function readPeople(raw: string): Read<Array<{ name: string; phone?: string }>> | null {
  const s = raw.normalize('NFKC').trim();
  if (meansNothing(s)) return null;
  const out: Array<{ name: string; phone?: string }> = [];
  for (const part of s.split(/[；;、,，\n]/).map((p) => p.trim()).filter(Boolean)) {
    const m = /^(.+?)[\s(（:：]*([+\d][\d\s-]{6,})?[)）]?$/.exec(part);
    const name = (m?.[1] ?? part).replace(/[\s(（:：)）]+$/, '').trim();
    const phone = m?.[2]?.trim();
    if (!name) continue;
    if (phone) {
      const p = onePhone(phone);
      if (!p.ok) return { ok: false, kind: '代表联系电话格式不正确', message: `${name}的${p.message}` };
      out.push({ name, phone: p.value });
    } else out.push({ name });
  }
  return out.length ? { ok: true, value: out } : null;
}

