// The recognition of scanned letters (issue 17): a queue in PostgreSQL (migrations/090) that any
// API process works on. A worker claims the oldest waiting letter (FOR UPDATE SKIP LOCKED) under
// a lease it renews after every page; a letter whose worker died is taken again once its lease
// ran out, at most three times. The CPU work is child processes (ocr-engine.ts), one core each,
// and a machine runs at most OCR_WORKERS of them across all its processes: each running letter
// holds one of the machine's slots (a PostgreSQL advisory lock keyed by host name and slot).
//
// A process that takes an upload starts work at once (kick); the background job looks for
// waiting letters every few seconds and drops letters older than a day (with their sealed text).
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { LETTER_LIMITS, LOW_CONFIDENCE } from '../contract/letters-vocab.ts';
import type { Deps } from '../context.ts';
import { assemble, parseTsv, regionsOf, type OcrPage, type Region } from '../domain/ocr-text.ts';
import { readLetter, type LetterFields } from '../domain/letter-fields.ts';
import { EngineError, engineStatus, pdfPageCount, recognise, renderPdfPage } from '../services/ocr-engine.ts';
import { openAttachment } from '../services/staff-attachments.ts';
import { suggestFor, type Suggestions } from '../services/suggestions.ts';
import { recordSuggestion } from '../verbs/record-suggestion.ts';

const SLOT_CLASS = 7_243_090;
const LEASE = sql`interval '3 minutes'`;
const MAX_ATTEMPTS = 3;
const POLL_MS = 3_000;

/** What a finished recognition keeps (sealed in letters.result_enc). */
export type LetterResult =
  | { low: true }
  | {
      low: false;
      text: string;
      title: string;
      request: string;
      fields: LetterFields;
      regions: Record<string, Region[]>;
      suggestionId: string | null;
      suggestions: Suggestions | null;
    };

// A slot is (host, n): two processes on one machine share its slots, another machine has its own.
const HOST_KEY = crypto.createHash('sha256').update(os.hostname()).digest().readUInt32BE(0) & 0x3ffffff;
const slotKey = (n: number) => HOST_KEY * 32 + (n % 32);

type Claimed = { id: string; attachment_id: string | null; type: string; attempts: number; created_by: string; worker: string };

async function claim(deps: Deps): Promise<Claimed | undefined> {
  const { rows } = await sql<Claimed>`
    UPDATE letters SET status = 'recognising', attempts = attempts + 1, lease_until = now() + ${LEASE}, worker = gen_random_uuid(),
           started_at = coalesce(started_at, now()), pages_done = 0, error = NULL
     WHERE id = (SELECT id FROM letters
                  WHERE status = 'queued' OR (status = 'recognising' AND lease_until < now())
                  ORDER BY created_at, id FOR UPDATE SKIP LOCKED LIMIT 1)
    RETURNING id, attachment_id, type, attempts, created_by, worker`.execute(deps.db);
  return rows[0];
}

/** Thrown when another worker has taken the letter over (this one's lease ran out). */
class LostLetter extends Error {}

async function fail(deps: Deps, letter: Claimed, reason: string) {
  await sql`UPDATE letters SET status = 'failed', error = ${reason}, lease_until = NULL, finished_at = now() WHERE id = ${letter.id} AND worker = ${letter.worker}`.execute(deps.db);
}

/** Records progress and renews the lease, as long as the letter is still this worker's. */
async function progress(deps: Deps, letter: Claimed, set: { pages_total?: number; pages_done?: number }) {
  const r = await deps.db
    .updateTable('letters')
    .set({ ...set, lease_until: sql`now() + ${LEASE}` })
    .where('id', '=', letter.id)
    .where('status', '=', 'recognising')
    .where('worker', '=', letter.worker)
    .executeTakeFirst();
  if (!Number(r.numUpdatedRows)) throw new LostLetter();
}

