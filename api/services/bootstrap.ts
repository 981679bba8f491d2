// First-start duties that need the database: checks that the identity key matches the data
// already sealed with it (a wrong key would make every identity unreadable), and creates the
// `admin` account when there is none, names the office from OFFICE_* once, and adopts the
// database's cryptographic suite (api/services/crypto-state.ts).
import type { Deps } from '../context.ts';
import { ensureAdmin } from '../verbs/manage-users.ts';
import { adoptCryptoState } from './crypto-state.ts';
import { seedOfficeIdentity } from './office.ts';

export async function bootstrapInstallation(deps: Deps, log: (m: string) => void): Promise<void> {
  const row = await deps.db.selectFrom('settings').select('value').where('key', '=', 'identity_key_fingerprint').executeTakeFirst();
  if (!row) {
    await deps.db
      .insertInto('settings')
      .values({ key: 'identity_key_fingerprint', value: JSON.stringify(deps.keys.fingerprint) })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
  } else if (row.value !== deps.keys.fingerprint) {
    throw new Error(
      'The identity key (DATA_DIR/keys/identity.key or IDENTITY_KEY) is not the one this database was created with. ' +
        'Start with the original key; every API process on one database must share it.',
    );
  }
  await adoptCryptoState(deps, log);
  await ensureAdmin(deps, log);
  await seedOfficeIdentity(deps);
}
