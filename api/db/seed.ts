// Loads the reference data a fresh installation needs: the category tree and the official
// calendar (copied from shared/data into api/db/reference), and a starter list of agencies.
// Idempotent: it only adds what is missing, so every start may run it.
import fs from 'node:fs';
import path from 'node:path';
import { parseCalendarCsv } from '../domain/calendar.ts';
import type { Database } from './database.ts';

const REF = path.resolve(import.meta.dirname, 'reference');

export const STARTER_AGENCIES: ReadonlyArray<{ name: string; kind: 'government' | 'supervision' | 'court' | 'procuratorate' | 'lower_congress' | 'committee'; contact: string }> = [
  { name: '市人力资源和社会保障局', kind: 'government', contact: '劳动保障监察投诉：12333' },
  { name: '市住房和城乡建设局', kind: 'government', contact: '政务服务便民热线：12345' },
  { name: '市自然资源和规划局', kind: 'government', contact: '政务服务便民热线：12345' },
  { name: '市农业农村局', kind: 'government', contact: '政务服务便民热线：12345' },
  { name: '市生态环境局', kind: 'government', contact: '生态环境投诉举报：12345' },
  { name: '市市场监督管理局', kind: 'government', contact: '市场监管投诉举报：12315' },
  { name: '市公安局', kind: 'government', contact: '紧急报警：110' },
  { name: '市卫生健康委员会', kind: 'government', contact: '政务服务便民热线：12345' },
  { name: '市教育局', kind: 'government', contact: '政务服务便民热线：12345' },
  { name: '市民政局', kind: 'government', contact: '政务服务便民热线：12345' },
  { name: '市交通运输局', kind: 'government', contact: '交通运输服务监督：12328' },
  { name: '市监察委员会', kind: 'supervision', contact: '纪检监察举报：12388' },
  { name: '市中级人民法院', kind: 'court', contact: '诉讼服务热线：12368' },
  { name: '市人民检察院', kind: 'procuratorate', contact: '检察服务热线：12309' },
  { name: '东城区人大常委会', kind: 'lower_congress', contact: '区人大常委会信访室' },
  { name: '西城区人大常委会', kind: 'lower_congress', contact: '区人大常委会信访室' },
  { name: '市人大常委会法制工作委员会', kind: 'committee', contact: '市人大常委会信访室转' },
  { name: '市人大常委会监察和司法工作委员会', kind: 'committee', contact: '市人大常委会信访室转' },
];

function readCategories() {
  const lines = fs.readFileSync(path.join(REF, 'categories.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  return lines.slice(1).map((line, i) => {
    const [code, parent, name] = line.split(',');
    return { code, parent_code: parent || null, name, sort: i };
  });
}

export async function seedReferenceData(db: Database): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const categories = readCategories();
    // Parents come before children in the file, so one ordered insert satisfies the foreign key.
    await trx.insertInto('categories').values(categories).onConflict((oc) => oc.column('code').doNothing()).execute();
    const calendar = parseCalendarCsv(fs.readFileSync(path.join(REF, 'cn-official-calendar-2025-2026.csv'), 'utf8'));
    await trx
      .insertInto('calendar_days')
      .values(calendar.map((d) => ({ day: d.date, kind: d.kind, name: d.name })))
      .onConflict((oc) => oc.column('day').doNothing())
      .execute();
    // The shipped schedules are official; other years stay provisional until imported.
    await trx
      .insertInto('calendar_years')
      .values([...new Set(calendar.map((d) => Number(d.date.slice(0, 4))))].map((year) => ({ year })))
      .onConflict((oc) => oc.column('year').doNothing())
      .execute();
    const seeded = await trx.selectFrom('settings').select('key').where('key', '=', 'starter_agencies_loaded').executeTakeFirst();
    if (!seeded) {
      // Only once: an admin who later renames or removes a starter agency keeps that change.
      await trx.insertInto('agencies').values([...STARTER_AGENCIES]).onConflict((oc) => oc.column('name').doNothing()).execute();
      await trx.insertInto('settings').values({ key: 'starter_agencies_loaded', value: JSON.stringify(true) }).execute();
    }
  });
}
