// Reads of leader reception days (领导接待日): the portal's upcoming published days, and the
// editor's list (recent past included, drafts included). "Upcoming" is judged in China time.
import type { Kysely } from 'kysely';
import { chinaDate } from '../domain/calendar.ts';
import type { DB } from '../db/schema.ts';

type Row = { id: string; day: string; start_time: string; end_time: string; place: string; leader: string; topics: string; published: boolean };

const toItem = (r: Row) => ({ id: r.id, date: r.day, startTime: r.start_time, endTime: r.end_time, place: r.place, leader: r.leader, topics: r.topics });

/** 'HH:MM' in China (UTC+8, no daylight saving). */
export function chinaTime(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(11, 16);
}

/** Published days that have not ended yet, soonest first. */
export async function upcomingReceptionDays(db: Kysely<DB>, now: Date, limit = 50) {
  const today = chinaDate(now);
  const rows = await db
    .selectFrom('reception_days')
    .select(['id', 'day', 'start_time', 'end_time', 'place', 'leader', 'topics', 'published'])
    .where('published', '=', true)
    .where((eb) => eb.or([eb('day', '>', today), eb.and([eb('day', '=', today), eb('end_time', '>', chinaTime(now))])]))
    .orderBy('day')
    .orderBy('start_time')
    .limit(limit)
    .execute();
  return rows.map(toItem);
}

/** Every day from 90 days ago on, drafts too, for the editor. */
export async function staffReceptionDays(db: Kysely<DB>, now: Date) {
  const since = chinaDate(new Date(now.getTime() - 90 * 86_400_000));
  const rows = await db
    .selectFrom('reception_days')
    .select(['id', 'day', 'start_time', 'end_time', 'place', 'leader', 'topics', 'published'])
    .where('day', '>=', since)
    .orderBy('day', 'desc')
    .orderBy('start_time')
    .execute();
  return rows.map((r) => ({ ...toItem(r), published: r.published }));
}