/** Recognises one claimed letter; every outcome is written (done or failed with the reason). */
async function recogniseLetter(deps: Deps, letter: Claimed): Promise<void> {
  if (letter.attempts > MAX_ATTEMPTS) return fail(deps, letter, '识别多次中断，请重新上传或对照原件录入');
  const file = letter.attachment_id ? await deps.db.selectFrom('attachments').select(['data', 'sealed']).where('id', '=', letter.attachment_id).executeTakeFirst() : undefined;
  if (!file) return fail(deps, letter, '扫描件已被清理，请重新上传');
  const engine = await engineStatus(deps.config.ocr.command);
  if (!engine.available) return fail(deps, letter, engine.message ?? '服务器未安装文字识别组件');
  const pdf = letter.type === 'application/pdf';
  if (pdf && !engine.pdf) return fail(deps, letter, '服务器未安装 PDF 组件（poppler-utils），请上传图片格式的扫描件');

  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'xf-letter-'));
  // The lease is renewed every minute while a page is read too: on a very busy machine one page
  // may take longer than the lease, and the letter must not be taken over while it is worked on.
  const beat = setInterval(() => {
    sql`UPDATE letters SET lease_until = now() + ${LEASE} WHERE id = ${letter.id} AND status = 'recognising' AND worker = ${letter.worker}`.execute(deps.db).catch(() => {});
  }, 60_000);
  beat.unref();
  try {
    const input = path.join(dir, pdf ? 'scan.pdf' : 'scan.img');
    // The scan is sealed at rest like every attachment: opened only into this private temp dir.
    await fs.writeFile(input, openAttachment(deps, file), { mode: 0o600 });
    const total = pdf ? await pdfPageCount(input) : 1;
    if (total < 1) return fail(deps, letter, '该 PDF 没有页面');
    if (total > LETTER_LIMITS.pagesMax) return fail(deps, letter, `该 PDF 有 ${total} 页，超过 ${LETTER_LIMITS.pagesMax} 页，请分开扫描上传`);
    await progress(deps, letter, { pages_total: total, pages_done: 0 });
    const pages: OcrPage[] = [];
    for (let n = 1; n <= total; n++) {
      const image = pdf ? await renderPdfPage(input, n, path.join(dir, `p${n}`), 'recognise') : input;
      const page = parseTsv(await recognise(deps.config.ocr.command, image), n);
      // A PDF page's preview shows the letter as the scan does: sealed like it.
      const preview = pdf ? deps.keys.sealBytes(await fs.readFile(await renderPdfPage(input, n, path.join(dir, `v${n}`), 'preview'))) : null;
      await deps.db
        .insertInto('letter_pages')
        .values({ letter_id: letter.id, page: n, width: page.width, height: page.height, preview_type: preview ? 'image/jpeg' : null, preview })
        .onConflict((oc) => oc.columns(['letter_id', 'page']).doUpdateSet({ width: page.width, height: page.height, preview_type: preview ? 'image/jpeg' : null, preview }))
        .execute();
      pages.push(page);
      await progress(deps, letter, { pages_done: n });
    }
    const a = assemble(pages);
    const low = a.confidence < LOW_CONFIDENCE || [...a.text.replace(/\s/g, '')].length < 10;
    let result: LetterResult = { low: true };
    if (!low) {
      const r = readLetter(a.text);
      const regions: Record<string, Region[]> = {};
      for (const [key, f] of Object.entries(r.found)) regions[key] = regionsOf(a.spans, f.start, f.end);
      let suggestions: Suggestions | null = null;
      let suggestionId: string | null = null;
      try {
        suggestions = await suggestFor(deps, { title: r.title, content: a.text });
        const who = await deps.db.selectFrom('users').select(['id', 'role']).where('id', '=', letter.created_by).executeTakeFirstOrThrow();
        suggestionId = await recordSuggestion(deps, { userId: who.id, role: who.role as 'clerk' }, suggestions, { letterId: letter.id });
      } catch (e) {
        // Suggestions are a help: a letter is still recognised without them.
        console.error('[letters] suggestions failed:', (e as Error).message);
      }
      result = { low: false, text: a.text, title: r.title, request: r.request, fields: r.fields, regions, suggestionId, suggestions };
    }
    await deps.db
      .updateTable('letters')
      .set({ status: 'done', confidence: Math.round(Math.min(1, Math.max(0, a.confidence)) * 1000) / 1000, result_enc: deps.keys.seal(JSON.stringify(result)), lease_until: null, finished_at: sql`now()` })
      .where('id', '=', letter.id)
      .where('worker', '=', letter.worker)
      .execute();
  } catch (e) {
    if (e instanceof EngineError) return fail(deps, letter, e.reason);
    if (e instanceof LostLetter) return console.warn(`[letters] letter ${letter.id} was taken over by another worker: this one stops`);
    console.error('[letters] recognition failed:', (e as Error).message);
    return fail(deps, letter, '识别出错，请重新上传或对照原件录入');
  } finally {
    clearInterval(beat);
    await fs.rm(dir, { recursive: true, force: true });
  }
}

