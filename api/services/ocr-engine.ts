// The text-recognition engine as child processes (issue 17): Debian's `tesseract` with its
// Simplified Chinese model for images, and poppler's `pdfinfo` / `pdftoppm` to turn PDF pages
// into images. Every call is a child process with a time limit, so recognition never blocks the
// API's event loop and a stuck engine is killed. One recognition uses one core
// (OMP_THREAD_LIMIT=1): the job runs as many at once as the machine has cores to give.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';

export type EngineStatus = {
  /** Tesseract with the chi_sim model answers. */
  available: boolean;
  /** PDF pages can be rendered (poppler-utils). */
  pdf: boolean;
  version: string | null;
  /** Why not, in words for the clerk. */
  message: string | null;
};

export class EngineError extends Error {
  /** The reason in words for the clerk (no file content, no paths). */
  readonly reason: string;
  constructor(reason: string, detail: string) {
    super(detail);
    this.reason = reason;
  }
}

// A page takes 1–2 s of one core; the limit is for a stuck engine, with room for a machine
// that is very busy.
const PAGE_TIMEOUT_MS = 300_000;

/** Runs a command; resolves with its output, rejects on a non-zero exit, a signal or the time limit. */
function run(cmd: string, args: string[], timeoutMs: number): Promise<{ stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    let child;
    try {
      child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, OMP_THREAD_LIMIT: '1', LC_ALL: 'C.UTF-8' } });
    } catch (e) {
      reject(e);
      return;
    }
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-4000)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new EngineError('识别超时（单页超过 5 分钟），请检查扫描件后重试', `${cmd} timed out`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve({ stdout: Buffer.concat(out), stderr: err });
      else reject(Object.assign(new Error(`${cmd} exited ${code ?? signal}: ${err.trim().split('\n').slice(-2).join(' ')}`), { exitCode: code }));
    });
  });
}

const missing = (e: unknown) => (e as NodeJS.ErrnoException)?.code === 'ENOENT';

let probe: { command: string; at: number; value: Promise<EngineStatus> } | undefined;
const PROBE_TTL_MS = 60_000;

/** Whether the engine is installed (asked once a minute per process). */
export function engineStatus(command: string): Promise<EngineStatus> {
  if (probe && probe.command === command && Date.now() - probe.at < PROBE_TTL_MS) return probe.value;
  const value = (async (): Promise<EngineStatus> => {
    let version: string | null = null;
    try {
      const v = await run(command, ['--version'], 10_000);
      version = (v.stdout.toString() + v.stderr).split('\n')[0].trim() || null;
      const langs = await run(command, ['--list-langs'], 10_000);
      if (!/^chi_sim$/m.test(langs.stdout.toString() + langs.stderr)) {
        return { available: false, pdf: false, version, message: '服务器的文字识别组件缺少简体中文模型（tesseract-ocr-chi-sim），扫描件无法自动识别，请对照原件录入。' };
      }
    } catch {
      return { available: false, pdf: false, version, message: '服务器未安装文字识别组件（tesseract-ocr），扫描件无法自动识别，请对照原件录入。' };
    }
    let pdf = true;
    try {
      await run('pdftoppm', ['-v'], 10_000);
    } catch (e) {
      pdf = !missing(e); // `pdftoppm -v` exits non-zero on some versions: only a missing binary counts
    }
    return { available: true, pdf, version, message: null };
  })();
  probe = { command, at: Date.now(), value };
  return value;
}

/** Forget the cached answer (tests that change the command). */
export function resetEngineStatus() {
  probe = undefined;
}

/** Tesseract's word boxes for one image (TSV), orientation detected (a scan upside down or
 *  sideways is read all the same). */
export async function recognise(command: string, image: string): Promise<string> {
  try {
    const r = await run(command, [image, 'stdout', '-l', 'chi_sim', '--psm', '1', 'tsv'], PAGE_TIMEOUT_MS);
    return r.stdout.toString('utf8');
  } catch (e) {
    if (e instanceof EngineError) throw e;
    if (missing(e)) throw new EngineError('服务器未安装文字识别组件，请对照原件录入', String(e));
    throw new EngineError('无法读取该图片（文件可能已损坏），请重新扫描后上传', String((e as Error).message));
  }
}

/** The number of pages of a PDF. */
export async function pdfPageCount(file: string): Promise<number> {
  try {
    const r = await run('pdfinfo', [file], 30_000);
    const m = /^Pages:\s+(\d+)/m.exec(r.stdout.toString());
    if (!m) throw new Error('no page count');
    return Number(m[1]);
  } catch (e) {
    if (missing(e)) throw new EngineError('服务器未安装 PDF 组件（poppler-utils），请上传图片格式的扫描件', String(e));
    throw new EngineError('无法读取该 PDF 文件（文件可能已损坏或加密），请重新扫描后上传', String((e as Error).message));
  }
}

/** One PDF page as an image file: for recognition (PNG, about 240 dpi for A4) or as a preview
 *  for the screen (JPEG, smaller). Answers the file's path. */
export async function renderPdfPage(file: string, page: number, outBase: string, kind: 'recognise' | 'preview'): Promise<string> {
  const args = kind === 'recognise' ? ['-png', '-scale-to', '2800'] : ['-jpeg', '-jpegopt', 'quality=80', '-scale-to', '1400'];
  try {
    await run('pdftoppm', [...args, '-f', String(page), '-l', String(page), '-singlefile', file, outBase], PAGE_TIMEOUT_MS);
  } catch (e) {
    if (e instanceof EngineError) throw e;
    if (missing(e)) throw new EngineError('服务器未安装 PDF 组件（poppler-utils），请上传图片格式的扫描件', String(e));
    throw new EngineError(`无法读取该 PDF 的第 ${page} 页，请重新扫描后上传`, String((e as Error).message));
  }
  const out = outBase + (kind === 'recognise' ? '.png' : '.jpg');
  await fs.access(out);
  return out;
}
