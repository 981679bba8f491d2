// The admin's writes on what the clocks count: the official calendar (import a year's State
// Council schedule in the reference CSV format, or set one day) and the clock periods. Every
// change drops this process's cached rules; other processes pick it up within 10 seconds. A
// change applies to clocks started afterwards; running clocks keep their due dates. Each change
// is one transaction with its admin audit row (the days or periods before and after).
import { CLOCK_LABELS, CLOCK_NAMES, PERIOD_UNITS, type ClockName } from '../contract/enums.ts';
import type { Deps } from '../context.ts';
import { isChinaDate, parseCalendarCsv } from '../domain/calendar.ts';
import { CLOCK_DEFAULTS, type ClockPeriod } from '../domain/lifecycle.ts';
import { badRequest } from '../http/errors.ts';
import { recordAdminChange, type AdminActor } from '../services/admin-audit.ts';
import { clockRules, invalidateClockRules } from '../services/clocks.ts';

export async function calendarYear(deps: Deps, year: number) {
  const rows = await deps.db
    .selectFrom('calendar_days')
    .select(['day', 'kind', 'name'])
    .where('day', '>=', `${year}-01-01`)
    .where('day', '<=', `${year}-12-31`)
    .orderBy('day')
    .execute();
  return { year, items: rows.map((r) => ({ date: r.day, kind: r.kind, name: r.name })) };
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
  await deps.db.transaction().execute(async (trx) => {
    const dates = rows.map((r) => r.date);
    const before = await trx.selectFrom('calendar_days').select(['day', 'kind', 'name']).where('day', 'in', dates).execute();
    await trx
      .insertInto('calendar_days')
      .values(rows.map((r) => ({ day: r.date, kind: r.kind, name: r.name })))
      .onConflict((oc) => oc.column('day').doUpdateSet((eb) => ({ kind: eb.ref('excluded.kind'), name: eb.ref('excluded.name') })))
      .execute();
    const was = new Map(before.map((b) => [b.day, b]));
    const changed = rows.filter((r) => was.get(r.date)?.kind !== r.kind || was.get(r.date)?.name !== r.name);
    await recordAdminChange(trx, actor, {
      action: 'calendar.import',
      target: [...new Set(dates.map((d) => d.slice(0, 4)))].join(','),
      before: changed.filter((r) => was.has(r.date)).map((r) => ({ date: r.date, kind: was.get(r.date)!.kind, name: was.get(r.date)!.name })),
      after: changed.map((r) => ({ date: r.date, kind: r.kind, name: r.name })),
    }, deps.now());
  });
  invalidateClockRules(deps.db);
  return { imported: rows.length, years: [...new Set(rows.map((r) => Number(r.date.slice(0, 4))))] };
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
  return { date, kind: input.kind, name: input.kind === 'normal' ? '' : (input.name ?? '') };
}

export async function clockSettings(deps: Deps) {
  const rules = await clockRules(deps.db);
  return Object.fromEntries(
    CLOCK_NAMES.map((c) => [c, { days: rules.periods[c].days, unit: rules.periods[c].unit, label: CLOCK_LABELS[c], default: CLOCK_DEFAULTS[c] }]),
  ) as Record<ClockName, ClockPeriod & { label: string; default: ClockPeriod }>;
}

export async function updateClockSettings(deps: Deps, patch: Partial<Record<ClockName, ClockPeriod>>, actor: AdminActor) {
  for (const [k, v] of Object.entries(patch)) {
    if (!(CLOCK_NAMES as readonly string[]).includes(k)) throw badRequest(`未知的期限：${k}`, { [k]: '未知的期限' });
    if (!v || !Number.isInteger(v.days) || v.days < 1 || v.days > 365 || !PERIOD_UNITS.includes(v.unit)) {
      throw badRequest(`${CLOCK_LABELS[k as ClockName]}设置不正确（1–365 日，自然日或工作日）`, { [k]: '天数为 1–365，单位为自然日或工作日' });
    }
  }
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
