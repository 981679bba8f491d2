// Switches an installation's cryptographic suite while it runs (`npm run crypto:migrate -- --to sm`,
// api/scripts/crypto-migrate.ts). First the database's state says "write `to`, read both": every
// process follows within seconds (api/services/crypto-state.ts), so lookups, repeat matching and
// identity reveal keep working on rows of either suite. Then every row not yet in `to` is
// converted in batches, each batch one transaction that also records how far it got, so an
// interrupted run continues where it stopped:
//   petitioners  — identities opened and sealed again, matching hashes computed again;
//   petitions    — query-code hashes wrapped (a code is never stored, so its hash cannot be
//                  recomputed; the lookup computes the same chain, api/security/keys.ts);
//   attachments, ledger_files — files sealed (again), plain ones from before migrations/080 too;
//   users        — TOTP secrets sealed again (recovery codes carry their suite in their hash);
//   letters, letter_pages — a scanned letter's recognised text and its PDF page previews (a day's worth).
// Passes repeat until one finds nothing left (a process that wrote the old suite just before it
// saw the switch leaves a straggler for the next pass); then the state says "`to` only".
import os from 'node:os';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Deps } from '../context.ts';
import { suiteOfCodeHash, suiteOfSealed, type CryptoState, type Keys, type Suite } from '../security/keys.ts';
import { recordAdminChange } from './admin-audit.ts';
import { CRYPTO_REFRESH_MS, CRYPTO_SETTING, readCryptoState, type StoredCryptoState } from './crypto-state.ts';
import { openPerson, sealPerson } from './identity.ts';

export type MigrateOptions = {
  batch?: number;
  /** How long to wait after the switch for every process to follow it. */
  propagationMs?: number;
  log?: (m: string) => void;
  /** Stop (as if interrupted) after this many batches: for the resumability test. */
  maxBatches?: number;
};

export type MigrateResult = { converted: Record<string, number>; passes: number; finished: boolean };

