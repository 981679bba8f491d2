// The category tree as the portal and console show it (parents with their children).
import type { Database } from '../db/database.ts';

export type CategoryNode = { code: string; name: string; children: CategoryNode[] };

export async function categoryTree(db: Database): Promise<CategoryNode[]> {
  const rows = await db.selectFrom('categories').select(['code', 'parent_code', 'name']).where('active', '=', true).orderBy('sort').orderBy('code').execute();
  const nodes = new Map(rows.map((r) => [r.code, { code: r.code, name: r.name, children: [] as CategoryNode[] }]));
  const roots: CategoryNode[] = [];
  for (const r of rows) {
    const node = nodes.get(r.code)!;
    const parent = r.parent_code ? nodes.get(r.parent_code) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}
