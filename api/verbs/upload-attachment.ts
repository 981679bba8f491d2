// Stores one uploaded file in PostgreSQL, unbound until a filing or supplement claims it, sealed
// with the installation's suite like an identity (CRYPTO_SUITE: AES-256-GCM or SM4 + HMAC-SM3).
// The type is recognised from the bytes, never from the name or the declared type.
import crypto from 'node:crypto';
import path from 'node:path';
import { LIMITS, type UploadType } from '../contract/enums.ts';
import type { Deps } from '../context.ts';
import { AppError, badRequest } from '../http/errors.ts';

export function sniffType(b: Uint8Array): UploadType | undefined {
  const starts = (...sig: number[]) => sig.every((v, i) => b[i] === v);
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0x47, 0x49, 0x46, 0x38) && (b[4] === 0x37 || b[4] === 0x39) && b[5] === 0x61) return 'image/gif';
  if (starts(0x52, 0x49, 0x46, 0x46) && b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50) return 'image/webp';
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf';
  return undefined;
}

const EXT: Record<UploadType, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/gif': '.gif',
  'image/webp': '.webp',
  'application/pdf': '.pdf',
};

/** Keeps only a display name: no folders, no control characters, a sane length and extension. */
export function safeFileName(raw: string, type: UploadType): string {
  const base = path.posix.basename(raw.replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '').replace(/^\.+/, '').trim();
  const stem = (base.replace(/\.[^.]*$/, '') || '附件').slice(0, 80);
  return stem + EXT[type];
}

export const tooLarge = () =>
  new AppError(413, 'too_large', `文件过大：单个附件不能超过 ${LIMITS.uploadBytesMax / 1024 / 1024} MB，请压缩后重新上传`);

export async function uploadAttachment(deps: Deps, file: { name: string; bytes: Uint8Array }) {
  if (file.bytes.byteLength === 0) throw badRequest('文件是空的，请重新选择', { file: '文件是空的' });
  if (file.bytes.byteLength > LIMITS.uploadBytesMax) throw tooLarge();
  const type = sniffType(file.bytes);
  if (!type) {
    throw new AppError(415, 'unsupported_type', '只能上传图片（JPG、PNG、GIF、WEBP）或 PDF 文件', { fields: { file: '文件类型不支持' } });
  }
  const data = Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength);
  const row = await deps.db
    .insertInto('attachments')
    .values({
      name: safeFileName(file.name, type),
      type,
      size: data.byteLength,
      sha256: crypto.createHash('sha256').update(data).digest(),
      data: deps.keys.sealBytes(data),
      sealed: true,
      uploaded_at: deps.now(),
    })
    .returning(['id', 'name', 'size', 'type'])
    .executeTakeFirstOrThrow();
  return row;
}
