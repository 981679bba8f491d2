// 合并: a petition on the same matter joins another open case (一信多投, repeats); its clocks stop
// and the citizen is told which case now carries it.
import { CLOSED_STATUSES, type Status } from '../contract/enums.ts';
import { badRequest, conflict } from '../http/errors.ts';
import { scopedPetitions } from '../services/case-scope.ts';
import type { ActionStep } from './act-on-petition.ts';

export const mergePetition: ActionStep<'merge'> = async ({ trx, staff, petition }, params) => {
  const into = params.intoCaseNo.trim();
  if (into === petition.case_no) throw badRequest('不能与本件自身合并', { intoCaseNo: '不能与本件自身合并' });
  const target = await scopedPetitions(trx, staff).select(['p.id', 'p.case_no', 'p.status']).where('p.case_no', '=', into).executeTakeFirst();
  if (!target) throw badRequest('要合并到的信访件不存在', { intoCaseNo: '要合并到的信访件不存在' });
  if (CLOSED_STATUSES.includes(target.status as Status)) throw conflict('要合并到的信访件已办结，不能合并', 'merge_target_closed');
  return {
    set: { merged_into_id: target.id },
    publicText: `您反映的事项已与信访件 ${target.case_no} 合并办理，办理结果将一并答复。`,
    data: { intoCaseNo: target.case_no },
  };
};
