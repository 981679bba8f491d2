// Reference lists the console's forms pick from (category tree, agencies), loaded once per page
// and shared by every island that asks.
import { get } from './client';
import type { Agency, CategoryNode } from './types';

let categories: Promise<CategoryNode[]> | null = null;
let agencies: Promise<Agency[]> | null = null;

export function loadCategories(): Promise<CategoryNode[]> {
  categories ??= get<{ items: CategoryNode[] }>('/api/public/categories').then((r) => (r.ok ? r.data.items : []));
  return categories;
}

/** Active agencies, by name. Empty for a role that may not list them. */
export function loadAgencies(): Promise<Agency[]> {
  agencies ??= get<{ items: Agency[] }>('/api/staff/agencies', { noRedirect: true }).then((r) =>
    r.ok ? r.data.items.filter((a) => a.active !== false).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')) : [],
  );
  return agencies;
}
