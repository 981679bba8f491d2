// Tests of the working-day calendar against the real 2025–2026 official schedule; every expected
// date was worked out by hand from the CSV and a wall calendar, not produced by the code.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  addDays,
  addWorkingDays,
  chinaDate,
  daysBetween,
  daysLeft,
  endOfChinaDay,
  isChinaDate,
  isPastDue,
  isWorkingDay,
  makeCalendar,
  nextWorkingDayOnOrAfter,
  parseCalendarCsv,
  periodEnd,
  startOfChinaDay,
  subtractWorkingDays,
} from './calendar.ts';

const csv = readFileSync(new URL('../db/reference/cn-official-calendar-2025-2026.csv', import.meta.url), 'utf8');
const rows = parseCalendarCsv(csv);
const cal = makeCalendar(rows);
const plain = makeCalendar([]);

test('the official CSV parses completely', () => {
  assert.equal(rows.length, 72);
  assert.deepEqual(rows[0], { date: '2025-01-01', kind: 'holiday', name: '元旦' });
  assert.deepEqual(rows.at(-1), { date: '2026-10-10', kind: 'workday', name: '国庆节调休上班' });
  assert.equal(rows.filter((r) => r.kind === 'workday').length, 11);
  assert.deepEqual([...cal.years], [2025, 2026]);
});

test('parseCalendarCsv tolerates BOM, CRLF, blank lines and a comma in a name', () => {
  const parsed = parseCalendarCsv('\uFEFFdate,kind,name\r\n2027-01-01,holiday,元旦\r\n\r\n2027-02-06,workday,"春节,调休"\r\n');
  assert.deepEqual(parsed, [
    { date: '2027-01-01', kind: 'holiday', name: '元旦' },
    { date: '2027-02-06', kind: 'workday', name: '春节,调休' },
  ]);
});

test('parseCalendarCsv refuses a bad header, date or kind with the line number', () => {
  assert.throws(() => parseCalendarCsv('day,kind,name\n'), /line 1/);
  assert.throws(() => parseCalendarCsv('date,kind,name\n2026-02-30,holiday,x\n'), /line 2: bad date/);
  assert.throws(() => parseCalendarCsv('date,kind,name\n2026-02-03,holiday,x\n2026-02-04,rest,x\n'), /line 3: bad kind/);
});

test('makeCalendar refuses bad dates, bad kinds and contradictions, accepts repeats', () => {
  assert.throws(() => makeCalendar([{ date: '2026-2-3', kind: 'holiday' }]), RangeError);
  assert.throws(() => makeCalendar([{ date: '2026-02-03', kind: 'rest' as 'holiday' }]), RangeError);
  assert.throws(
    () => makeCalendar([{ date: '2026-02-03', kind: 'holiday' }, { date: '2026-02-03', kind: 'workday' }]),
    /both/,
  );
  const c = makeCalendar([{ date: '2026-02-03', kind: 'holiday' }, { date: '2026-02-03', kind: 'holiday' }]);
  assert.equal(c.overrides.size, 1);
});

test('isChinaDate accepts only real dates', () => {
  assert.ok(isChinaDate('2028-02-29'));
  for (const bad of ['2026-02-29', '2026-13-01', '2026-1-01', '20260101', '2026-01-01T00:00', '', 20260101]) {
    assert.equal(isChinaDate(bad), false, String(bad));
  }
});

test('default week: Mon–Fri work, Sat/Sun rest', () => {
  // 2026-03-02 is a Monday; March 2026 has no overrides.
  const week = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08'];
  assert.deepEqual(week.map((d) => isWorkingDay(cal, d)), [true, true, true, true, true, false, false]);
});

