// The shapes the staff API answers (issue 3), as the console reads them. The API's schemas are
// the authority; these types only document what the islands rely on.
import type { Action, Channel, ClockName, Purpose, Role, Status } from '../../../api/contract/enums';

export interface NextDue {
  clock: ClockName;
  label: string;
  dueAt: string;
  daysLeft: number;
  overdue: boolean;
}

export interface ListItem {
  caseNo: string;
  title: string;
  purpose: Purpose;
  purposeLabel: string;
  channel: Channel;
  channelLabel: string;
  categoryCode: string;
  categoryName: string;
  status: Status;
  statusLabel: string;
  agencyId: string | null;
  agencyName: string | null;
  receivedAt: string;
  personCount: number;
  joint: boolean;
  anonymous: boolean;
  reviewLevel: number;
  objectionPending?: boolean;
  nextDue: NextDue | null;
}
export interface ListPage {
  items: ListItem[];
  nextCursor: string | null;
}
export interface Counts {
  byStatus: Partial<Record<Status, number>>;
  overdue: number;
  dueSoon: number;
  mine: number;
}

export interface Petitioner {
  role: 'signer' | 'cosigner' | 'representative';
  name: string;
  phone?: string | null;
  idNumber?: string | null;
  address?: string | null;
}
export interface CaseEvent {
  id: string | number;
  at: string;
  type: string;
  label: string;
  visibility: 'public' | 'internal';
  actorName?: string | null;
  text?: string | null;
  data: Record<string, unknown>;
}
export interface Clock {
  clock: ClockName;
  label: string;
  dueDate: string;
  dueAt: string;
  daysLeft: number;
  unit: 'calendar' | 'working';
  stopped: boolean;
  overdue: boolean;
}
export interface Petition {
  caseNo: string;
  channel: Channel;
  purpose: Purpose;
  categoryCode: string;
  categoryName: string;
  title: string;
  content: string;
  desiredOutcome: string | null;
  place: string | null;
  anonymous: boolean;
  joint: boolean;
  personCount: number;
  status: Status;
  statusLabel: string;
  scope: string | null;
  routeMode: string | null;
  agencyId: string | null;
  agencyName: string | null;
  /** For an accusation: the body it accuses, never routed to (条例 arts. 30, 46). */
  accusedAgencyId?: string | null;
  accusedAgencyName?: string | null;
  /** An agency's objection (退回) waiting for the office's decision. */
  objectionPending?: boolean;
  objectionAt?: string | null;
  /** The body a review request was forwarded to. */
  reviewAgencyId?: string | null;
  reviewAgencyName?: string | null;
  reviewExtendedDays?: number;
  /** After a level-2 decision: the same facts are not accepted again. */
  reviewFinal?: boolean;
  reviewLevel: number;
  extendedDays: number;
  ownerLeaderId: string | null;
  ownerLeaderName?: string | null;
  receivedAt: string;
  registeredAt: string;
  repliedAt: string | null;
  closedAt: string | null;
  rating: string | null;
}
export interface CaseDetail {
  petition: Petition;
  petitioners: Petitioner[];
  identityMasked: boolean;
  /** An accusation seen by an agency officer: no identity at all (DESIGN §5). */
  identityWithheld?: boolean;
  attachments: { id: string; name: string; size: number; type: string }[];
  events: CaseEvent[];
  clocks: Clock[];
  /** What the citizen was told by text message / mail (issue 14); empty for agency users. */
  notifications?: CaseNotification[];
  allowedActions: Action[];
}
export interface CaseNotification {
  id: number;
  channel: 'sms' | 'email';
  channelLabel: string;
  eventType: string;
  text: string;
  status: 'pending' | 'sent' | 'failed';
  statusLabel: string;
  attempts: number;
  createdAt: string;
  sentAt: string | null;
  lastError: string | null;
}

export interface Agency {
  id: string;
  name: string;
  kind: string;
  contact?: string | null;
  active?: boolean;
}
export interface UserRow {
  id: string;
  username: string;
  displayName: string | null;
  role: Role;
  agencyId: string | null;
  agencyName?: string | null;
  active?: boolean;
  mustChangePassword?: boolean;
}
export interface CategoryNode {
  code: string;
  name: string;
  children: CategoryNode[];
  active?: boolean;
}
