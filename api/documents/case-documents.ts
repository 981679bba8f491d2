// The documents about one case, each built from the case's own record (the event it reports, its
// agency, its clocks) on the layout of layout.ts:
//   to the petitioner — 受理告知书, 不予受理告知书, 转送 / 交办告知书, 延期办理告知书, 答复（复查、复核）意见书;
//     a collective visit's notices are addressed to its representatives;
//   to the agency — 转送函 / 交办函 (with the case's registration form as an annex), 督办函, 催办单;
//   to the referrer — 报结函 (the deputy, the leader, or a 报告 to the upper congress).
// Names are masked unless the clerk revealed the identity (an audited event) shortly before; an
// accusation's petitioner is never named in anything that goes to an agency (DESIGN §5).
import { DECLINE_REASON_LABELS, PURPOSE_LABELS, RATING_LABELS, SCOPE_LABELS, SUPERVISE_KIND_LABELS, type DeclineReason, type Purpose, type RatingScore, type Scope, type SuperviseKind } from '../contract/enums.ts';
import { DOCUMENT_LABELS, SOURCE_LABELS, type DocumentKind, type Source } from '../contract/registration.ts';
import type { OfficeIdentity } from '../contract/schemas.ts';
import type { Deps } from '../context.ts';
import { chinaDate, daysBetween } from '../domain/calendar.ts';
import { categoryIndex } from '../services/category-index.ts';
import { maskPerson, openPerson } from '../services/identity.ts';
import { addressLine, cnDateOf, contactLine, esc, paragraphs, type Block, type DocumentPage } from './layout.ts';

/** How long after an audited reveal a clerk's documents may carry the full names. */
export const NAMED_WINDOW_MS = 4 * 3_600_000;
const PROTECTED = '（检举控告，信访人信息依法保密）';

export type CaseFacts = Awaited<ReturnType<typeof caseFacts>>;
type Ev = CaseFacts['events'][number];