test('overrides: holidays close weekdays, make-up days open weekends', () => {
  assert.equal(isWorkingDay(cal, '2026-02-14'), true); // Saturday, 春节调休上班
  assert.equal(isWorkingDay(cal, '2026-02-28'), true); // Saturday, 春节调休上班
  assert.equal(isWorkingDay(cal, '2026-01-04'), true); // Sunday, 元旦调休上班
  assert.equal(isWorkingDay(cal, '2025-09-28'), true); // Sunday, 国庆节调休上班
  assert.equal(isWorkingDay(cal, '2026-02-16'), false); // Monday, 春节
  assert.equal(isWorkingDay(cal, '2026-02-23'), false); // Monday, last day of 春节
  assert.equal(isWorkingDay(cal, '2026-02-24'), true); // Tuesday, back to work
  assert.equal(isWorkingDay(cal, '2026-10-01'), false); // Thursday, 国庆节
  assert.equal(isWorkingDay(plain, '2026-10-01'), true); // without the calendar it is a Thursday
  assert.equal(isWorkingDay(plain, '2026-02-14'), false);
});

test('addDays and daysBetween cross months, years and leap days', () => {
  assert.equal(addDays('2025-12-31', 1), '2026-01-01');
  assert.equal(addDays('2028-02-28', 1), '2028-02-29');
  assert.equal(addDays('2026-02-28', 1), '2026-03-01');
  assert.equal(addDays('2026-03-01', -1), '2026-02-28');
  assert.equal(daysBetween('2026-09-16', '2026-10-08'), 22);
  assert.equal(daysBetween('2026-10-08', '2026-09-16'), -22);
  assert.throws(() => addDays('2026-01-01', 1.5), RangeError);
});

test('addWorkingDays across the 2026 Spring Festival counts both make-up Saturdays', () => {
  // Thursday 2026-02-12: Fri 13, Sat 14 (make-up), then 15–23 off, then Tue 24 … Fri 27, Sat 28 (make-up), Mon 3-02.
  const expected = ['2026-02-13', '2026-02-14', '2026-02-24', '2026-02-25', '2026-02-26', '2026-02-27', '2026-02-28', '2026-03-02'];
  expected.forEach((date, i) => assert.equal(addWorkingDays(cal, '2026-02-12', i + 1), date, `n=${i + 1}`));
});

test('the 5-working-day objection window of a case assigned just before the Spring Festival', () => {
  // Assigned Wed 2026-02-11: Thu 12, Fri 13, Sat 14 (make-up), Tue 24, Wed 25.
  assert.equal(periodEnd(cal, '2026-02-11', { days: 5, unit: 'working' }), '2026-02-25');
  // Without the official calendar the same window would wrongly end Wed 2026-02-18.
  assert.equal(periodEnd(plain, '2026-02-11', { days: 5, unit: 'working' }), '2026-02-18');
});

test('addWorkingDays: the start day is not counted; n = 0 is the start itself', () => {
  assert.equal(addWorkingDays(cal, '2026-03-06', 1), '2026-03-09'); // Friday → Monday
  assert.equal(addWorkingDays(cal, '2026-02-16', 1), '2026-02-24'); // starting inside the holiday
  assert.equal(addWorkingDays(cal, '2026-02-13', 1), '2026-02-14'); // Friday → make-up Saturday
  assert.equal(addWorkingDays(cal, '2026-03-04', 0), '2026-03-04');
  assert.equal(addWorkingDays(cal, '2026-02-16', 0), '2026-02-16');
  assert.throws(() => addWorkingDays(cal, '2026-03-04', -1), RangeError);
  assert.throws(() => addWorkingDays(cal, '2026-03-04', 1.5), RangeError);
  assert.throws(() => addWorkingDays(cal, '2026-3-4', 1), RangeError);
});

test('addWorkingDays across the 2025 National Day week to its make-up Saturday', () => {
  // 2025-10-01..08 off; Thu 10-09, Fri 10-10, Sat 10-11 (make-up).
  assert.equal(addWorkingDays(cal, '2025-09-30', 1), '2025-10-09');
  assert.equal(addWorkingDays(cal, '2025-09-30', 3), '2025-10-11');
  assert.equal(addWorkingDays(cal, '2025-09-26', 1), '2025-09-28'); // Friday → make-up Sunday
});

