// Scanned letters (issue 17): upload one or more scans for recognition, follow each one's
// progress, read the recognised draft and its page images, and ask whether the engine is there.
// Office staff who register cases only; each handler checks, calls one verb or service, answers.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { LETTER_LIMITS } from '../contract/letters-vocab.ts';
import type { AppEnv } from '../context.ts';
import { AppError, badRequest } from '../http/errors.ts';
import { registerOperation } from '../http/openapi.ts';
import { requireStaff, staffOf } from '../http/staff-auth.ts';
import { kickLetters } from '../jobs/letter-recognition.ts';
import { letterPage, letterView, myLetters } from '../services/letters.ts';
import { engineStatus } from '../services/ocr-engine.ts';
import { uploadLetters } from '../verbs/upload-letters.ts';

export const letterRoutes = new Hono<AppEnv>();

const tooLarge = () => new AppError(413, 'too_large', `一次上传的文件合计不能超过 ${LETTER_LIMITS.uploadBytesMax / 1024 / 1024} MB，请分批上传`);

letterRoutes.get('/engine', requireStaff('case.register'), async (c) => {
  c.header('Cache-Control', 'no-store');
  return c.json(await engineStatus(c.get('deps').config.ocr.command));
});

letterRoutes.post(
  '/',
  bodyLimit({
    maxSize: LETTER_LIMITS.uploadBytesMax + 256 * 1024,
    onError: () => {
      throw tooLarge();
    },
  }),
  requireStaff('case.register'),
  async (c) => {
    const deps = c.get('deps');
    const engine = await engineStatus(deps.config.ocr.command);
    if (!engine.available) throw new AppError(503, 'ocr_unavailable', engine.message ?? '服务器未安装文字识别组件，请对照原件录入');
    let form: Record<string, unknown>;
    try {
      form = await c.req.parseBody({ all: true });
    } catch {
      throw badRequest('上传内容格式不正确，请重新选择文件', { file: '请选择要识别的扫描件' });
    }
    const raw = [form.file, form.files].flat().filter((f): f is File => f instanceof File);
    const files = await Promise.all(raw.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
    const items = await uploadLetters(deps, staffOf(c), files);
    kickLetters(deps, items.length);
    return c.json({ items }, 201);
  },
);

letterRoutes.get('/', requireStaff('case.register'), async (c) => {
  c.header('Cache-Control', 'no-store');
  return c.json(await myLetters(c.get('deps'), staffOf(c)));
});

letterRoutes.get('/:id', requireStaff('case.register'), async (c) => {
  c.header('Cache-Control', 'no-store');
  return c.json(await letterView(c.get('deps'), staffOf(c), c.req.param('id')));
});

letterRoutes.get('/:id/pages/:page', requireStaff('case.register'), async (c) => {
  const file = await letterPage(c.get('deps'), staffOf(c), c.req.param('id'), Number(c.req.param('page')));
  c.header('Content-Type', file.type);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Cache-Control', 'private, no-store');
  return c.body(new Uint8Array(file.data));
});

registerOperation({ method: 'get', path: '/api/staff/letters/engine', summary: '文字识别组件是否可用', auth: true });
registerOperation({ method: 'post', path: '/api/staff/letters', summary: '上传来信扫描件（可多个，每个文件一件来信）识别', status: 201, auth: true, multipart: true });
registerOperation({ method: 'get', path: '/api/staff/letters', summary: '本人近一天上传的来信扫描件', auth: true });
registerOperation({ method: 'get', path: '/api/staff/letters/{id}', summary: '来信识别进度与结果（文字、字段、位置、建议）', auth: true });
registerOperation({ method: 'get', path: '/api/staff/letters/{id}/pages/{page}', summary: '来信扫描页面图片', auth: true });