/** Everything a case document may say, read once. */
export async function caseFacts(deps: Deps, petitionId: number, named: boolean) {
  const p = await deps.db.selectFrom('petitions').selectAll().where('id', '=', petitionId).executeTakeFirstOrThrow();
  const [agency, index, people, events, clocks, details, users] = await Promise.all([
    p.agency_id ? deps.db.selectFrom('agencies').select(['name', 'contact']).where('id', '=', p.agency_id).executeTakeFirst() : undefined,
    categoryIndex(deps.db),
    deps.db.selectFrom('petitioners').select(['role', 'name_enc', 'id_number_enc', 'phone_enc', 'address_enc']).where('petition_id', '=', p.id).orderBy('ord').execute(),
    deps.db.selectFrom('events').select(['id', 'at', 'type', 'actor_id', 'public_text', 'data']).where('petition_id', '=', p.id).orderBy('id').execute(),
    deps.db.selectFrom('clocks').selectAll().where('petition_id', '=', p.id).execute(),
    deps.db.selectFrom('registration_details').selectAll().where('petition_id', '=', p.id).executeTakeFirst(),
    deps.db.selectFrom('users').select(['id', 'display_name', 'username']).execute(),
  ]);
  const shown = people.map((r) => {
    const plain = openPerson(deps.keys, r);
    return { role: r.role, ...(named ? plain : maskPerson(plain)) };
  });
  return {
    p,
    agencyName: agency?.name ?? null,
    category: index.byCode.get(p.category_code)?.path ?? p.category_code,
    people: shown,
    named,
    events: events.map((e) => ({ ...e, data: (e.data ?? {}) as Record<string, unknown> })),
    clocks,
    details,
    userName: (id: string | null) => users.find((u) => u.id === id)?.display_name || users.find((u) => u.id === id)?.username || '',
  };
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const isCollective = (f: CaseFacts) => f.p.channel === 'visit' && f.p.person_count >= 5;

/** Who a notice to the petitioner is addressed to; a collective visit's representatives. */
export function addressee(f: CaseFacts): string {
  if (f.p.anonymous && !f.people.length) return '信访人：';
  if (isCollective(f)) {
    const reps = f.people.filter((x) => x.role === 'signer' || x.role === 'representative');
    if (!f.named || !reps.length) return `集体访代表（共 ${f.p.person_count} 人）：`;
    return `${reps.map((r) => r.name).join('、')}等${f.p.person_count}人（集体访代表）：`;
  }
  const signer = f.people.find((x) => x.role === 'signer');
  if (!f.named || !signer) return '信访人：';
  const cos = f.people.filter((x) => x.role === 'cosigner');
  return cos.length ? `${signer.name}、${cos.map((c) => c.name).join('、')}：` : `${signer.name}：`;
}

/** The petitioner as a letter to an agency names them: never for an accusation. */
function petitionerRef(f: CaseFacts): string {
  if (f.p.purpose === 'accusation') return '信访人';
  if (f.p.anonymous && !f.people.length) return '匿名信访人';
  const signer = f.people.find((x) => x.role === 'signer') ?? f.people[0];
  if (!signer) return '信访人';
  return isCollective(f) ? `${signer.name}等${f.p.person_count}人` : signer.name;
}

function received(f: CaseFacts): string {
  return `您于${cnDateOf(f.p.received_at)}反映的“${f.p.title}”一事`;
}

const reviewRights = (level: number, office: OfficeIdentity) =>
  level >= 2
    ? '本复核意见为最终意见。对同一事实和理由再次提出的信访事项，不再受理。'
    : level === 1
      ? '如对本复查意见不服，可以自收到本意见书之日起30日内向复查机关的上一级机关请求复核。'
      : `如对本答复意见不服，可以自收到本意见书之日起30日内向${office.name}或者其上一级机关请求复查。`;

export type Built = Omit<DocumentPage, 'office' | 'docNo' | 'date' | 'toolbar'> & { recipientKind: 'petitioner' | 'agency' | 'referrer' };

/** The latest event of a type (or the one asked for), which a document reports. */
export function eventFor(f: CaseFacts, kind: DocumentKind, eventId?: number): Ev | undefined {
  const type = kind === 'transfer' ? 'route' : kind;
  const list = f.events.filter((e) => e.type === type && (kind !== 'transfer' || ['forward', 'assign'].includes(str(e.data.mode))));
  return eventId ? list.find((e) => e.id === eventId) : list.at(-1);
}

/** Why a case has no such document yet, or null when it can be issued. */
export function unavailable(f: CaseFacts, kind: DocumentKind, eventId?: number): string | null {
  if (kind === 'report') {
    if (!f.details || !['deputy', 'leader', 'upper_congress'].includes(f.details.source)) return '该信访件不是代表转来、领导批转或上级人大交办的，没有报结函';
    if (!['replied', 'closed', 'declined', 'merged', 'forwarded'].includes(f.p.status)) return '信访件办结（或转送有权机关）后才能出具报结函';
    return null;
  }
  if (kind === 'overdue') return '逾期未结通报从逾期列表中选择信访件出具';
  if (!eventFor(f, kind, eventId)) return `这件信访件还没有可以出具“${DOCUMENT_LABELS[kind]}”的记录`;
  return null;
}

/** The registration form annexed to a 转送函 / 交办函. */
function registrationForm(f: CaseFacts): string {
  const who = f.p.purpose === 'accusation' ? PROTECTED : petitionerRef(f);
  const signer = f.people.find((x) => x.role === 'signer');
  const contact = f.p.purpose === 'accusation' ? PROTECTED : [signer?.phone, signer?.address].filter(Boolean).join('；') || '—';
  const rows: Array<[string, string]> = [
    ['信访件编号', f.p.case_no],
    ['收到日期', cnDateOf(f.p.received_at)],
    ['来源', (SOURCE_LABELS[(f.details?.source ?? f.p.channel) as Source] ?? f.p.channel) + (f.details?.referrer ? `（${f.details.referrer}${f.details.referrer_doc_no ? `，${f.details.referrer_doc_no}` : ''}）` : '')],
    ['信访人', who + (f.p.person_count > 1 ? `（${f.p.person_count}人）` : '')],
    ['联系方式', contact],
    ['信访目的', PURPOSE_LABELS[f.p.purpose as Purpose]],
    ['内容分类', f.category],
    ['问题发生地', f.p.place ?? '—'],
    ['反映事项', f.p.title],
    ['主要内容', f.p.content],
    ...(f.p.desired_outcome ? [['诉求', f.p.desired_outcome] as [string, string]] : []),
  ];
  return `<p class="annex-title">附件</p><h1>信访事项登记表</h1><table class="form"><tbody>${rows
    .map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v).replace(/\n/g, '<br>')}</td></tr>`)
    .join('')}</tbody></table>`;
}

function dueOf(f: CaseFacts, clock: string): string | null {
  return f.clocks.find((c) => c.clock === clock)?.due_date ?? null;
}

/** Builds the document; `office` words the letters, `now` dates the overdue counts. A notice to
 *  the petitioner ends with the office's address, where they write back or ask for review. */
export function buildCaseDocument(f: CaseFacts, kind: DocumentKind, office: OfficeIdentity, now: Date, eventId?: number): Built {
  const built = buildContent(f, kind, office, now, eventId);
  return built.recipientKind === 'petitioner' ? { ...built, contact: built.contact ?? addressLine(office) } : built;
}

function buildContent(f: CaseFacts, kind: DocumentKind, office: OfficeIdentity, now: Date, eventId?: number): Built {
  const ev = eventFor(f, kind, eventId);
  const no = `（信访件编号：${f.p.case_no}）`;
  switch (kind) {
    case 'accept':
      return {
        recipientKind: 'petitioner', title: '受理告知书', recipient: addressee(f), docNoAlign: 'center',
        body: [{ p: `${received(f)}${no}，本机关已依法登记受理（受理范围：${SCOPE_LABELS[str(ev?.data.scope) as Scope] ?? SCOPE_LABELS.own}）。我们将依法办理，并在规定期限内书面答复您。` }, { p: '特此告知。' }],
      };
    case 'decline': {
      const guidance = str(ev?.data.guidance);
      return {
        recipientKind: 'petitioner', title: '不予受理告知书', recipient: addressee(f), docNoAlign: 'center',
        body: [
          { p: `${received(f)}${no}，经审查，本机关决定不予受理。理由是：${DECLINE_REASON_LABELS[str(ev?.data.reasonCode) as DeclineReason] ?? ''}。` },
          ...(guidance ? [{ p: `建议您：${guidance}` }] : []),
          { p: '特此告知。' },
        ],
      };
    }
    case 'route': {
      const mode = str(ev?.data.mode);
      const agency = str(ev?.data.agencyName) || f.agencyName || '';
      const text =
        mode === 'forward' ? `经审查，已转送${agency}依法处理，由其直接答复您。请您与${agency}联系。`
          : mode === 'assign' ? `经审查，已交由${agency}办理，本机关将督促办理并书面答复您。`
            : '经审查，由本机关直接办理，并在规定期限内书面答复您。';
      return {
        recipientKind: 'petitioner', title: mode === 'forward' ? '转送告知书' : mode === 'assign' ? '交办告知书' : '办理告知书', recipient: addressee(f), docNoAlign: 'center',
        body: [{ p: `${received(f)}${no}，${text}` }, { p: '特此告知。' }],
      };
    }
    case 'extend': {
      const to = str(ev?.data.toDate);
      return {
        recipientKind: 'petitioner', title: '延期办理告知书', recipient: addressee(f), docNoAlign: 'center',
        body: [
          { p: `${received(f)}${no}，因情况复杂，在法定期限内难以办结，经批准，办理期限延长${Number(ev?.data.days) || f.p.extended_days}日${to ? `，至${cnDateOf(to)}` : ''}。延期理由如下：` },
          ...paragraphs(str(ev?.data.reason) || ev?.public_text || ''),
          { p: '特此告知。' },
        ],
      };
    }
    case 'reply': {
      const level = Number(ev?.data.level) || 0;
      const replyText = ev?.public_text || str(ev?.data.text);
      return {
        recipientKind: 'petitioner', title: level >= 2 ? '复核意见书' : level === 1 ? '复查意见书' : '答复意见书', recipient: addressee(f), docNoAlign: 'center',
        // The route and time limit for review, unless the reply (its 五、复查途径和期限) already says it.
        body: [
          { p: `${received(f)}${no}，经调查核实，现答复如下：` },
          ...paragraphs(replyText),
          ...(/复查途径|复核途径|请求复查|申请复查|请求复核|申请复核|最终意见/.test(replyText) ? [] : [{ p: reviewRights(level, office) }]),
        ],
      };
    }
    case 'transfer': {
      const mode = str(ev?.data.mode);
      const agency = str(ev?.data.agencyName) || f.agencyName || '';
      const due = str(ev?.data.dueDate) || dueOf(f, 'feedback');
      const instructions = str(ev?.data.instructions);
      const subject = `${petitionerRef(f)}反映“${f.p.title}”的信访事项${no}`;
      const body: Block[] =
        mode === 'forward'
          ? [
              { p: `现将${subject}转送你单位。根据《信访工作条例》有关规定，请你单位依法处理，自收到之日起15日内告知信访人是否受理，并将处理意见直接答复信访人。` },
              ...(instructions ? [{ p: `有关要求：${instructions}` }] : []),
            ]
          : [
              { p: `现将${subject}交由你单位办理。请依法调查核实、妥善处理，并于${due ? cnDateOf(due) : '办理期限届满'}前将办理结果（办结报告）报送我办。` },
              ...(instructions ? [{ p: `交办要求：${instructions}` }] : []),
              { p: '如认为该事项不属于你单位职责范围，请自收到之日起5个工作日内书面说明理由并退回。' },
            ];
      if (f.p.purpose === 'accusation') body.push({ p: '本件为检举控告类信访事项，请严格保密，不得将检举控告材料及信访人信息透露给被检举控告的对象或单位。' });
      return {
        recipientKind: 'agency', title: mode === 'forward' ? '关于转送信访事项的函' : '关于交办信访事项的函', recipient: `${agency}：`,
        body, attachments: ['信访事项登记表'], annexes: [registrationForm(f)], contact: contactLine(office),
      };
    }
    case 'supervise': {
      const route = eventFor(f, 'transfer');
      const verb = str(route?.data.mode) === 'forward' ? '转送' : '交办';
      const due = dueOf(f, 'feedback') ?? dueOf(f, 'handle');
      const late = due && due < chinaDate(now);
      return {
        recipientKind: 'agency', title: '关于督办信访事项的函', recipient: `${f.agencyName ?? ''}：`,
        body: [
          { p: `${route ? `${cnDateOf(route.at)}，我办将` : '我办将'}${petitionerRef(f)}反映“${f.p.title}”的信访事项${no}${verb}你单位办理${due ? `，办理期限至${cnDateOf(due)}` : ''}。${late ? `目前已超过办理期限${daysBetween(due!, chinaDate(now))}日，仍未报送办理结果。` : '目前尚未办结。'}` },
          { p: `根据《信访工作条例》有关规定，现对该信访事项予以${SUPERVISE_KIND_LABELS[str(ev?.data.kind) as SuperviseKind] ?? '督办'}。督办意见：${str(ev?.data.note) || ev?.public_text || ''}` },
          { p: '请你单位高度重视，明确责任人，依法依规妥善处理，并将办理情况及时书面报送我办。' },
        ],
        contact: contactLine(office),
      };
    }
    case 'remind': {
      const route = eventFor(f, 'transfer');
      const due = dueOf(f, 'feedback') ?? dueOf(f, 'handle');
      const today = chinaDate(now);
      const state = !due ? '—' : due < today ? `已超期 ${daysBetween(due, today)} 日` : `剩余 ${daysBetween(today, due)} 日`;
      const rows: Array<[string, string]> = [
        ['信访件编号', f.p.case_no],
        ['信访人', f.p.purpose === 'accusation' ? PROTECTED : petitionerRef(f)],
        ['反映事项', f.p.title],
        ['承办单位', f.agencyName ?? '—'],
        ['转交日期', route ? cnDateOf(route.at) : '—'],
        ['办理期限', due ? cnDateOf(due) : '—'],
        ['办理情况', state],
        ['催办意见', str(ev?.data.note)],
        ['催办人', f.userName(ev?.actor_id ?? null) + (office.phone ? `（联系电话：${office.phone}）` : '')],
      ];
      return {
        recipientKind: 'agency', title: '信访事项催办单', recipient: `${f.agencyName ?? ''}：`,
        body: [
          { p: '下列信访事项请抓紧办理，并按期报送办理结果。' },
          { html: `<table class="form"><tbody>${rows.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</tbody></table>` },
          { p: '请将办理情况及时书面报送我办。' },
        ],
      };
    }
    case 'report': {
      const d = f.details!;
      const source = d.source as Source;
      const referrer = d.referrer ?? '';
      const reply = [...f.events].reverse().find((e) => e.type === 'reply');
      const route = eventFor(f, 'transfer');
      const ref = d.referrer_doc_no ? `（${d.referrer_doc_no}）` : '';
      const opening =
        source === 'deputy' ? `${cnDateOf(f.p.received_at)}，您转来的${petitionerRef(f)}反映“${f.p.title}”的信访事项${ref}收悉。`
          : source === 'leader' ? `${cnDateOf(f.p.received_at)}，${referrer}批转的${petitionerRef(f)}反映“${f.p.title}”的信访事项${ref}收悉。`
            : `${cnDateOf(f.p.received_at)}，你机关交办的${petitionerRef(f)}反映“${f.p.title}”的信访事项${ref}收悉。`;
      const handled = route
        ? `我办依法登记受理后，于${cnDateOf(route.at)}${str(route.data.mode) === 'forward' ? '转送' : '交由'}${str(route.data.agencyName) || f.agencyName}${str(route.data.mode) === 'forward' ? '依法处理' : '办理'}。`
        : f.p.status === 'declined'
          ? '经审查，该事项不属于本机关受理范围，已告知信访人通过法定途径解决。'
          : '我办依法登记受理并直接办理。';
      const result: Block[] = reply
        ? [{ p: `${cnDateOf(reply.at)}，已书面答复信访人。答复意见如下：` }, ...paragraphs(reply.public_text ?? str(reply.data.text))]
        : f.p.status === 'forwarded'
          ? [{ p: `该事项由${f.agencyName}依法处理并直接答复信访人，我办将跟踪办理情况。` }]
          : [];
      const rating = f.p.rating ? [{ p: `经回访，信访人对办理结果表示${RATING_LABELS[f.p.rating as RatingScore]}。` }] : [];
      const recipient = source === 'deputy' ? `${referrer}代表：` : `${referrer}：`;
      return {
        recipientKind: 'referrer',
        title: source === 'upper_congress' ? `关于${referrer}交办信访事项办理情况的报告` : source === 'deputy' ? '关于代表转来信访事项办理情况的函' : '关于领导批转信访事项办理情况的报告',
        recipient,
        body: [{ p: opening + handled }, ...result, ...rating, { p: source === 'deputy' ? '特此函告。感谢您对信访工作的关心和支持。' : '特此报告。' }],
        contact: contactLine(office),
      };
    }
    default:
      throw new Error(`not a case document: ${kind}`);
  }
}
