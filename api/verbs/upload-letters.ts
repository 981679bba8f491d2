// Takes one or more scanned letters for recognition (issue 17): each file is checked (a JPEG,
// PNG, GIF, WEBP image or a PDF, by its bytes; at most the attachment size), stored as an
// unbound attachment, sealed like every upload — the scan the case registered from it will claim — and queued as a
// letter, all in one transaction: either every file is taken or none. The permission is the
// registering one; recognition itself is the job's (api/jobs/letter-recognition.ts).
import crypto from 'node:crypto';
import { LIMITS } from '../contract/enums.ts';
import { LETTER_LIMITS } from '../contract/letters-vocab.ts';
import type { Deps, StaffSession } from '../context.ts';
import { can } from '../domain/permissions.ts';
import { AppError, badRequest, forbidden } from '../http/errors.ts';
import { safeFileName, sniffType, tooLarge } from './upload-attachment.ts';

export type LetterFile = { name: string; bytes: Uint8Array };

export async function uploadLetters(deps: Deps, staff: Pick<StaffSession, 'userId' | 'role'>, files: LetterFile[]): Promise<Array<{ id: string; name: string }>> {
  if (!can(staff.role, 'case.register')) throw forbidden();
  if (!files.length) throw badRequest('请选择要识别的扫描件', { file: '请选择要识别的扫描件' });
  if (files.length > LETTER_LIMITS.filesPerUpload) {
    throw badRequest(`一次最多上传 ${LETTER_LIMITS.filesPerUpload} 个文件`, { file: `一次最多上传 ${LETTER_LIMITS.filesPerUpload} 个文件` });
  }
  const checked = files.map((f) => {
    if (f.bytes.byteLength === 0) throw badRequest(`${f.name}：文件是空的，请重新选择`, { file: '文件是空的' });
    if (f.bytes.byteLength > LIMITS.uploadBytesMax) throw tooLarge();
    const type = sniffType(f.bytes);
    if (!type) throw new AppError(415, 'unsupported_type', `${f.name}：只能识别图片（JPG、PNG、GIF、WEBP）或 PDF 文件`, { fields: { file: '文件类型不支持' } });
    return { name: safeFileName(f.name, type), type, data: Buffer.from(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength) };
  });
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const out: Array<{ id: string; name: string }> = [];
    for (const f of checked) {
      const file = await trx
        .insertInto('attachments')
        .values({ name: f.name, type: f.type, size: f.data.byteLength, sha256: crypto.createHash('sha256').update(f.data).digest(), data: deps.keys.sealBytes(f.data), sealed: true, uploaded_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      const letter = await trx
        .insertInto('letters')
        .values({ created_by: staff.userId, created_at: now, name: f.name, type: f.type, attachment_id: file.id })
        .returning(['id', 'name'])
        .executeTakeFirstOrThrow();
      out.push(letter);
    }
    return out;
  });
}