type Worker = { running: number; stopped: boolean; runs: Set<Promise<void>> };
const workers = new WeakMap<Deps, Worker>();

function workerOf(deps: Deps): Worker {
  let w = workers.get(deps);
  if (!w) workers.set(deps, (w = { running: 0, stopped: false, runs: new Set() }));
  return w;
}

/** One slot's run: holds a machine slot while it works through waiting letters. */
async function runSlot(deps: Deps): Promise<void> {
  const client = await deps.pool.connect();
  let slot = -1;
  try {
    for (let n = 0; n < deps.config.ocr.workers && slot < 0; n++) {
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [SLOT_CLASS, slotKey(n)]);
      if (rows[0].ok) slot = n;
    }
    if (slot < 0) return; // every slot of this machine is busy: their runs take the rest
    for (;;) {
      if (workerOf(deps).stopped) return;
      const letter = await claim(deps);
      if (!letter) return;
      await recogniseLetter(deps, letter);
    }
  } finally {
    if (slot >= 0) await client.query('SELECT pg_advisory_unlock($1, $2)', [SLOT_CLASS, slotKey(slot)]).catch(() => {});
    client.release();
  }
}

/** Starts work on up to `n` waiting letters in this process, within the machine's slots. A run
 *  that finds no slot or no letter ends at once. */
export function kickLetters(deps: Deps, n: number = deps.config.ocr.workers): void {
  const w = workerOf(deps);
  for (let i = 0; i < n && !w.stopped && w.running < deps.config.ocr.workers; i++) {
    w.running++;
    const run: Promise<void> = runSlot(deps)
      .catch((e) => console.error('[letters] worker failed:', (e as Error).message))
      .finally(() => {
        w.running--;
        w.runs.delete(run);
      });
    w.runs.add(run);
  }
}

/** Starts runs for the letters waiting now (one indexed probe when none is). */
export async function workOnLetters(deps: Deps): Promise<void> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM letters WHERE status = 'queued' OR (status = 'recognising' AND lease_until < now())`.execute(deps.db);
  if (rows[0].n) kickLetters(deps, rows[0].n);
}

/** Letters are kept a day after their upload: then they go, with their pages and sealed text.
 *  (An unclaimed scan goes with the day-old uploads; a claimed one is the case's attachment.) */
export async function purgeLetters(deps: Deps, now: Date = deps.now()): Promise<number> {
  const r = await deps.db.deleteFrom('letters').where('created_at', '<', new Date(now.getTime() - LETTER_LIMITS.keepHours * 3600_000)).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Waits until no run of this process is working (tests, shutdown). */
export async function lettersIdle(deps: Deps): Promise<void> {
  const w = workerOf(deps);
  while (w.runs.size) await Promise.all([...w.runs]);
}

/** The background part: look for waiting letters every few seconds, purge once a minute. */
export function startLetterJobs(deps: Deps): () => Promise<void> {
  let last = 0;
  let busy: Promise<void> | undefined;
  const timer = setInterval(() => {
    busy ??= (async () => {
      await workOnLetters(deps);
      if (Date.now() - last > 60_000) {
        last = Date.now();
        await purgeLetters(deps);
      }
    })()
      .catch((e) => console.error('[jobs] letters failed:', (e as Error).message))
      .finally(() => (busy = undefined));
  }, POLL_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    workerOf(deps).stopped = true;
    await busy;
    await lettersIdle(deps);
  };
}
