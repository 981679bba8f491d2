// The computed statutory holidays against the State Council's published schedules (2025, 2026:
// every statutory day is a holiday there) and against the issue's 2027 list; the rules' counts.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parseCalendarCsv } from './calendar.ts';
import { statutoryHolidays } from './statutory-holidays.ts';

test('2027: the days the 2024 rules give', () => {
  assert.deepEqual(
    statutoryHolidays(2027).map((h) => h.date),
    ['2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-04-05', '2027-05-01', '2027-05-02', '2027-06-09', '2027-09-15', '2027-10-01', '2027-10-02', '2027-10-03'],
  );
  assert.equal(statutoryHolidays(2027)[1].name, '春节');
});

test('every statutory day of 2025 and 2026 is a holiday in the official schedules', () => {
  const csv = fs.readFileSync(path.resolve(import.meta.dirname, '../db/reference/cn-official-calendar-2025-2026.csv'), 'utf8');
  const holidays = new Set(parseCalendarCsv(csv).filter((r) => r.kind === 'holiday').map((r) => r.date));
  for (const year of [2025, 2026]) {
    const days = statutoryHolidays(year);
    assert.equal(days.length, 13, `${year}: 13 statutory days`);
    for (const d of days) assert.ok(holidays.has(d.date), `${year}: ${d.date} ${d.name} is not a holiday in the official schedule`);
  }
});

test('13 days a year (or 12 when 中秋 falls on 国庆), named, in order, for a century', () => {
  for (let y = 2025; y <= 2099; y++) {
    const days = statutoryHolidays(y);
    assert.ok(days.length === 13 || (days.length === 12 && days.some((d) => d.name.includes('、'))), `${y}: ${days.length}`);
    assert.deepEqual([...days].map((d) => d.date).sort(), days.map((d) => d.date), `${y} in order`);
    assert.ok(days.every((d) => d.date.startsWith(`${y}-`)), `${y}: all in the year`);
    const spring = days.filter((d) => d.name === '春节').map((d) => d.date);
    assert.equal(spring.length, 4, `${y}: 春节 4 days`);
  }
  // 2020: 中秋 on 10-01 (computed by the same rules for a past year).
  assert.equal(statutoryHolidays(2020).find((d) => d.date === '2020-10-01')?.name, '中秋节、国庆节');
  assert.throws(() => statutoryHolidays(1800), RangeError);
});
