// 办结: the office closes a replied case. Not while the citizen may still ask for review (条例 art.
// 35: 30 days from receiving the reply) unless they said they will not (waive_review, recorded with
// how they said it); after a level-2 decision nothing more can be asked and the case may close.
import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { isPastDue } from '../domain/calendar.ts';
import { REVIEW_LEVEL_MAX } from '../domain/lifecycle.ts';
import { conflict } from '../http/errors.ts';
import { cnDate } from '../services/case-text.ts';
import { FINAL_CLOSE } from '../services/review-text.ts';
import type { ActionStep } from './act-on-petition.ts';

/** Whether a waive_review event follows the latest reply. */
export async function waivedSinceReply(trx: Transaction<DB>, petitionId: number): Promise<boolean> {
  const last = await trx
    .selectFrom('events')
    .select('type')
    .where('petition_id', '=', petitionId)
    .where('type', 'in', ['reply', 'waive_review'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return last?.type === 'waive_review';
}

export const closePetition: ActionStep<'close'> = async ({ trx, petition, now }) => {
  const final = petition.review_level >= REVIEW_LEVEL_MAX;
  if (!final) {
    const window = await trx.selectFrom('clocks').select('due_date').where('petition_id', '=', petition.id).where('clock', '=', 'review_window').where('stopped_at', 'is', null).executeTakeFirst();
    if (window && !isPastDue(now, window.due_date) && !(await waivedSinceReply(trx, petition.id))) {
      throw conflict(`信访人申请复查的期限至${cnDate(window.due_date)}届满，届满前不能办结；信访人表示不申请复查的，请先记录“放弃复查”`, 'review_window_open');
    }
  }
  return { publicText: final ? `您的信访事项已办结。${FINAL_CLOSE}` : '您的信访事项已办结。' };
};
