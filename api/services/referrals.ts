// The referrals list (代表转来、领导批转、上级人大交办件): cases whose referrer is owed the result,
// those ready to be told first (the office's part is done), then those still being handled; or the
// ones already reported. Starts from scopedPetitions like every staff read; carries no identity.
import { STATUS_LABELS, type Status } from '../contract/enums.ts';
import { REFERRAL_SOURCES, SOURCE_LABELS, type Source } from '../contract/registration.ts';
import type { Deps, StaffSession } from '../context.ts';
import { scopedPetitions } from './case-scope.ts';

const CONCLUDED: readonly string[] = ['replied', 'closed', 'declined', 'merged', 'forwarded'];

export async function listReferrals(deps: Deps, staff: StaffSession, state: 'awaiting' | 'reported') {
  let q = scopedPetitions(deps.db, staff)
    .innerJoin('registration_details as d', 'd.petition_id', 'p.id')
    .leftJoin('agencies as a', 'a.id', 'p.agency_id')
    .select(['p.case_no', 'p.title', 'p.status', 'p.received_at', 'p.replied_at', 'a.name as agency_name', 'd.source', 'd.referrer', 'd.referrer_doc_no', 'd.reported_at', 'd.report_doc_no'])
    .where('d.source', 'in', REFERRAL_SOURCES as Source[]);
  q = state === 'awaiting' ? q.where('d.reported_at', 'is', null) : q.where('d.reported_at', 'is not', null);
  const rows = await q.orderBy(state === 'awaiting' ? 'p.received_at' : 'd.reported_at', state === 'awaiting' ? 'asc' : 'desc').limit(500).execute();
  const items = rows.map((r) => ({
    caseNo: r.case_no,
    title: r.title,
    status: r.status,
    statusLabel: STATUS_LABELS[r.status as Status] ?? r.status,
    receivedAt: r.received_at.toISOString(),
    repliedAt: r.replied_at?.toISOString() ?? null,
    agencyName: r.agency_name,
    source: r.source,
    sourceLabel: SOURCE_LABELS[r.source as Source],
    referrer: r.referrer,
    referrerDocNo: r.referrer_doc_no,
    reportedAt: r.reported_at?.toISOString() ?? null,
    reportDocNo: r.report_doc_no,
    ready: CONCLUDED.includes(r.status),
  }));
  // Ready to report first; within each, the oldest first.
  if (state === 'awaiting') items.sort((a, b) => Number(b.ready) - Number(a.ready));
  return { items, ready: items.filter((i) => i.ready).length };
}
