// The registration facts beyond the filing contract (migrations/070 registration_details): checked
// and completed before a registration is written (a reception day must be a published one on the
// day the visit came in; its leader is the receiving leader unless the clerk names another), written
// in the registration's transaction, and read back for the case page: the source and referrer,
// whether the referrer has been told the result (报结), the flags, the reception day, and for an
// imported case its ledger row (number, 办理结果, 备注). An agency officer never reads the 重复访
// flag of an accusation (DESIGN §5: nothing links an accusation to the person's other cases).
import type pg from 'pg';
import type { Channel } from '../contract/enums.ts';
import { isReferral, SOURCE_CHANNEL, SOURCE_LABELS, type RegistrationDetailsInput, type Source } from '../contract/registration.ts';
import type { Deps, StaffSession } from '../context.ts';
import { chinaDate } from '../domain/calendar.ts';
import { badRequest } from '../http/errors.ts';
import { identityWithheld } from './identity-access.ts';
import { settledCase } from './registration-scan.ts';

export type Details = {
  source: Source;
  referrer: string | null;
  referrerDocNo: string | null;
  referrerAddress: string | null;
  skipLevel: boolean;
  repeatVisit: boolean;
  receptionDayId: string | null;
  receptionDate: string | null;
  receivingLeader: string | null;
};

/** The details to write, or null when there is nothing beyond the channel. */
export async function resolveDetails(deps: Deps, channel: Channel, receivedAt: Date, input: RegistrationDetailsInput | undefined): Promise<Details | null> {
  if (!input) return null;
  const source = input.source ?? channel;
  if (!isReferral(source) && source !== channel) {
    throw badRequest(`来源“${SOURCE_LABELS[source]}”与渠道不一致`, { 'details.source': `来源“${SOURCE_LABELS[source]}”与渠道不一致，请重新选择` });
  }
  let receptionDate: string | null = null;
  let leader = input.receivingLeader ?? null;
  if (input.receptionDayId) {
    if (channel !== 'visit') throw badRequest('只有来访才在领导接待日登记', { 'details.receptionDayId': '只有来访才在领导接待日登记' });
    const day = await deps.db.selectFrom('reception_days').select(['day', 'leader', 'published']).where('id', '=', input.receptionDayId).executeTakeFirst();
    if (!day || !day.published) throw badRequest('没有这个已公布的领导接待日', { 'details.receptionDayId': '没有这个已公布的领导接待日' });
    if (day.day !== chinaDate(receivedAt)) {
      throw badRequest(`该接待日是 ${day.day}，与来访时间不一致`, { 'details.receptionDayId': `该接待日是 ${day.day}，与来访时间（${chinaDate(receivedAt)}）不一致` });
    }
    receptionDate = day.day;
    leader ??= day.leader;
  }
  const d: Details = {
    source,
    referrer: isReferral(source) ? input.referrer ?? null : null,
    referrerDocNo: isReferral(source) ? input.referrerDocNo ?? null : null,
    referrerAddress: isReferral(source) ? input.referrerAddress ?? null : null,
    skipLevel: input.skipLevel ?? false,
    repeatVisit: input.repeatVisit ?? false,
    receptionDayId: input.receptionDayId ?? null,
    receptionDate,
    receivingLeader: leader,
  };
  const nothing = d.source === channel && !d.skipLevel && !d.repeatVisit && !d.receptionDayId && !d.receivingLeader;
  return nothing ? null : d;
}

/** Written on the registration's own client, inside its transaction. */
export async function insertDetails(client: pg.PoolClient, petitionId: number, d: Details): Promise<void> {
  await client.query(
    `INSERT INTO registration_details (petition_id, source, referrer, referrer_doc_no, referrer_address, skip_level, repeat_visit, reception_day_id, reception_date, receiving_leader)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [petitionId, d.source, d.referrer, d.referrerDocNo, d.referrerAddress, d.skipLevel, d.repeatVisit, d.receptionDayId, d.receptionDate, d.receivingLeader],
  );
}

/** What the case page shows about where the case came from (and, for history, its ledger row). */
export async function registrationView(deps: Deps, staff: StaffSession, caseNo: string) {
  const p = await settledCase(deps.db, staff, caseNo);
  const [d, imp] = await Promise.all([
    deps.db.selectFrom('registration_details').selectAll().where('petition_id', '=', p.id).executeTakeFirst(),
    deps.db
      .selectFrom('petition_imports as i')
      .innerJoin('ledger_imports as l', 'l.id', 'i.import_id')
      .select(['i.row', 'i.reference', 'i.result_text', 'i.remarks', 'l.ledger_name', 'l.file_name', 'l.at'])
      .where('i.petition_id', '=', p.id)
      .executeTakeFirst(),
  ]);
  const source = (d?.source ?? p.channel) as Source;
  const withheld = identityWithheld(staff, p);
  const concluded = ['replied', 'closed', 'declined', 'merged', 'forwarded'].includes(p.status);
  return {
    caseNo: p.case_no,
    source,
    sourceLabel: SOURCE_LABELS[source],
    channelOfSource: SOURCE_CHANNEL[source],
    referral: isReferral(source),
    referrer: d?.referrer ?? null,
    referrerDocNo: d?.referrer_doc_no ?? null,
    referrerAddress: d?.referrer_address ?? null,
    skipLevel: withheld ? false : d?.skip_level ?? false,
    repeatVisit: withheld ? false : d?.repeat_visit ?? false,
    receptionDate: d?.reception_date ?? null,
    receivingLeader: d?.receiving_leader ?? null,
    reportedAt: d?.reported_at?.toISOString() ?? null,
    reportDocNo: d?.report_doc_no ?? null,
    /** The referrer may be told the result now (报结). */
    canReport: isReferral(source) && !d?.reported_at && concluded && staff.role !== 'agency',
    imported: imp
      ? {
          ledgerName: imp.ledger_name || imp.file_name, row: imp.row, reference: imp.reference.startsWith('fp:') ? null : imp.reference, resultText: imp.result_text,
          // 备注 says 重复访 and the like: not for an agency officer on an accusation.
          remarks: withheld ? null : imp.remarks, at: imp.at.toISOString(),
        }
      : null,
  };
}
export type RegistrationView = Awaited<ReturnType<typeof registrationView>>;