test('subtractWorkingDays walks back over holidays and make-up days', () => {
  assert.equal(subtractWorkingDays(cal, '2026-02-24', 1), '2026-02-14');
  assert.equal(subtractWorkingDays(cal, '2026-02-24', 2), '2026-02-13');
  assert.equal(subtractWorkingDays(cal, '2026-03-02', 3), '2026-02-26'); // Sat 28, Fri 27, Thu 26
  assert.equal(subtractWorkingDays(cal, '2026-10-08', 3), '2026-09-28'); // Wed 30, Tue 29, Mon 28
  assert.equal(subtractWorkingDays(cal, '2026-03-09', 0), '2026-03-09');
  assert.throws(() => subtractWorkingDays(cal, '2026-03-09', -2), RangeError);
});

test('add and subtract are inverse on working days', () => {
  for (const start of ['2026-02-13', '2026-02-14', '2026-02-24', '2025-09-30', '2026-09-18']) {
    for (const n of [1, 3, 5, 15]) {
      assert.equal(subtractWorkingDays(cal, addWorkingDays(cal, start, n), n), start, `${start} ±${n}`);
    }
  }
});

test('calendar period ending on a holiday moves to the next working day', () => {
  // Registered Wed 2026-09-16 + 15 = Thu 10-01 (国庆节) → 10-02..07 also off → Thu 10-08.
  assert.equal(periodEnd(cal, '2026-09-16', { days: 15, unit: 'calendar' }), '2026-10-08');
  // Accepted Sun 2026-08-02 + 60 = 10-01 → 10-08.
  assert.equal(periodEnd(cal, '2026-08-02', { days: 60, unit: 'calendar' }), '2026-10-08');
  // 2026-02-01 + 15 = Mon 02-16 (春节) → Tue 02-24.
  assert.equal(periodEnd(cal, '2026-02-01', { days: 15, unit: 'calendar' }), '2026-02-24');
});

test('calendar period ending on a holiday can move onto a make-up Sunday', () => {
  // 2025-12-17 + 15 = Thu 2026-01-01; 01-02 and Sat 01-03 are off; Sun 01-04 is a make-up day.
  assert.equal(periodEnd(cal, '2025-12-17', { days: 15, unit: 'calendar' }), '2026-01-04');
});

test('calendar period ending on an ordinary weekend moves to Monday', () => {
  // Fri 2026-03-06 + 15 = Sat 03-21 → Mon 03-23.
  assert.equal(periodEnd(cal, '2026-03-06', { days: 15, unit: 'calendar' }), '2026-03-23');
  // Sat 2026-03-07 + 15 = Sun 03-22 → Mon 03-23.
  assert.equal(periodEnd(cal, '2026-03-07', { days: 15, unit: 'calendar' }), '2026-03-23');
});

test('calendar period ending on a make-up weekend day stays there', () => {
  assert.equal(periodEnd(cal, '2026-02-13', { days: 15, unit: 'calendar' }), '2026-02-28'); // Saturday, 调休
  assert.equal(periodEnd(cal, '2025-12-20', { days: 15, unit: 'calendar' }), '2026-01-04'); // Sunday, 调休
});

test('calendar period ending on a working day is untouched', () => {
  assert.equal(periodEnd(cal, '2026-03-02', { days: 30, unit: 'calendar' }), '2026-04-01'); // Wednesday
  assert.equal(periodEnd(cal, '2026-03-04', { days: 0, unit: 'calendar' }), '2026-03-04');
});

test('periodEnd refuses nonsense', () => {
  assert.throws(() => periodEnd(cal, '2026-03-02', { days: -1, unit: 'calendar' }), RangeError);
  assert.throws(() => periodEnd(cal, '2026-03-02', { days: 3, unit: 'weeks' as 'calendar' }), RangeError);
});

test('nextWorkingDayOnOrAfter', () => {
  assert.equal(nextWorkingDayOnOrAfter(cal, '2026-03-04'), '2026-03-04');
  assert.equal(nextWorkingDayOnOrAfter(cal, '2026-02-15'), '2026-02-24');
  assert.equal(nextWorkingDayOnOrAfter(cal, '2026-10-03'), '2026-10-08');
});

