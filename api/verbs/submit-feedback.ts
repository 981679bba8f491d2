// 办结报告: the assigned agency reports its result, with files; the report goes to the office,
// which replies to the citizen or returns it.
import { badRequest } from '../http/errors.ts';
import { bindAttachments } from '../services/case-text.ts';
import type { ActionStep } from './act-on-petition.ts';

export const submitFeedback: ActionStep<'feedback'> = async ({ trx, petition, now }, params) => {
  if (params.attachmentIds.length) {
    const free = await trx.selectFrom('attachments').select('id').where('id', 'in', params.attachmentIds).where('petition_id', 'is', null).execute();
    if (free.length !== new Set(params.attachmentIds).size) throw badRequest('部分附件不存在或已被使用，请重新上传', { attachmentIds: '部分附件不存在或已被使用' });
  }
  return {
    data: { text: params.text, attachments: params.attachmentIds.length },
    afterEvent: (eventId) => bindAttachments(trx, petition.id, eventId, params.attachmentIds, now),
  };
};