const uniq = <T>(xs: T[]) => [...new Set(xs)];
const same = (a: Suite[], b: Suite[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The query-code lineages after converting everything to `to`. */
function chainsAfter(state: CryptoState, to: Suite): Suite[][] {
  const lineages = [...state.codeChains, ...uniq([state.suite, ...state.reading]).map((s) => [s])];
  const out: Suite[][] = [];
  for (const l of lineages) {
    const next = l[l.length - 1] === to ? l : [...l, to];
    if (next.length > 1 && !out.some((o) => same(o, next))) out.push(next);
  }
  return out;
}

type Table = {
  name: string;
  /** Converts one batch after the cursor; answers the rows seen, the rows converted and the new cursor. */
  batch: (trx: Transaction<DB>, cursor: string | undefined, size: number) => Promise<{ seen: number; converted: number; cursor?: string }>;
  count: (deps: Deps) => Promise<number>;
};

function tables(deps: Deps, to: Suite, batchSize: number): Table[] {
  const target: Keys = deps.keys.inSuite(to);
  const impl = deps.keys.suiteImpl(to);
  const fileBatch = Math.max(1, Math.min(8, Math.floor(batchSize / 50)));
  const sealedIn = (b: Buffer | null) => !b || suiteOfSealed(b) === to;
  const reseal = (b: Buffer | null) => (b && !sealedIn(b) ? target.sealBytes(deps.keys.openBytes(b)) : b);
  const count = (table: 'petitioners' | 'petitions' | 'attachments' | 'ledger_files' | 'users' | 'letters') => async (d: Deps) =>
    Number((await d.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  const files = (table: 'attachments' | 'ledger_files'): Table => ({
    name: table,
    count: count(table),
    async batch(trx, cursor) {
      let q = trx.selectFrom(table).select(['id', 'data', 'sealed']).orderBy('id').limit(fileBatch).forUpdate();
      if (cursor) q = q.where('id', '>', cursor);
      const rows: Array<{ id: string; data: Buffer; sealed: boolean }> = await q.execute();
      let converted = 0;
      for (const r of rows) {
        if (r.sealed && suiteOfSealed(r.data) === to) continue;
        const plain = r.sealed ? deps.keys.openBytes(r.data) : r.data;
        await trx.updateTable(table).set({ data: target.sealBytes(plain), sealed: true }).where('id', '=', r.id).execute();
        converted++;
      }
      return { seen: rows.length, converted, cursor: rows.at(-1)?.id };
    },
  });

  return [
    {
      name: 'petitioners',
      count: count('petitioners'),
      async batch(trx, cursor, size) {
        const rows: Array<{ id: number; name_enc: Buffer; id_number_enc: Buffer | null; phone_enc: Buffer | null; address_enc: Buffer | null }> = await trx
          .selectFrom('petitioners')
          .select(['id', 'name_enc', 'id_number_enc', 'phone_enc', 'address_enc'])
          .where('id', '>', Number(cursor ?? 0))
          .orderBy('id')
          .limit(size)
          .forUpdate()
          .execute();
        const todo = rows.filter((r) => !(sealedIn(r.name_enc) && sealedIn(r.id_number_enc) && sealedIn(r.phone_enc) && sealedIn(r.address_enc)));
        if (todo.length) {
          const v = todo.map((r) => {
            const p = openPerson(deps.keys, r);
            return { id: r.id, ...sealPerson(target, { name: p.name, idNumber: p.idNumber, phone: p.phone, address: p.address }) };
          });
          const col = <K extends keyof (typeof v)[number]>(k: K) => v.map((x) => x[k]);
          await sql`
            UPDATE petitioners p SET name_enc = v.name_enc, id_number_enc = v.id_number_enc, phone_enc = v.phone_enc, address_enc = v.address_enc,
                   phone_hash = v.phone_hash, id_number_hash = v.id_number_hash, name_address_hash = v.name_address_hash
              FROM unnest(${col('id')}::bigint[], ${col('name_enc')}::bytea[], ${col('id_number_enc')}::bytea[], ${col('phone_enc')}::bytea[],
                          ${col('address_enc')}::bytea[], ${col('phone_hash')}::bytea[], ${col('id_number_hash')}::bytea[], ${col('name_address_hash')}::bytea[])
                   AS v(id, name_enc, id_number_enc, phone_enc, address_enc, phone_hash, id_number_hash, name_address_hash)
             WHERE p.id = v.id`.execute(trx);
        }
        return { seen: rows.length, converted: todo.length, cursor: rows.length ? String(rows.at(-1)!.id) : undefined };
      },
    },
    {
      name: 'petitions',
      count: count('petitions'),
      async batch(trx, cursor, size) {
        const rows: Array<{ id: number; query_code_hash: Buffer }> = await trx
          .selectFrom('petitions')
          .select(['id', 'query_code_hash'])
          .where('id', '>', Number(cursor ?? 0))
          .orderBy('id')
          .limit(size)
          .forUpdate()
          .execute();
        const todo = rows.filter((r) => suiteOfCodeHash(r.query_code_hash) !== to);
        if (todo.length) {
          await sql`
            UPDATE petitions p SET query_code_hash = v.h
              FROM unnest(${todo.map((r) => r.id)}::bigint[], ${todo.map((r) => impl.wrapCodeHash(r.query_code_hash))}::bytea[]) AS v(id, h)
             WHERE p.id = v.id`.execute(trx);
        }
        return { seen: rows.length, converted: todo.length, cursor: rows.length ? String(rows.at(-1)!.id) : undefined };
      },
    },
    files('attachments'),
    files('ledger_files'),
    {
      name: 'users',
      count: count('users'),
      async batch(trx, cursor, size) {
        let q = trx.selectFrom('users').select(['id', 'totp_secret_enc', 'totp_pending_enc']).orderBy('id').limit(size).forUpdate();
        if (cursor) q = q.where('id', '>', cursor);
        const rows: Array<{ id: string; totp_secret_enc: Buffer | null; totp_pending_enc: Buffer | null }> = await q.execute();
        let converted = 0;
        for (const r of rows) {
          if (sealedIn(r.totp_secret_enc) && sealedIn(r.totp_pending_enc)) continue;
          await trx.updateTable('users').set({ totp_secret_enc: reseal(r.totp_secret_enc), totp_pending_enc: reseal(r.totp_pending_enc) }).where('id', '=', r.id).execute();
          converted++;
        }
        return { seen: rows.length, converted, cursor: rows.at(-1)?.id };
      },
    },
    {
      // A scanned letter (issue 17): its recognised text, and the previews of its PDF pages.
      name: 'letters',
      count: count('letters'),
      async batch(trx, cursor) {
        let q = trx.selectFrom('letters').select(['id', 'result_enc']).orderBy('id').limit(fileBatch).forUpdate();
        if (cursor) q = q.where('id', '>', cursor);
        const rows: Array<{ id: string; result_enc: Buffer | null }> = await q.execute();
        let converted = 0;
        for (const r of rows) {
          const pages = await trx.selectFrom('letter_pages').select(['page', 'preview']).where('letter_id', '=', r.id).where('preview', 'is not', null).forUpdate().execute();
          const stale = pages.filter((p) => !sealedIn(p.preview));
          if (sealedIn(r.result_enc) && !stale.length) continue;
          if (!sealedIn(r.result_enc)) await trx.updateTable('letters').set({ result_enc: reseal(r.result_enc) }).where('id', '=', r.id).execute();
          for (const p of stale) await trx.updateTable('letter_pages').set({ preview: reseal(p.preview) }).where('letter_id', '=', r.id).where('page', '=', p.page).execute();
          converted++;
        }
        return { seen: rows.length, converted, cursor: rows.at(-1)?.id };
      },
    },
  ];
}

async function saveState(db: Kysely<DB>, state: StoredCryptoState) {
  await db
    .insertInto('settings')
    .values({ key: CRYPTO_SETTING, value: JSON.stringify(state), updated_at: new Date() })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(state), updated_at: new Date() }))
    .execute();
}

const operator = () => ({ userId: null, username: `operator:${os.userInfo().username}`, ip: '' });

export async function migrateCrypto(deps: Deps, to: Suite, opts: MigrateOptions = {}): Promise<MigrateResult> {
  const log = opts.log ?? (() => {});
  const batchSize = opts.batch ?? 500;
  let state: StoredCryptoState = (await readCryptoState(deps.db)) ?? { suite: 'intl', reading: ['intl'], codeChains: [] };
  if (state.migration && state.migration.to !== to) {
    throw new Error(`A migration to ${state.migration.to} is in progress: finish it first (npm run crypto:migrate -- --to ${state.migration.to}).`);
  }
  if (!state.migration) {
    const before = { suite: state.suite, reading: state.reading, codeChains: state.codeChains };
    state = {
      suite: to,
      reading: uniq([to, ...state.reading, state.suite]),
      codeChains: chainsAfter(state, to),
      migration: { from: uniq([state.suite, ...state.reading]), to, startedAt: new Date().toISOString(), cursors: {}, passes: 0 },
    };
    await deps.db.transaction().execute(async (trx) => {
      await saveState(trx, state);
      await recordAdminChange(trx, operator(), { action: 'crypto.migrate', target: CRYPTO_SETTING, before, after: { suite: to, phase: 'started' } });
    });
    deps.keys.setState(state);
    log(`New data is sealed with ${to} from now on (every process follows within ${CRYPTO_REFRESH_MS / 1000} s); converting what is there…`);
    const wait = opts.propagationMs ?? CRYPTO_REFRESH_MS * 2 + 2_000;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  } else {
    deps.keys.setState(state);
    log(`Resuming the migration to ${to} (pass ${state.migration.passes + 1}).`);
  }

  const converted: Record<string, number> = {};
  let batches = 0;
  const list = tables(deps, to, batchSize);
  for (;;) {
    const m = state.migration!;
    const resumed = Object.keys(m.cursors).length > 0;
    let inPass = 0;
    for (const t of list) {
      if (m.cursors[t.name] === 'done') continue;
      const total = await t.count(deps);
      let seen = 0;
      let lastLog = 0;
      for (;;) {
        if (opts.maxBatches !== undefined && batches >= opts.maxBatches) return { converted, passes: m.passes, finished: false };
        const r = await deps.db.transaction().execute(async (trx) => {
          const r = await t.batch(trx, m.cursors[t.name], batchSize);
          m.cursors[t.name] = r.cursor ?? 'done';
          if (r.seen === 0) m.cursors[t.name] = 'done';
          await saveState(trx, state);
          return r;
        });
        batches++;
        seen += r.seen;
        inPass += r.converted;
        converted[t.name] = (converted[t.name] ?? 0) + r.converted;
        if (Date.now() - lastLog > 2_000 || m.cursors[t.name] === 'done') {
          lastLog = Date.now();
          log(`  ${t.name}: ${seen.toLocaleString('en')} of ~${total.toLocaleString('en')} looked at (${total ? Math.min(100, (100 * seen) / total).toFixed(1) : '100.0'} %), ${converted[t.name].toLocaleString('en')} converted`);
        }
        if (m.cursors[t.name] === 'done') break;
      }
    }
    if (inPass === 0 && !resumed) break;
    m.passes++;
    m.cursors = {};
    await saveState(deps.db, state);
    log(`Pass ${m.passes} done; checking again for rows written in the old suite meanwhile…`);
  }

  const before = { suite: state.suite, reading: state.reading, codeChains: state.codeChains };
  const passes = state.migration!.passes + 1;
  state = { suite: to, reading: [to], codeChains: state.codeChains, migratedAt: new Date().toISOString() };
  await deps.db.transaction().execute(async (trx) => {
    await saveState(trx, state);
    await recordAdminChange(trx, operator(), { action: 'crypto.migrate', target: CRYPTO_SETTING, before, after: { suite: to, phase: 'finished', converted } });
  });
  deps.keys.setState(state);
  return { converted, passes, finished: true };
}
