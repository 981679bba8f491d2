// The admin's writes on what the clocks count: the official calendar (import a year's State
// Council schedule in the reference CSV format, or set one day) and the clock periods. A year
// without an imported schedule is provisional: its statutory holidays are computed by the 2024
// rules (api/domain/statutory-holidays.ts). Importing a year's schedule replaces the year whole;
// after any calendar change every running clock is counted again and each move is an event on its
// case (api/services/clock-recount.ts). Clock periods may only be set within the law (CLOCK_LAW):
// shortened, never lengthened, in the law's unit; the citizen's review window not at all. Every
// change drops this process's cached rules; other processes pick it up within 10 seconds. Each
// change is one transaction with its admin audit row (the days or periods before and after).
import { CLOCK_LABELS, CLOCK_NAMES, PERIOD_UNIT_LABELS, type ClockName } from '../contract/enums.ts';
import type { Deps } from '../context.ts';
import { isChinaDate, parseCalendarCsv, type CalendarRow } from '../domain/calendar.ts';
import { CLOCK_DEFAULTS, CLOCK_LAW, type ClockPeriod } from '../domain/lifecycle.ts';
import { COMPUTABLE_YEARS, HOLIDAY_RULES_FROM, statutoryHolidays } from '../domain/statutory-holidays.ts';
import { badRequest } from '../http/errors.ts';
import { recordAdminChange, type AdminActor } from '../services/admin-audit.ts';
import { recountClocks } from '../services/clock-recount.ts';
import { clockRules, invalidateClockRules } from '../services/clocks.ts';

const computable = (year: number) => year >= COMPUTABLE_YEARS.from && year <= COMPUTABLE_YEARS.to;

/** One year of the calendar: official (as imported) or provisional (computed holidays, under any
 *  day set by hand), each day saying where it comes from. */
export async function calendarYear(deps: Deps, year: number) {
  const [rows, imported] = await Promise.all([
    deps.db
      .selectFrom('calendar_days')
      .select(['day', 'kind', 'name'])
      .where('day', '>=', `${year}-01-01`)
      .where('day', '<=', `${year}-12-31`)
      .orderBy('day')
      .execute(),
    deps.db.selectFrom('calendar_years').select('imported_at').where('year', '=', year).executeTakeFirst(),
  ]);
  const provisional = !imported;
  const items: Array<{ date: string; kind: string; name: string; source: 'official' | 'computed' | 'manual' }> = rows.map((r) => ({
    date: r.day,
    kind: r.kind,
    name: r.name,
    source: provisional ? 'manual' : 'official',
  }));
  if (provisional && computable(year)) {
    const set = new Set(rows.map((r) => r.day));
    for (const h of statutoryHolidays(year)) if (!set.has(h.date)) items.push({ date: h.date, kind: 'holiday', name: h.name, source: 'computed' });
    items.sort((a, b) => (a.date < b.date ? -1 : 1));
  }
  return {
    year,
    provisional,
    importedAt: imported?.imported_at.toISOString() ?? null,
    rules: year >= HOLIDAY_RULES_FROM ? '全国年节及纪念日放假办法（2024年修订）' : null,
    note: provisional
      ? `${year} 年尚未导入国务院办公厅公布的放假安排：暂按《全国年节及纪念日放假办法》计算法定节假日，不含调休。公布后请导入全年安排。`
      : null,
    items,
  };
}

/** The statutory days of `year` a schedule leaves out (for years the 2024 rules govern). */
function missingStatutoryDays(year: number, rows: readonly CalendarRow[]): string[] {
  if (year < HOLIDAY_RULES_FROM || !computable(year)) return [];
  const holidays = new Set(rows.filter((r) => r.kind === 'holiday').map((r) => r.date));
  return statutoryHolidays(year).filter((h) => !holidays.has(h.date)).map((h) => `${h.date.slice(5)}（${h.name}）`);
}

export async function importCalendar(deps: Deps, csv: string, actor: AdminActor) {
  let rows;
  try {
    rows = parseCalendarCsv(csv);
  } catch (e) {
    throw badRequest(`日历文件格式不正确：${(e as Error).message}`, { csv: (e as Error).message });
  }
  if (rows.length === 0) throw badRequest('日历文件没有任何日期', { csv: '没有任何日期' });
  const seen = new Map<string, string>();
  for (const r of rows) {
    if (seen.has(r.date) && seen.get(r.date) !== r.kind) throw badRequest(`${r.date} 同时被列为假日和工作日`, { csv: `${r.date} 重复` });
    seen.set(r.date, r.kind);
  }
  const years = [...new Set(rows.map((r) => Number(r.date.slice(0, 4))))].sort();
  // An official schedule always rests on every statutory holiday: a file that does not is for
  // another year, or cut short.
  for (const y of years) {
    const missing = missingStatutoryDays(y, rows.filter((r) => r.date.startsWith(`${y}-`)));
    if (missing.length) {
      const message = `${y} 年的安排缺少法定节假日：${missing.join('、')}。请导入国务院办公厅公布的全年安排`;
      throw badRequest(message, { csv: message });
    }
  }
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('calendar_days')
      .select(['day', 'kind', 'name'])
      .where((eb) => eb.or(years.map((y) => eb.and([eb('day', '>=', `${y}-01-01`), eb('day', '<=', `${y}-12-31`)]))))
      .orderBy('day')
      .execute();
    for (const y of years) await trx.deleteFrom('calendar_days').where('day', '>=', `${y}-01-01`).where('day', '<=', `${y}-12-31`).execute();
    const unique = [...new Map(rows.map((r) => [r.date, r])).values()];
    await trx.insertInto('calendar_days').values(unique.map((r) => ({ day: r.date, kind: r.kind, name: r.name }))).execute();
    await trx
      .insertInto('calendar_years')
      .values(years.map((year) => ({ year, imported_at: now })))
      .onConflict((oc) => oc.column('year').doUpdateSet({ imported_at: now }))
      .execute();
    // The year's days before (replaced whole) and after: the audit row says what changed.
    const was = new Map(before.map((b) => [b.day, b]));
    const now_ = new Map(rows.map((r) => [r.date, r]));
    await recordAdminChange(trx, actor, {
      action: 'calendar.import',
      target: years.join(','),
      before: before.filter((b) => now_.get(b.day)?.kind !== b.kind || now_.get(b.day)?.name !== b.name).map((b) => ({ date: b.day, kind: b.kind, name: b.name })),
      after: [...now_.values()].filter((r) => was.get(r.date)?.kind !== r.kind || was.get(r.date)?.name !== r.name).map((r) => ({ date: r.date, kind: r.kind, name: r.name })),
    }, now);
  });
  invalidateClockRules(deps.db);
  const recount = await recountClocks(deps, `导入${years.join('、')}年放假安排`);
  return { imported: rows.length, years, recounted: recount.moved, casesRecounted: recount.cases };
}

