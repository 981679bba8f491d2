// Test support for the staff side: a test environment with a known admin password, signing in
// (an agent that carries the session cookie and the CSRF token), creating users of every role
// and walking a case to a given state through the HTTP API. Builds all its own data.
import { ROLES, type Role } from '../contract/enums.ts';
import { totpCode } from '../services/totp.ts';
import { sampleFiling, testEnv, type TestEnv } from './harness.ts';

export const ADMIN_PASSWORD = 'admin-test-password-1';
export const STAFF_PASSWORD = 'staff-test-password-1';

export type Agent = {
  user: { id: string; username: string; role: Role; agencyId: string | null; mustChangePassword: boolean; mustEnrolTotp?: boolean; totpEnabled?: boolean };
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

/** What a test's authenticator app holds per account: the TOTP secret, the time steps already
 *  used (the server refuses a code twice) and the unused recovery codes. */
const authenticators = new Map<string, { secret: string; used: Set<number>; recovery: string[] }>();
const authKey = (env: TestEnv, username: string) => `${env.name}/${username}`;

export function authenticatorOf(env: TestEnv, username: string) {
  return authenticators.get(authKey(env, username));
}
export function forgetAuthenticator(env: TestEnv, username: string) {
  authenticators.delete(authKey(env, username));
}

/** A code the server has not seen yet at its own time (this step or the next, which it accepts
 *  too), or a recovery code when a frozen test clock has used both. */
export function nextCode(env: TestEnv, username: string): string {
  const a = authenticators.get(authKey(env, username));
  if (!a) throw new Error(`no authenticator for ${username}`);
  const now = env.deps.now();
  const step = Math.floor(now.getTime() / 30_000);
  for (const s of [step, step + 1]) {
    if (a.used.has(s) || [...a.used].some((u) => u > s)) continue;
    a.used.add(s);
    return totpCode(a.secret, new Date(s * 30_000 + 1_000));
  }
  const r = a.recovery.shift();
  if (!r) throw new Error(`${username}: no TOTP step or recovery code left at this test time`);
  return r;
}

/** Sets up two-factor sign-in for a signed-in session, as a person with an authenticator would. */
export async function enrolTotp(env: TestEnv, username: string, call: Agent['call']) {
  const setup = await call('POST', '/api/auth/totp/setup');
  if (setup.status !== 200) throw new Error(`totp setup ${username} → ${setup.status} ${JSON.stringify(setup.body)}`);
  const secret = String(setup.body.secret).replace(/\s/g, '');
  const a = { secret, used: new Set<number>(), recovery: [] as string[] };
  authenticators.set(authKey(env, username), a);
  const confirm = await call('POST', '/api/auth/totp/confirm', { code: nextCode(env, username) });
  if (confirm.status !== 200) throw new Error(`totp confirm ${username} → ${confirm.status} ${JSON.stringify(confirm.body)}`);
  a.recovery = confirm.body.recoveryCodes;
  return confirm.body;
}

/** Signs in as a person would: with the authenticator's code when the account has one, and
 *  setting one up when the role requires it. A pending password change is left to the caller. */
export async function login(env: TestEnv, username: string, password: string): Promise<Agent> {
  let r = await env.call('POST', '/api/auth/login', { username, password });
  if (r.status === 401 && r.body?.error?.code === 'totp_required') {
    r = await env.call('POST', '/api/auth/login', { username, password, code: nextCode(env, username) });
  }
  if (r.status !== 200) throw new Error(`login ${username} → ${r.status} ${JSON.stringify(r.body)}`);
  const cookie = sessionFrom(r.headers);
  const csrfToken = r.body.csrfToken as string;
  const agent: Agent = {
    user: r.body.user,
    csrfToken,
    cookie,
    call: (method, path, body, headers = {}) => env.call(method, path, body, { cookie: `xf_session=${cookie}`, 'x-csrf-token': csrfToken, ...headers }),
  };
  if (r.body.user.mustEnrolTotp) agent.user = (await enrolTotp(env, username, agent.call)).user;
  return agent;
}

/** The first sign-in of an account an admin created with `first`: the person chooses `final`. */
export async function settleFirstPassword(env: TestEnv, username: string, first: string, final = STAFF_PASSWORD): Promise<Agent> {
  const agent = await login(env, username, first);
  const changed = await agent.call('POST', '/api/auth/password', { currentPassword: first, newPassword: final });
  if (changed.status !== 200) throw new Error(`first password change ${username} → ${changed.status} ${JSON.stringify(changed.body)}`);
  agent.user = changed.body.user;
  return agent;
}

let seq = 0;
/** A new account of this role, signed in, with its first password already changed to
 *  STAFF_PASSWORD (every account an admin creates must change its password at first sign-in). */
export async function createStaff(env: TestEnv, admin: Agent, role: Role, agencyId?: string): Promise<Agent> {
  const username = `${role}${++seq}_${Math.random().toString(36).slice(2, 8)}`;
  const first = 'First-' + STAFF_PASSWORD;
  const r = await admin.call('POST', '/api/staff/users', { username, password: first, role, ...(agencyId ? { agencyId } : {}), displayName: `${role}-${seq}` });
  if (r.status !== 201) throw new Error(`create ${role} → ${r.status} ${JSON.stringify(r.body)}`);
  const agent = await login(env, username, first);
  const changed = await agent.call('POST', '/api/auth/password', { currentPassword: first, newPassword: STAFF_PASSWORD });
  if (changed.status !== 200) throw new Error(`first password change ${username} → ${changed.status} ${JSON.stringify(changed.body)}`);
  agent.user = changed.body.user;
  return agent;
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
