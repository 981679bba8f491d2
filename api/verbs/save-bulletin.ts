// The monthly bulletin's life: generate a draft for a month (figures gathered and text written
// now, kept with the draft), regenerate it, edit its title, text and notable cases (guarded by
// a revision number so two editors never overwrite each other), its 期号, 主送 and 抄送, and
// publish it internally — refused while any placeholder is left (a "（请填写…）" the draft put in,
// or an office that has no name yet) — after which it is frozen. Each step locks the row and runs
// in one transaction.
import type { Transaction } from 'kysely';
import type { UpdateBulletinRequest } from '../contract/analysis.ts';
import { PURPOSE_LABELS } from '../contract/enums.ts';
import type { Deps, StaffSession } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { monthLabel, writeSections } from '../domain/bulletin-text.ts';
import { chinaDate } from '../domain/calendar.ts';
import { can } from '../domain/permissions.ts';
import { badRequest, conflict, forbidden, notFound } from '../http/errors.ts';
import { gatherFigures } from '../services/bulletin-figures.ts';
import { scopedPetitions } from '../services/case-scope.ts';
import { OFFICE_PLACEHOLDER, officeIdentity } from '../services/office.ts';

/** Text a draft leaves for people to fill in: （请…）, 【…】, XX / ××. */
export const PLACEHOLDER_RE = /（请[^）]{0,80}）|\(请[^)]{0,80}\)|【[^】]{0,40}】|XX|ＸＸ|××|＊＊/;

function mayEdit(staff: StaffSession) {
  if (!can(staff.role, 'bulletin.edit')) throw forbidden();
}

export async function createBulletin(deps: Deps, staff: StaffSession, month: string): Promise<string> {
  mayEdit(staff);
  if (month > chinaDate(deps.now()).slice(0, 7)) throw badRequest('不能为尚未到来的月份生成通报', { month: '不能选择以后的月份' });
  const existing = await deps.db.selectFrom('bulletins').select('id').where('month', '=', `${month}-01`).executeTakeFirst();
  if (existing) throw conflict(`${monthLabel(month)}的通报已经存在，请打开后编辑或重新生成`, 'bulletin_exists');
  const figures = await gatherFigures(deps, staff, month);
  const now = deps.now();
  const year = month.slice(0, 4);
  const last = await deps.db.selectFrom('bulletins').select((eb) => eb.fn.max('issue_no').as('n')).where('month', '>=', `${year}-01-01`).where('month', '<=', `${year}-12-01`).executeTakeFirst();
  try {
    const row = await deps.db
      .insertInto('bulletins')
      .values({
        issue_no: Number(last?.n ?? 0) + 1,
        month: `${month}-01`,
        title: `${monthLabel(month)}信访工作情况通报`,
        figures: JSON.stringify(figures),
        sections: JSON.stringify(writeSections(figures, PURPOSE_LABELS)),
        created_by: staff.userId,
        created_at: now,
        updated_by: staff.userId,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  } catch (e) {
    if ((e as { code?: string }).code === '23505') throw conflict(`${monthLabel(month)}的通报已经存在`, 'bulletin_exists');
    throw e;
  }
}

async function lockDraft(trx: Transaction<DB>, id: string) {
  const row = await trx.selectFrom('bulletins').select(['id', 'month', 'status', 'revision']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw notFound('没有找到该通报');
  if (row.status !== 'draft') throw conflict('通报已发布，不能再修改', 'bulletin_published');
  return row;
}

export async function regenerateBulletin(deps: Deps, staff: StaffSession, id: string) {
  mayEdit(staff);
  const head = await deps.db.selectFrom('bulletins').select(['month']).where('id', '=', id).executeTakeFirst();
  if (!head) throw notFound('没有找到该通报');
  const month = head.month.slice(0, 7);
  const figures = await gatherFigures(deps, staff, month);
  await deps.db.transaction().execute(async (trx) => {
    const row = await lockDraft(trx, id);
    await trx
      .updateTable('bulletins')
      .set({
        figures: JSON.stringify(figures),
        sections: JSON.stringify(writeSections(figures, PURPOSE_LABELS)),
        revision: row.revision + 1,
        updated_by: staff.userId,
        updated_at: deps.now(),
      })
      .where('id', '=', id)
      .execute();
  });
}

export async function updateBulletin(deps: Deps, staff: StaffSession, id: string, input: UpdateBulletinRequest) {
  mayEdit(staff);
  const caseNos = [...new Set(input.notable.map((n) => n.caseNo))];
  if (caseNos.length) {
    const found = await scopedPetitions(deps.db, staff).select('p.case_no').where('p.case_no', 'in', caseNos).execute();
    const missing = caseNos.filter((n) => !found.some((f) => f.case_no === n));
    if (missing.length) throw badRequest(`信访件 ${missing.join('、')} 不存在`, { notable: `信访件 ${missing.join('、')} 不存在` });
  }
  await deps.db.transaction().execute(async (trx) => {
    const row = await lockDraft(trx, id);
    if (row.revision !== input.revision) throw conflict('通报已被他人修改，请刷新后再编辑', 'stale_revision');
    await trx
      .updateTable('bulletins')
      .set({
        title: input.title,
        sections: JSON.stringify(input.sections),
        notable: JSON.stringify(input.notable.filter((n, i) => input.notable.findIndex((m) => m.caseNo === n.caseNo) === i)),
        ...(input.issueNo !== undefined ? { issue_no: input.issueNo } : {}),
        ...(input.sendTo !== undefined ? { send_to: input.sendTo } : {}),
        ...(input.copyTo !== undefined ? { copy_to: input.copyTo } : {}),
        ...(input.categoryLevel !== undefined ? { category_level: input.categoryLevel } : {}),
        revision: row.revision + 1,
        updated_by: staff.userId,
        updated_at: deps.now(),
      })
      .where('id', '=', id)
      .execute();
  });
}

export async function publishBulletin(deps: Deps, staff: StaffSession, id: string) {
  mayEdit(staff);
  const office = await officeIdentity(deps);
  await deps.db.transaction().execute(async (trx) => {
    const row = await lockDraft(trx, id);
    if (!office.name || office.name === OFFICE_PLACEHOLDER.name) {
      throw conflict('机关名称尚未设置（由系统管理员在“系统管理 → 机关信息”中填写），通报不能发布', 'placeholder_left');
    }
    const full = await trx.selectFrom('bulletins').select(['title', 'sections', 'send_to', 'copy_to']).where('id', '=', id).executeTakeFirstOrThrow();
    const parts: Array<[string, string]> = [['标题', full.title], ['主送', full.send_to], ['抄送', full.copy_to], ...(full.sections as Array<{ heading: string; text: string }>).map((s) => [`“${s.heading}”`, s.text] as [string, string])];
    for (const [where, text] of parts) {
      const m = PLACEHOLDER_RE.exec(text);
      if (m) throw conflict(`${where}中还有待填写的内容“${m[0].slice(0, 40)}”，请修改后再发布`, 'placeholder_left');
    }
    const now = deps.now();
    await trx
      .updateTable('bulletins')
      .set({ status: 'published', published_by: staff.userId, published_at: now, revision: row.revision + 1, updated_at: now, updated_by: staff.userId })
      .where('id', '=', id)
      .execute();
  });
}