export async function setCalendarDay(deps: Deps, date: string, input: { kind: 'holiday' | 'workday' | 'normal'; name?: string }, actor: AdminActor) {
  if (!isChinaDate(date)) throw badRequest('日期格式不正确（YYYY-MM-DD）', { date: '日期格式不正确' });
  await deps.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('calendar_days').select(['kind', 'name']).where('day', '=', date).executeTakeFirst();
    if (input.kind === 'normal') await trx.deleteFrom('calendar_days').where('day', '=', date).execute();
    else {
      await trx
        .insertInto('calendar_days')
        .values({ day: date, kind: input.kind, name: input.name ?? '' })
        .onConflict((oc) => oc.column('day').doUpdateSet({ kind: input.kind, name: input.name ?? '' }))
        .execute();
    }
    await recordAdminChange(trx, actor, {
      action: 'calendar.day',
      target: date,
      before: before ?? { kind: 'normal', name: '' },
      after: { kind: input.kind, name: input.kind === 'normal' ? '' : (input.name ?? '') },
    }, deps.now());
  });
  invalidateClockRules(deps.db);
  const recount = await recountClocks(deps, `调整${date}`);
  return { date, kind: input.kind, name: input.kind === 'normal' ? '' : (input.name ?? ''), recounted: recount.moved };
}

export async function clockSettings(deps: Deps) {
  const rules = await clockRules(deps.db);
  return Object.fromEntries(
    CLOCK_NAMES.map((c) => [
      c,
      { days: rules.periods[c].days, unit: rules.periods[c].unit, label: CLOCK_LABELS[c], default: CLOCK_DEFAULTS[c], max: CLOCK_LAW[c].days, fixed: CLOCK_LAW[c].fixed ?? false },
    ]),
  ) as Record<ClockName, ClockPeriod & { label: string; default: ClockPeriod; max: number; fixed: boolean }>;
}

/** Why a period is not lawful for a clock (the bound it breaks), or undefined. */
export function periodOutOfLaw(clock: ClockName, v: ClockPeriod): string | undefined {
  const law = CLOCK_LAW[clock];
  const lawText = `${law.days} ${PERIOD_UNIT_LABELS[law.unit]}`;
  if (law.fixed && (v.days !== law.days || v.unit !== law.unit)) return `${CLOCK_LABELS[clock]}是信访人的法定期限（${lawText}），不能修改`;
  if (v.unit !== law.unit) return `${CLOCK_LABELS[clock]}按法定的“${PERIOD_UNIT_LABELS[law.unit]}”计算，不能改为“${PERIOD_UNIT_LABELS[v.unit]}”`;
  if (v.days > law.days) return `${CLOCK_LABELS[clock]}不能超过法定的 ${lawText}（可以缩短，不能延长）`;
  if (v.days < 1) return `${CLOCK_LABELS[clock]}至少 1 ${PERIOD_UNIT_LABELS[law.unit]}`;
  return undefined;
}

export async function updateClockSettings(deps: Deps, patch: Partial<Record<ClockName, ClockPeriod>>, actor: AdminActor) {
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(patch)) {
    if (!(CLOCK_NAMES as readonly string[]).includes(k)) {
      fields[k] = '未知的期限';
      continue;
    }
    const bad = periodOutOfLaw(k as ClockName, v as ClockPeriod);
    if (bad) fields[k] = bad;
  }
  if (Object.keys(fields).length) throw badRequest(Object.values(fields).join('；'), fields);
  await deps.db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('settings').select('value').where('key', '=', 'clock_periods').forUpdate().executeTakeFirst();
    const value = { ...((current?.value ?? {}) as object), ...patch };
    await trx
      .insertInto('settings')
      .values({ key: 'clock_periods', value: JSON.stringify(value) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: deps.now() }))
      .execute();
    await recordAdminChange(trx, actor, { action: 'settings.clocks', target: 'clock_periods', before: current?.value ?? {}, after: value }, deps.now());
  });
  invalidateClockRules(deps.db);
  return clockSettings(deps);
}
