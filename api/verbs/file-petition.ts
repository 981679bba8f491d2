// Registers a petition from any channel (the citizen's online filing, or staff registering a
// visit, letter or call): the case, its sealed identities, its attachments, the `register` event
// and the acceptance clock, all in one transaction (one statement). Repeat detection follows the
// commit (api/services/registration-scan.ts). With an Idempotency-Key the same key and body answer the
// same case (and the same query code, derived from the key, never stored); the same key with
// another body answers 422 carrying the earlier receipt (the answer to the first request was lost
// and the person edited their letter: the page shows them that their letter is already in).
import crypto from 'node:crypto';
import type { Channel } from '../contract/enums.ts';
import type { RegistrationDetailsInput } from '../contract/registration.ts';
import type { FilePetitionInput } from '../contract/schemas.ts';
import type { Actor, Deps } from '../context.ts';
import { chinaDate } from '../domain/calendar.ts';
import { AppError, badRequest } from '../http/errors.ts';
import { derivedQueryCode, formatQueryCode, randomQueryCode } from '../security/query-code.ts';
import { clockRules, dueFor } from '../services/clocks.ts';
import { sealPerson, type PersonInput } from '../services/identity.ts';
import { insertDetails, resolveDetails } from '../services/registration-details.ts';
import { registerFiling } from '../services/register-batch.ts';
import { runRegister, type RegisterValues } from '../services/register-statement.ts';

/** A staff registration may carry a petitioner without a phone (a letter with an address), the
 *  registration details of api/contract/registration.ts, and an accusation's accused body. */
export type FileInput = Omit<FilePetitionInput, 'petitioner'> & {
  petitioner?: PersonInput;
  channel: Channel;
  receivedAt?: Date;
  personCount?: number;
  details?: RegistrationDetailsInput;
  accusedAgencyId?: string;
};

/** How far ahead of the server's clock a received time may be (a desk clock a minute fast). */
const RECEIVED_SKEW_MS = 5 * 60_000;
export type FileResult = { caseNo: string; queryCode: string; registeredAt: string; acceptDueAt: string; petitionId: number; created: boolean };

const IDEMPOTENCY_SCOPE = 'file_petition';

function requestHash(input: FileInput): Buffer {
  return crypto.createHash('sha256').update(JSON.stringify(input)).digest();
}

async function replay(deps: Deps, key: string, hash: Buffer): Promise<FileResult | undefined> {
  const row = await deps.db
    .selectFrom('idempotency_keys as k')
    .innerJoin('petitions as p', 'p.id', 'k.petition_id')
    .innerJoin('clocks as c', (j) => j.onRef('c.petition_id', '=', 'p.id').on('c.clock', '=', 'accept'))
    .select(['k.request_hash', 'p.id', 'p.case_no', 'p.registered_at', 'p.query_code_hash', 'c.due_at'])
    .where('k.scope', '=', IDEMPOTENCY_SCOPE)
    .where('k.key', '=', key)
    .executeTakeFirst();
  if (!row) return undefined;
  // The code was derived with the suite the installation had then (a crypto:migrate may have
  // switched it since): the one whose hash is the case's.
  const codes = deps.keys.deriveEach('query-code', key, 64).map(derivedQueryCode);
  const code = codes.find((c) => deps.keys.queryCodeHashes(c).some((h) => h.equals(row.query_code_hash))) ?? codes[0];
  const earlier = {
    caseNo: row.case_no,
    queryCode: formatQueryCode(code),
    registeredAt: row.registered_at.toISOString(),
    acceptDueAt: row.due_at.toISOString(),
  };
  if (!row.request_hash.equals(hash)) {
    // The key is the browser's own secret for one draft (128 random bits): whoever holds it sent the
    // first request, so it may see that request's receipt.
    throw new AppError(422, 'idempotency_key_reused', '您的信件其实已经提交成功，之后的修改没有提交。请保存下面的回执；修改的内容可以作为补充材料提交。', {
      extra: { receipt: earlier },
    });
  }
  return { ...earlier, petitionId: row.id, created: false };
}

const CATEGORY_TTL_MS = 10_000; // an admin's change of the category tree reaches every process within 10 s
const activeCategories = new WeakMap<Deps['db'], { at: number; codes: Set<string> }>();

async function isActiveCategory(deps: Deps, code: string): Promise<boolean> {
  let hit = activeCategories.get(deps.db);
  if (!hit || Date.now() - hit.at > CATEGORY_TTL_MS) {
    const rows = await deps.db.selectFrom('categories').select('code').where('active', '=', true).execute();
    hit = { at: Date.now(), codes: new Set(rows.map((r) => r.code)) };
    activeCategories.set(deps.db, hit);
  }
  return hit.codes.has(code);
}

async function checkReferences(deps: Deps, input: FileInput) {
  const fields: Record<string, string> = {};
  if (!(await isActiveCategory(deps, input.categoryCode))) fields.categoryCode = '内容分类不存在，请从列表中选择';
  if (input.receivedAt && input.receivedAt.getTime() > deps.now().getTime() + RECEIVED_SKEW_MS) {
    fields.receivedAt = '收到时间不能晚于现在，请核对日期和时间';
  }
  if (input.accusedAgencyId) {
    // The accused body matters only for an accusation (条例 arts. 30, 46: never routed to it).
    if (input.purpose !== 'accusation') fields.accusedAgencyId = '只有检举控告类信访事项需要填写被检举控告的单位';
    else if (!(await deps.db.selectFrom('agencies').select('id').where('id', '=', input.accusedAgencyId).executeTakeFirst())) {
      fields.accusedAgencyId = '被检举控告的单位不存在';
    }
  }
  if (input.attachmentIds.length) {
    const found = await deps.db
      .selectFrom('attachments')
      .select('id')
      .where('id', 'in', input.attachmentIds)
      .where('petition_id', 'is', null)
      .execute();
    if (found.length !== new Set(input.attachmentIds).size) fields.attachmentIds = '部分附件不存在或已被使用，请重新上传';
  }
  if (Object.keys(fields).length) throw badRequest(Object.values(fields).join('；'), fields);
}

