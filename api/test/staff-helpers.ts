// Test support for the staff side: a test environment with a known admin password, signing in
// (an agent that carries the session cookie and the CSRF token), creating users of every role
// and walking a case to a given state through the HTTP API. Builds all its own data.
import { ROLES, type Role } from '../contract/enums.ts';
import { sampleFiling, testEnv, type TestEnv } from './harness.ts';

export const ADMIN_PASSWORD = 'admin-test-password-1';
export const STAFF_PASSWORD = 'staff-test-password-1';

export type Agent = {
  user: { id: string; username: string; role: Role; agencyId: string | null; mustChangePassword: boolean };
  csrfToken: string;
  cookie: string;
  call: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => ReturnType<TestEnv['call']>;
};

export function staffEnv(opts: { now?: () => Date } = {}) {
  return testEnv({ adminPassword: ADMIN_PASSWORD }, opts);
}

export function sessionFrom(headers: Headers): string {
  const m = /xf_session=([^;]+)/.exec(headers.get('set-cookie') ?? '');
  if (!m) throw new Error('no session cookie set');
  return m[1];
}

export async function login(env: TestEnv, username: string, password: string): Promise<Agent> {
  const r = await env.call('POST', '/api/auth/login', { username, password });
  if (r.status !== 200) throw new Error(`login ${username} → ${r.status} ${JSON.stringify(r.body)}`);
  const cookie = sessionFrom(r.headers);
  const csrfToken = r.body.csrfToken as string;
  return {
    user: r.body.user,
    csrfToken,
    cookie,
    call: (method, path, body, headers = {}) => env.call(method, path, body, { cookie: `xf_session=${cookie}`, 'x-csrf-token': csrfToken, ...headers }),
  };
}

let seq = 0;
export async function createStaff(env: TestEnv, admin: Agent, role: Role, agencyId?: string): Promise<Agent> {
  const username = `${role}${++seq}_${Math.random().toString(36).slice(2, 8)}`;
  const r = await admin.call('POST', '/api/staff/users', { username, password: STAFF_PASSWORD, role, ...(agencyId ? { agencyId } : {}), displayName: `${role}-${seq}` });
  if (r.status !== 201) throw new Error(`create ${role} → ${r.status} ${JSON.stringify(r.body)}`);
  return login(env, username, STAFF_PASSWORD);
}

export async function createAgency(admin: Agent, name = `测试单位${Math.random().toString(36).slice(2, 8)}`): Promise<string> {
  const r = await admin.call('POST', '/api/staff/agencies', { name, kind: 'government' });
  if (r.status !== 201) throw new Error(`agency → ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.id;
}

/** Every role signed in, with an agency (and a second one for "another agency" checks). */
export async function team(env: TestEnv) {
  const admin = await login(env, 'admin', ADMIN_PASSWORD);
  const agencyId = await createAgency(admin);
  const otherAgencyId = await createAgency(admin);
  const [clerk, leader, agency, otherAgency, editor] = await Promise.all([
    createStaff(env, admin, 'clerk'),
    createStaff(env, admin, 'leader'),
    createStaff(env, admin, 'agency', agencyId),
    createStaff(env, admin, 'agency', otherAgencyId),
    createStaff(env, admin, 'editor'),
  ]);
  return { admin, clerk, leader, agency, otherAgency, editor, agencyId, otherAgencyId };
}
export type Team = Awaited<ReturnType<typeof team>>;
export const everyRole = ROLES;

/** Files online as a citizen; answers the case number and query code. */
export async function fileOnline(env: TestEnv, over: Record<string, unknown> = {}): Promise<{ caseNo: string; queryCode: string; acceptDueAt: string }> {
  const r = await env.call('POST', '/api/public/petitions', sampleFiling(over));
  if (r.status !== 201) throw new Error(`file → ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function act(agent: Agent, caseNo: string, body: Record<string, unknown>) {
  return agent.call('POST', `/api/staff/petitions/${caseNo}/actions`, body);
}

export async function mustAct(agent: Agent, caseNo: string, body: Record<string, unknown>) {
  const r = await act(agent, caseNo, body);
  if (r.status !== 200) throw new Error(`${String(body.action)} on ${caseNo} → ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Guidance for a legal-route decline that names the route and its time limit (issue 13). */
export const LEGAL_ROUTE_GUIDANCE = '请依法向人民法院起诉，诉讼时效为三年，自知道或者应当知道权利受到损害之日起计算。';

/** The parameters each action needs (valid ones), for walking the table. */
export function paramsFor(action: string, t: Pick<Team, 'agencyId'> & Partial<Pick<Team, 'otherAgencyId'>>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const soon = new Date(Date.now() + 20 * 86_400_000).toISOString();
  const base: Record<string, Record<string, unknown>> = {
    accept: { scope: 'own' },
    decline: { reasonCode: 'legal_route', guidance: LEGAL_ROUTE_GUIDANCE },
    merge: { intoCaseNo: 'X' },
    route: { mode: 'assign', agencyId: t.agencyId },
    object: { reason: '不属于本单位职责' },
    feedback: { text: '已核实并督促支付工资。' },
    return: { reason: '报告未说明支付时间', dueAt: soon },
    reply: { text: '经核查，已督促该公司于 10 日内支付拖欠工资。' },
    extend: { days: 30, reason: '需要会同多个部门核查' },
    supervise: { kind: 'tracking', note: '请加快办理' },
    remind: { note: '请按期报送' },
    instruct: { text: '请认真核查，依法处理。' },
    own: {},
    note: { text: '内部备注' },
    follow_up: { text: '电话回访，信访人表示满意。' },
    accept_review: {},
    decline_review: { reason: '复查申请理由不成立' },
    close: {},
    reveal_identity: { reason: '需要电话联系信访人' },
    acknowledge: {},
    approve_objection: { note: '同意，另行分办' },
    reject_objection: { reason: '属于该单位职责，请按期办理' },
    waive_review: { method: 'phone', note: '电话回访时表示不再申请复查' },
    forward_review: { agencyId: t.otherAgencyId ?? t.agencyId },
    record_delivery: { deliveredOn: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10) },
  };
  return { action, ...base[action], ...extra };
}

export const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

/** Uploads a small PNG as the citizen would; answers its id. */
export async function uploadPng(env: TestEnv, name = 'letter.png'): Promise<string> {
  const form = new FormData();
  form.set('file', new Blob([PNG], { type: 'image/png' }), name);
  const res = await env.app.request('/api/public/uploads', { method: 'POST', body: form });
  const body = (await res.json()) as { id: string };
  if (res.status !== 201) throw new Error(`upload → ${res.status} ${JSON.stringify(body)}`);
  return body.id;
}
