// Recognises "the database cannot answer right now" (stopped, restarting, unreachable, out of
// connections, statement timeout) so the API answers 503 with Retry-After at once instead of a
// 500 or a hang; the pool reconnects by itself when the server is back.

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

// SQLSTATE: 08 connection exceptions; 57P01–57P03 shutdown / cannot connect now; 53300 too many
// connections; 57014 a statement cancelled by statement_timeout.
const SQLSTATES = new Set(['08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03', '53300', '57014']);

const MESSAGES = /timeout exceeded when trying to connect|Connection terminated|connection ended|Client has encountered a connection error|Connection is closed|the database system is (starting up|shutting down|in recovery mode)/i;

export function isDatabaseUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; syscall?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || SQLSTATES.has(e.code))) return true;
  // The embedded server's Unix socket file is gone while it is stopped.
  if (e.code === 'ENOENT' && e.syscall === 'connect') return true;
  if (typeof e.message === 'string' && MESSAGES.test(e.message)) return true;
  // AggregateError (several addresses refused) and wrapped causes.
  if (Array.isArray(e.errors) && e.errors.some(isDatabaseUnavailable)) return true;
  return e.cause !== undefined && e.cause !== err && isDatabaseUnavailable(e.cause);
}