const hex = (b: Buffer | null) => (b ? b.toString('hex') : null);
const filesTaken = () => badRequest('部分附件不存在或已被使用，请重新上传', { attachmentIds: '部分附件不存在或已被使用，请重新上传' });

/**
 * One round trip for a filing without attachments: the write as one statement
 * (api/services/register-statement.ts), shared with the filings that arrive meanwhile
 * (api/services/register-batch.ts); the rate-limit hit before this verb is counted in the
 * process and written behind the request (api/services/rate-limit.ts).
 * An Idempotency-Key is not looked up first: the write collides on it (or on the query code
 * derived from it) when the request was seen before, and the earlier case is answered then.
 */
export async function filePetition(deps: Deps, actor: Actor, input: FileInput, idempotencyKey?: string): Promise<FileResult> {
  const hash = requestHash(input);
  // A retry of a filing with files: its files are already bound to the case it made, so the key is
  // recognised before the files are checked (one lookup, only for filings that carry files).
  if (idempotencyKey && input.attachmentIds.length) {
    const earlier = await replay(deps, idempotencyKey, hash);
    if (earlier) return earlier;
  }
  await checkReferences(deps, input);
  const rules = await clockRules(deps.db);
  const now = deps.now();
  const receivedAt = input.receivedAt ?? now;
  const code = idempotencyKey ? derivedQueryCode(deps.keys.derive('query-code', idempotencyKey, 64)) : randomQueryCode();
  const persons = input.channel === 'visit' && input.personCount ? input.personCount : 1 + input.cosigners.length;
  // The optional mail address for progress messages (issue 14), sealed like the rest of the identity.
  const emailAddress = (input.petitioner as { email?: string } | undefined)?.email;
  const email = !input.anonymous && emailAddress ? deps.keys.seal(emailAddress) : null;
  const people = [
    ...(input.petitioner && !input.anonymous ? [{ role: 'signer', ord: 0, ...sealPerson(deps.keys, input.petitioner), email_enc: email }] : []),
    ...input.cosigners.map((c, i) => ({ role: input.channel === 'visit' ? 'representative' : 'cosigner', ord: i + 1, ...sealPerson(deps.keys, c) })),
  ];
  const due = dueFor(rules.calendar, receivedAt, rules.periods.accept);
  const details = await resolveDetails(deps, input.channel, receivedAt, input.details);
  const values: RegisterValues = {
    year: Number(chinaDate(receivedAt).slice(0, 4)),
    queryCodeHash: deps.keys.queryCodeHash(code),
    channel: input.channel,
    purpose: input.purpose,
    categoryCode: input.categoryCode,
    title: input.title,
    content: input.content,
    desiredOutcome: input.desiredOutcome ?? null,
    place: input.place ?? null,
    anonymous: input.anonymous,
    joint: input.joint || input.cosigners.length > 0,
    personCount: persons,
    receivedAt,
    registeredAt: now,
    acceptDueAt: due.dueAt,
    acceptDueDate: due.dueDate,
    acceptUnit: rules.periods.accept.unit,
    acceptDays: rules.periods.accept.days,
    accusedAgencyId: input.accusedAgencyId ?? null,
    people: people.map((p) => ({
      role: p.role,
      ord: p.ord,
      name_enc: hex(p.name_enc),
      id_number_enc: hex(p.id_number_enc),
      phone_enc: hex(p.phone_enc),
      address_enc: hex(p.address_enc),
      phone_hash: hex(p.phone_hash),
      id_number_hash: hex(p.id_number_hash),
      name_address_hash: hex(p.name_address_hash),
      email_enc: hex((p as { email_enc?: Buffer | null }).email_enc ?? null),
    })),
    actorKind: actor.kind,
    actorId: actor.kind === 'staff' ? actor.userId : null,
    registerText: '信访件已登记，我们将在法定期限内告知是否受理。',
    registerData: { channel: input.channel, attachments: input.attachmentIds.length, ...(details ? { source: details.source } : {}) },
    idempotencyKey: idempotencyKey ?? null,
    requestHash: hash,
    attachmentIds: input.attachmentIds,
    // Online filers are told of progress unless they said no; staff registrations only when asked.
    notify: !input.anonymous && (input.notify ?? input.channel === 'online'),
  };

  try {
    let row;
    if (!input.attachmentIds.length && !details) {
      row = await registerFiling(deps.pool, values);
    } else {
      // Claiming files can fail half-way (another filing took one): then nothing may commit. The
      // registration details are written in the same transaction.
      const client = await deps.pool.connect();
      try {
        await client.query('BEGIN');
        row = await runRegister(client, values);
        if (row.bound !== new Set(input.attachmentIds).size) throw filesTaken();
        if (details) await insertDetails(client, row.id, details);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    }
    return {
      caseNo: row.case_no,
      queryCode: formatQueryCode(code),
      registeredAt: row.registered_at.toISOString(),
      acceptDueAt: due.dueAt.toISOString(),
      petitionId: row.id,
      created: true,
    };
  } catch (e) {
    // The same key was used before (or by a concurrent request that committed first): its derived
    // code or its key row collided with ours. Answer with that case.
    if (idempotencyKey && (e as { code?: string }).code === '23505') {
      const earlier = await replay(deps, idempotencyKey, hash);
      if (earlier) return earlier;
    }
    throw e;
  }
}
