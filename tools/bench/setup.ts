// Creates the plan of a benchmark data set in one transaction: more agencies (district congresses
// and departments), the staff who act on the cases (clerks, leaders, an editor, an officer per
// agency, all with one known password), the id and case-number ranges the petitions will take
// (sequences are moved past them first, so live filings never collide), and the plan itself.
import { sql } from 'kysely';
import type { Database } from '../../api/db/database.ts';
import { hashPassword } from '../../api/services/passwords.ts';
import { DISTRICTS } from './corpus.ts';
import { PLAN_KEY, yearRanges, type SeedPlan } from './plan.ts';

/** Bench staff sign in with this unless BENCH_STAFF_PASSWORD / --staff-password says otherwise. */
export const DEFAULT_BENCH_PASSWORD = 'bench-staff-password';

const MORE_AGENCIES: Array<{ name: string; kind: string }> = [
  ...DISTRICTS.slice(2).map((d) => ({ name: `${d}人大常委会`, kind: 'lower_congress' })),
  { name: '市司法局', kind: 'government' },
  { name: '市城市管理委员会', kind: 'government' },
  { name: '市地方金融管理局', kind: 'government' },
  { name: '市人大常委会社会建设工作委员会', kind: 'committee' },
  { name: '市人大常委会城市建设环境保护委员会', kind: 'committee' },
];

export type PlanOptions = { petitions: number; batchSize: number; seed: number; spanDays: number; staffPassword: string; force: boolean };

export async function createPlan(db: Database, o: PlanOptions): Promise<SeedPlan> {
  const passwordHash = await hashPassword(o.staffPassword);
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(7243066)`.execute(trx);
    const existing = await trx.selectFrom('petitions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    if (Number(existing.n) > 0 && !o.force) {
      throw new Error(`This database already holds ${existing.n} petitions that the generator did not write. Use an empty database for the benchmark (or pass --force to add to it).`);
    }
    await trx.insertInto('agencies').values(MORE_AGENCIES.map((a) => ({ name: a.name, kind: a.kind }))).onConflict((oc) => oc.column('name').doNothing()).execute();
    const agencies = await trx.selectFrom('agencies').select(['id', 'name', 'kind']).where('active', '=', true).orderBy('name').execute();

    const users = [
      ...Array.from({ length: 6 }, (_, i) => ({ username: `bench.clerk${i + 1}`, display_name: `信访干部${i + 1}`, role: 'clerk', agency_id: null as string | null })),
      ...Array.from({ length: 2 }, (_, i) => ({ username: `bench.leader${i + 1}`, display_name: `分管领导${i + 1}`, role: 'leader', agency_id: null })),
      { username: 'bench.editor', display_name: '内容编辑', role: 'editor', agency_id: null },
      ...agencies.map((a, i) => ({ username: `bench.agency${String(i + 1).padStart(2, '0')}`, display_name: `${a.name}承办人`, role: 'agency', agency_id: a.id })),
    ];
    await trx
      .insertInto('users')
      .values(users.map((u) => ({ ...u, password_hash: passwordHash, must_change_password: false })))
      .onConflict((oc) => oc.column('username').doNothing())
      .execute();
    const rows = await trx.selectFrom('users').select(['id', 'username', 'role', 'agency_id']).where('username', 'like', 'bench.%').execute();
    const officers: Record<string, string> = {};
    for (const u of rows) if (u.role === 'agency' && u.agency_id) officers[u.agency_id] = u.id;

    const maxId = await sql<{ m: number | null }>`SELECT max(id)::int AS m FROM petitions`.execute(trx);
    const base = { petitions: o.petitions, seed: o.seed, spanDays: o.spanDays, anchor: new Date().toISOString() };
    const years: SeedPlan['years'] = {};
    for (const [year, range] of Object.entries(yearRanges(base))) {
      const seq = `case_no_seq_${year}`;
      await sql`CREATE SEQUENCE IF NOT EXISTS ${sql.id(seq)}`.execute(trx);
      const cur = await sql<{ last_value: number; is_called: boolean }>`SELECT last_value::int, is_called FROM ${sql.id(seq)}`.execute(trx);
      const taken = cur.rows[0].is_called ? cur.rows[0].last_value : 0;
      years[year] = { ...range, base: taken };
      if (range.count > 0) await sql`SELECT setval(${seq}, ${taken + range.count})`.execute(trx);
    }
    const baseId = maxId.rows[0].m ?? 0;
    await sql`SELECT setval(pg_get_serial_sequence('petitions', 'id'), ${baseId + o.petitions})`.execute(trx);

    const plan: SeedPlan = {
      version: 1,
      ...base,
      batchSize: o.batchSize,
      baseId,
      years,
      agencies: agencies.map((a) => ({ id: a.id, name: a.name, kind: a.kind })),
      users: {
        clerks: rows.filter((u) => u.role === 'clerk').map((u) => u.id),
        leaders: rows.filter((u) => u.role === 'leader').map((u) => u.id),
        officers,
      },
      createdAt: new Date().toISOString(),
    };
    await trx.insertInto('settings').values({ key: PLAN_KEY, value: JSON.stringify(plan) }).execute();
    return plan;
  });
}

export async function markFinished(db: Database, plan: SeedPlan) {
  const value = { ...plan, finishedAt: new Date().toISOString() };
  await db.updateTable('settings').set({ value: JSON.stringify(value) }).where('key', '=', PLAN_KEY).execute();
  return value;
}
