// The admin sets the staff sign-in security policy (password rules, lockout, idle timeout,
// two-factor for everyone). One transaction with its audit row; every process uses the new
// policy within 10 s (api/services/security-policy.ts). Sessions already open keep running
// under the new idle timeout; passwords are checked against the new rules when next changed.
import type { SecurityPolicy } from '../contract/security.ts';
import type { Deps } from '../context.ts';
import { badRequest } from '../http/errors.ts';
import { recordAdminChange, type AdminActor } from '../services/admin-audit.ts';
import { forgetSecurityPolicy, readSecurityPolicy, SECURITY_POLICY_KEY } from '../services/security-policy.ts';

export async function setSecurityPolicy(deps: Deps, actor: AdminActor, patch: Partial<SecurityPolicy>): Promise<SecurityPolicy> {
  if (Object.keys(patch).length === 0) throw badRequest('没有需要修改的内容');
  const before = await readSecurityPolicy(deps.db);
  const after = { ...before, ...patch };
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('settings')
      .values({ key: SECURITY_POLICY_KEY, value: JSON.stringify(after), updated_at: deps.now() })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(after), updated_at: deps.now() }))
      .execute();
    await recordAdminChange(trx, actor, { action: 'settings.security', target: SECURITY_POLICY_KEY, before, after }, deps.now());
  });
  forgetSecurityPolicy(deps.db);
  return after;
}
