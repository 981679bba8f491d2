// The admin's aliases of agencies and categories (市人社局 for 市人力资源和社会保障局, 环保 for 生态环境):
// ledger imports read them (api/services/ledger-vocab.ts). An alias names exactly one agency or
// category and is never another one's own name; each change is audited (recordAdminChange) in the
// same transaction.
import type { Deps } from '../context.ts';
import { AppError, badRequest, notFound } from '../http/errors.ts';
import { recordAdminChange, type AdminActor } from '../services/admin-audit.ts';
import { squeeze } from '../services/ledger-values.ts';

type Kind = 'agency' | 'category';

export async function listAliases(deps: Deps) {
  const [agencies, categories] = await Promise.all([
    deps.db.selectFrom('agency_aliases as x').innerJoin('agencies as a', 'a.id', 'x.agency_id').select(['x.alias', 'x.agency_id as agencyId', 'a.name']).orderBy('a.name').orderBy('x.alias').execute(),
    deps.db.selectFrom('category_aliases as x').innerJoin('categories as c', 'c.code', 'x.category_code').select(['x.alias', 'x.category_code as code', 'c.name']).orderBy('c.code').orderBy('x.alias').execute(),
  ]);
  return { agencies, categories };
}

async function clash(deps: Deps, kind: Kind, alias: string, target: string): Promise<string | null> {
  const key = squeeze(alias);
  if (kind === 'agency') {
    const names = await deps.db.selectFrom('agencies').select(['id', 'name']).execute();
    const same = names.find((n) => squeeze(n.name) === key);
    if (same) return same.id === target ? '别名与单位名称相同，不必添加' : `“${alias}”是另一个单位（${same.name}）的名称`;
    const taken = await deps.db.selectFrom('agency_aliases as x').innerJoin('agencies as a', 'a.id', 'x.agency_id').select(['x.alias', 'a.name']).execute();
    const hit = taken.find((t) => squeeze(t.alias) === key);
    return hit ? `别名“${alias}”已用于${hit.name}` : null;
  }
  const names = await deps.db.selectFrom('categories').select(['code', 'name']).execute();
  const same = names.find((n) => squeeze(n.name) === key);
  if (same) return same.code === target ? '别名与分类名称相同，不必添加' : `“${alias}”是另一个分类（${same.name}）的名称`;
  const taken = await deps.db.selectFrom('category_aliases as x').innerJoin('categories as c', 'c.code', 'x.category_code').select(['x.alias', 'c.name']).execute();
  const hit = taken.find((t) => squeeze(t.alias) === key);
  return hit ? `别名“${alias}”已用于分类“${hit.name}”` : null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function addAlias(deps: Deps, actor: AdminActor, kind: Kind, target: string, alias: string) {
  if (kind === 'agency' && !UUID.test(target)) throw notFound('承办单位不存在');
  const exists =
    kind === 'agency'
      ? await deps.db.selectFrom('agencies').select('id').where('id', '=', target).executeTakeFirst()
      : await deps.db.selectFrom('categories').select('code').where('code', '=', target).executeTakeFirst();
  if (!exists) throw notFound(kind === 'agency' ? '承办单位不存在' : '分类不存在');
  const problem = await clash(deps, kind, alias, target);
  if (problem) throw new AppError(409, 'alias_taken', problem, { fields: { alias: problem } });
  await deps.db.transaction().execute(async (trx) => {
    if (kind === 'agency') await trx.insertInto('agency_aliases').values({ alias, agency_id: target, created_at: deps.now() }).execute();
    else await trx.insertInto('category_aliases').values({ alias, category_code: target, created_at: deps.now() }).execute();
    await recordAdminChange(trx, actor, { action: `${kind}.alias.add`, target, after: { alias } }, deps.now());
  });
  return listAliases(deps);
}

export async function removeAlias(deps: Deps, actor: AdminActor, kind: Kind, target: string, alias: string) {
  if (!alias) throw badRequest('请指定别名');
  if (kind === 'agency' && !UUID.test(target)) throw notFound('承办单位不存在');
  await deps.db.transaction().execute(async (trx) => {
    const gone =
      kind === 'agency'
        ? await trx.deleteFrom('agency_aliases').where('alias', '=', alias).where('agency_id', '=', target).returning('alias').executeTakeFirst()
        : await trx.deleteFrom('category_aliases').where('alias', '=', alias).where('category_code', '=', target).returning('alias').executeTakeFirst();
    if (!gone) throw notFound('没有这个别名');
    await recordAdminChange(trx, actor, { action: `${kind}.alias.remove`, target, before: { alias } }, deps.now());
  });
  return listAliases(deps);
}