test('chinaDate around UTC midnight and China midnight', () => {
  assert.equal(chinaDate(new Date('2026-02-14T15:59:59.999Z')), '2026-02-14'); // 23:59:59.999 in Beijing
  assert.equal(chinaDate(new Date('2026-02-14T16:00:00.000Z')), '2026-02-15'); // 00:00 in Beijing
  assert.equal(chinaDate(new Date('2026-02-14T23:30:00.000Z')), '2026-02-15'); // UTC still says the 14th
  assert.equal(chinaDate(new Date('2026-02-15T00:00:00.000Z')), '2026-02-15');
  assert.equal(chinaDate(new Date('2025-12-31T16:00:00.000Z')), '2026-01-01');
  assert.equal(chinaDate(new Date('2026-01-01T08:00:00+08:00')), '2026-01-01');
  assert.throws(() => chinaDate(new Date('nope')), RangeError);
});

test('startOfChinaDay and endOfChinaDay bound the China date', () => {
  assert.equal(startOfChinaDay('2026-02-28').toISOString(), '2026-02-27T16:00:00.000Z');
  assert.equal(endOfChinaDay('2026-02-28').toISOString(), '2026-02-28T16:00:00.000Z');
  assert.equal(endOfChinaDay('2025-12-31').toISOString(), '2025-12-31T16:00:00.000Z');
  assert.equal(endOfChinaDay('2028-02-28').toISOString(), '2028-02-28T16:00:00.000Z');
  const end = endOfChinaDay('2026-10-08');
  assert.equal(chinaDate(new Date(end.getTime() - 1)), '2026-10-08');
  assert.equal(chinaDate(end), '2026-10-09');
  assert.equal(chinaDate(startOfChinaDay('2026-10-08')), '2026-10-08');
});

test('isPastDue: the whole due date counts, the next China day does not', () => {
  assert.equal(isPastDue(new Date('2026-10-08T15:59:59.999Z'), '2026-10-08'), false);
  assert.equal(isPastDue(new Date('2026-10-08T16:00:00.000Z'), '2026-10-08'), true);
  assert.equal(isPastDue(new Date('2026-10-07T23:00:00.000Z'), '2026-10-08'), false);
});

test('daysLeft in calendar days', () => {
  assert.equal(daysLeft(cal, '2026-09-16', '2026-10-08', 'calendar'), 22);
  assert.equal(daysLeft(cal, '2026-10-08', '2026-10-08', 'calendar'), 0);
  assert.equal(daysLeft(cal, '2026-10-10', '2026-10-08', 'calendar'), -2);
});

test('daysLeft in working days across the Spring Festival', () => {
  assert.equal(daysLeft(cal, '2026-02-12', '2026-02-25', 'working'), 4); // 13, 14, 24, 25
  assert.equal(daysLeft(cal, '2026-02-14', '2026-02-24', 'working'), 1);
  assert.equal(daysLeft(cal, '2026-02-25', '2026-02-25', 'working'), 0);
  assert.equal(daysLeft(cal, '2026-02-26', '2026-02-25', 'working'), -1);
  assert.equal(daysLeft(cal, '2026-02-28', '2026-02-25', 'working'), -3); // 26, 27, 28 (make-up)
  assert.equal(daysLeft(cal, '2026-02-21', '2026-02-13', 'working'), -1); // only 14 in between
});

test('daysLeft in working days is never 0 except on the due date itself', () => {
  // Due Sat 2026-02-14 (make-up), today Sun 02-22: no working day in between, still overdue.
  assert.equal(daysLeft(cal, '2026-02-22', '2026-02-14', 'working'), -1);
  // A staff-given due date on a holiday, seen from inside the holiday: still ahead.
  assert.equal(daysLeft(cal, '2026-02-15', '2026-02-23', 'working'), 1);
  assert.equal(daysLeft(cal, '2026-03-07', '2026-03-08', 'working'), 1);
});
