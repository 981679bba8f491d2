// The admin's writes on reference data: agencies (承办单位) and the category tree. Guarantees:
// names are unique, an agency in use is deactivated rather than deleted, and the category tree
// stays a tree (a parent exists, is never the node itself or one of its descendants). Each write
// is one transaction with its admin audit row (before and after).
import { sql } from 'kysely';
import type { AgencyKind } from '../contract/enums.ts';
import type { Deps } from '../context.ts';
import { AppError, badRequest, notFound } from '../http/errors.ts';
import { recordAdminChange, type AdminActor } from '../services/admin-audit.ts';

const nameTaken = () => new AppError(409, 'name_taken', '该单位名称已存在', { fields: { name: '该单位名称已存在' } });
const isUnique = (e: unknown) => (e as { code?: string }).code === '23505';

export async function listAgencies(deps: Deps) {
  const rows = await deps.db.selectFrom('agencies').select(['id', 'name', 'kind', 'contact', 'active']).orderBy('kind').orderBy('name').execute();
  return { items: rows };
}

export async function createAgency(deps: Deps, input: { name: string; kind: AgencyKind; contact?: string }, actor: AdminActor) {
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const row = await trx.insertInto('agencies').values({ name: input.name, kind: input.kind, contact: input.contact ?? null }).returning(['id', 'name', 'kind', 'contact', 'active']).executeTakeFirstOrThrow();
      await recordAdminChange(trx, actor, { action: 'agency.create', target: row.id, after: row }, deps.now());
      return row;
    });
  } catch (e) {
    if (isUnique(e)) throw nameTaken();
    throw e;
  }
}

export async function updateAgency(deps: Deps, id: string, patch: { name?: string; kind?: AgencyKind; contact?: string | null; active?: boolean }, actor: AdminActor) {
  if (Object.keys(patch).length === 0) throw badRequest('没有需要修改的内容');
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('agencies').select(['id', 'name', 'kind', 'contact', 'active']).where('id', '=', id).forUpdate().executeTakeFirst();
      if (!before) throw notFound('承办单位不存在');
      const row = await trx.updateTable('agencies').set(patch).where('id', '=', id).returning(['id', 'name', 'kind', 'contact', 'active']).executeTakeFirstOrThrow();
      await recordAdminChange(trx, actor, { action: 'agency.update', target: id, before, after: row }, deps.now());
      return row;
    });
  } catch (e) {
    if (isUnique(e)) throw nameTaken();
    throw e;
  }
}

export async function listCategories(deps: Deps) {
  const rows = await deps.db.selectFrom('categories').select(['code', 'parent_code as parentCode', 'name', 'sort', 'active']).orderBy('sort').orderBy('code').execute();
  return { items: rows };
}

async function checkParent(deps: Deps, code: string, parentCode: string | null | undefined) {
  if (!parentCode) return;
  if (parentCode === code) throw badRequest('上级分类不能是自身', { parentCode: '上级分类不能是自身' });
  const { rows } = await sql<{ code: string }>`
    WITH RECURSIVE up(code, parent_code) AS (
      SELECT code, parent_code FROM categories WHERE code = ${parentCode}
      UNION ALL SELECT c.code, c.parent_code FROM categories c JOIN up ON c.code = up.parent_code)
    SELECT code FROM up`.execute(deps.db);
  if (rows.length === 0) throw badRequest('上级分类不存在', { parentCode: '上级分类不存在' });
  if (rows.some((r) => r.code === code)) throw badRequest('不能把分类移到它自己的下级分类之下', { parentCode: '不能移到自身的下级分类之下' });
}

export async function createCategory(deps: Deps, input: { code: string; parentCode?: string | null; name: string; sort?: number }, actor: AdminActor) {
  await checkParent(deps, input.code, input.parentCode);
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('categories')
      .values({ code: input.code, parent_code: input.parentCode ?? null, name: input.name, sort: input.sort ?? 1000 })
      .onConflict((oc) => oc.column('code').doNothing())
      .returning(['code', 'parent_code as parentCode', 'name', 'sort', 'active'])
      .executeTakeFirst();
    if (!row) throw new AppError(409, 'code_taken', '该分类代码已存在', { fields: { code: '该分类代码已存在' } });
    await recordAdminChange(trx, actor, { action: 'category.create', target: row.code, after: row }, deps.now());
    return row;
  });
}

export async function updateCategory(deps: Deps, code: string, patch: { parentCode?: string | null; name?: string; sort?: number; active?: boolean }, actor: AdminActor) {
  if (patch.parentCode !== undefined) await checkParent(deps, code, patch.parentCode);
  const set: Record<string, unknown> = {};
  if (patch.parentCode !== undefined) set.parent_code = patch.parentCode;
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.sort !== undefined) set.sort = patch.sort;
  if (patch.active !== undefined) set.active = patch.active;
  if (Object.keys(set).length === 0) throw badRequest('没有需要修改的内容');
  return deps.db.transaction().execute(async (trx) => {
    const columns = ['code', 'parent_code as parentCode', 'name', 'sort', 'active'] as const;
    const before = await trx.selectFrom('categories').select(columns).where('code', '=', code).forUpdate().executeTakeFirst();
    if (!before) throw notFound('分类不存在');
    const row = await trx.updateTable('categories').set(set).where('code', '=', code).returning(columns).executeTakeFirstOrThrow();
    await recordAdminChange(trx, actor, { action: 'category.update', target: code, before, after: row }, deps.now());
    return row;
  });
}
