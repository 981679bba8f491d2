// Structured JSON logs (pino) for everything the server writes: one JSON object per line on
// stdout, with the request id of the request it belongs to on every line written while that
// request runs (AsyncLocalStorage, read by pino's mixin). Writes are asynchronous and buffered
// (sonic-boom), so a request never waits on the terminal or the journal; what is buffered is
// flushed when the process exits. LOG_LEVEL sets the level (default info; one line per request
// at debug).
import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type Logger } from 'pino';

export const requestContext = new AsyncLocalStorage<{ reqId: string }>();

/** The request id of the request being served, if any. */
export const currentRequestId = (): string | undefined => requestContext.getStore()?.reqId;

/** A logger in this format, to stdout (asynchronous) or to the given stream (tests). */
export function makeLogger(level: string, stream?: NodeJS.WritableStream): Logger {
  if (stream) return pino(options(level), stream);
  const dest = pino.destination({ dest: 1, sync: false, minLength: 0 });
  const logger = pino(options(level), dest);
  process.once('exit', () => {
    try {
      dest.flushSync();
    } catch {
      /* not yet open, or already closed */
    }
  });
  return logger;
}

function options(level: string): pino.LoggerOptions {
  return {
    level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => {
      const s = requestContext.getStore();
      return s ? { reqId: s.reqId } : {};
    },
  };
}

export let log: Logger = makeLogger(process.env.LOG_LEVEL || 'info');

/** Sets the level from the validated settings (LOG_LEVEL). */
export function setLogLevel(level: string) {
  log.level = level;
}

/** A `(message) => void` for the startup code that takes one (the first start's notices). */
export const logInfo = (m: string) => log.info(m);

/** For tests: a logger writing to a stream of the test's. */
export function useLogger(l: Logger) {
  log = l;
}
