// What every route and verb is given: the database, the installation's keys, the settings and
// a clock (replaceable in tests). Hono's typed context carries it per request.
import type pg from 'pg';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import type { Keys } from './security/keys.ts';

export type Deps = {
  db: Database;
  pool: pg.Pool;
  keys: Keys;
  config: Config;
  now: () => Date;
};

/** Who acts: a citizen (by query code or anonymous), a staff user, or the system's job. */
export type Actor =
  | { kind: 'citizen' }
  | { kind: 'system' }
  | { kind: 'staff'; userId: string; role: import('./contract/enums.ts').Role; agencyId: string | null };

export type AppEnv = {
  Variables: {
    deps: Deps;
    clientIp: string;
    /** The request id (X-Request-Id), for logs and error answers. */
    requestId?: string;
    staff?: StaffSession;
  };
};

/** A signed-in staff member, as the session middleware resolves it. */
export type StaffSession = {
  /** The stored hash (hex) of the session id, never the cookie value itself. */
  sessionId: string;
  userId: string;
  username: string;
  displayName: string;
  role: import('./contract/enums.ts').Role;
  agencyId: string | null;
  csrfToken: string;
  mustChangePassword: boolean;
  /** Two-factor sign-in is required of this user and not yet set up: only enrolment is open. */
  mustEnrolTotp: boolean;
};
