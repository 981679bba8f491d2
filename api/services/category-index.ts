// The category tree as the analysis needs it: each code's name, parent, top-level branch, depth
// and ancestors (a parent counts its children), with a path name for labels ("劳动和社会保障 /
// 拖欠工资"). Cached per database for a minute: admins edit the tree rarely.
import type { Database } from '../db/database.ts';

export type CategoryInfo = { code: string; name: string; parent: string | null; root: string; depth: number; ancestors: string[]; path: string; sort: number };
export type CategoryIndex = { byCode: Map<string, CategoryInfo>; byName: Map<string, CategoryInfo[]>; ordered: CategoryInfo[] };

const TTL_MS = 60_000;
const cache = new WeakMap<Database, { at: number; index: CategoryIndex }>();

export async function categoryIndex(db: Database): Promise<CategoryIndex> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.index;
  const rows = await db.selectFrom('categories').select(['code', 'parent_code', 'name', 'sort']).orderBy('sort').orderBy('code').execute();
  const raw = new Map(rows.map((r) => [r.code, r]));
  const byCode = new Map<string, CategoryInfo>();
  const resolve = (code: string, seen = new Set<string>()): CategoryInfo => {
    const done = byCode.get(code);
    if (done) return done;
    const r = raw.get(code)!;
    const parent = r.parent_code && raw.has(r.parent_code) && !seen.has(r.parent_code) ? resolve(r.parent_code, seen.add(code)) : null;
    const info: CategoryInfo = {
      code,
      name: r.name,
      parent: parent?.code ?? null,
      root: parent?.root ?? code,
      depth: parent ? parent.depth + 1 : 0,
      ancestors: parent ? [...parent.ancestors, parent.code] : [],
      path: parent ? `${parent.path} / ${r.name}` : r.name,
      sort: r.sort,
    };
    byCode.set(code, info);
    return info;
  };
  for (const r of rows) resolve(r.code);
  const ordered = rows.map((r) => byCode.get(r.code)!);
  const byName = new Map<string, CategoryInfo[]>();
  for (const c of ordered) byName.set(c.name, [...(byName.get(c.name) ?? []), c]);
  const index = { byCode, byName, ordered };
  cache.set(db, { at: Date.now(), index });
  return index;
}

/** The code and every code below it. */
export function subtree(index: CategoryIndex, code: string): string[] {
  return index.ordered.filter((c) => c.code === code || c.ancestors.includes(code)).map((c) => c.code);
}
