// Process settings (DESIGN §4), read once from the environment and validated at start, so a bad
// value stops the process with a message that names the setting instead of failing later.
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const intSetting = (name: string, def: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return def;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `${name} must be an integer from ${min} to ${max} (got "${v}")` });
        return z.NEVER;
      }
      return n;
    });

const schema = z.object({
  PORT: intSetting('PORT', 8080, 0, 65535),
  DATA_DIR: z.string().optional().default('./data'),
  DATABASE_URL: z
    .string()
    .optional()
    .refine((v) => !v || /^postgres(ql)?:\/\//.test(v), { message: 'DATABASE_URL must start with postgres:// or postgresql://' }),
  ADMIN_PASSWORD: z
    .string()
    .optional()
    .refine((v) => !v || v.length >= 10, { message: 'ADMIN_PASSWORD must have at least 10 characters' }),
  RATE_LIMIT_FILINGS_PER_HOUR: intSetting('RATE_LIMIT_FILINGS_PER_HOUR', 30, 1, 1_000_000_000),
  RATE_LIMIT_LOOKUPS_PER_MINUTE: intSetting('RATE_LIMIT_LOOKUPS_PER_MINUTE', 60, 1, 1_000_000_000),
  IDENTITY_KEY: z
    .string()
    .optional()
    .refine((v) => !v || /^[0-9a-fA-F]{64}$/.test(v), { message: 'IDENTITY_KEY must be 64 hex characters (32 bytes)' }),
  API_PROCESSES: intSetting('API_PROCESSES', 1, 1, 64),
  // Ten per process: on the two cores this runs on, more connections only queued more backends
  // behind each other (issue 6: lookups about 10 % faster at 10 than at 20).
  DB_POOL_SIZE: intSetting('DB_POOL_SIZE', 10, 1, 500),
  TRUST_PROXY: z
    .enum(['0', '1', 'true', 'false', ''])
    .optional()
    .transform((v) => v === '1' || v === 'true'),
  JOBS: z
    .enum(['0', '1', 'true', 'false', ''])
    .optional()
    .transform((v) => v !== '0' && v !== 'false'),
  HOST: z.string().optional().default('0.0.0.0'),
  // The office's identity on a first start; the admin changes it in the console afterwards.
  OFFICE_NAME: z.string().max(60, { message: 'OFFICE_NAME must have at most 60 characters' }).optional(),
  OFFICE_ADDRESS: z.string().max(200, { message: 'OFFICE_ADDRESS must have at most 200 characters' }).optional(),
  OFFICE_PHONE: z.string().max(60, { message: 'OFFICE_PHONE must have at most 60 characters' }).optional(),
  // Letter recognition (issue 17): the Tesseract command, and how many letters one machine
  // recognises at once (each recognition is one single-threaded child process).
  OCR_COMMAND: z.string().optional(),
  OCR_WORKERS: intSetting('OCR_WORKERS', Math.min(8, os.availableParallelism()), 1, 64),
  // Telling citizens of progress (issue 14): a text-message webhook and/or mail.
  SMS_WEBHOOK_URL: z
    .string()
    .optional()
    .refine((v) => !v || /^https?:\/\/\S+$/.test(v), { message: 'SMS_WEBHOOK_URL must be an http:// or https:// URL' }),
  SMTP_URL: z
    .string()
    .optional()
    .refine((v) => !v || /^smtps?:\/\/\S+$/.test(v), { message: 'SMTP_URL must start with smtp:// or smtps://' }),
  SMTP_FROM: z.string().max(200).optional(),
  PUBLIC_URL: z
    .string()
    .optional()
    .refine((v) => !v || /^https?:\/\/[^\s/]+(\/\S*)?$/.test(v), { message: 'PUBLIC_URL must be an http:// or https:// URL' }),
  // intl: AES-256-GCM + HMAC-SHA-256; sm: SM4 + HMAC-SM3 (国密). Chooses a new database's suite;
  // an existing one switches only with `npm run crypto:migrate -- --to …`.
  CRYPTO_SUITE: z.enum(['intl', 'sm', ''], { message: 'CRYPTO_SUITE must be intl or sm' }).optional(),
  // GET /metrics from another host needs `Authorization: Bearer <METRICS_TOKEN>` (localhost needs none).
  METRICS_TOKEN: z.string().optional().refine((v) => !v || v.length >= 16, { message: 'METRICS_TOKEN must have at least 16 characters' }),
  // Restarts of the embedded PostgreSQL tried (with growing pauses) before the process gives up and exits 1.
  EMBEDDED_RESTARTS: intSetting('EMBEDDED_RESTARTS', 8, 1, 100),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent', ''], { message: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent' }).optional(),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  adminPassword?: string;
  filingsPerHour: number;
  lookupsPerMinute: number;
  identityKey?: string;
  apiProcesses: number;
  poolSize: number;
  trustProxy: boolean;
  jobs: boolean;
  office: { name?: string; address?: string; phone?: string };
  ocr: { command: string; workers: number };
  /** Where the citizen's messages are delivered; unset channels keep their messages in the outbox. */
  notify: { smsWebhookUrl?: string; smtpUrl?: string; smtpFrom?: string };
  /** The portal's address as citizens reach it, for the /track link in messages. */
  publicUrl: string;
  /** PUBLIC_URL was given; otherwise the server puts the address it listens on into publicUrl. */
  publicUrlSet: boolean;
  cryptoSuite: 'intl' | 'sm';
  metricsToken?: string;
  logLevel: string;
  embeddedRestarts: number;
};

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid settings:\n${lines.join('\n')}`);
  }
  const s = parsed.data;
  return {
    port: s.PORT,
    host: s.HOST,
    dataDir: path.resolve(s.DATA_DIR),
    databaseUrl: s.DATABASE_URL || undefined,
    adminPassword: s.ADMIN_PASSWORD || undefined,
    filingsPerHour: s.RATE_LIMIT_FILINGS_PER_HOUR,
    lookupsPerMinute: s.RATE_LIMIT_LOOKUPS_PER_MINUTE,
    identityKey: s.IDENTITY_KEY || undefined,
    apiProcesses: s.API_PROCESSES,
    poolSize: s.DB_POOL_SIZE,
    trustProxy: s.TRUST_PROXY,
    jobs: s.JOBS,
    office: { name: s.OFFICE_NAME?.trim() || undefined, address: s.OFFICE_ADDRESS?.trim() || undefined, phone: s.OFFICE_PHONE?.trim() || undefined },
    ocr: { command: s.OCR_COMMAND?.trim() || 'tesseract', workers: s.OCR_WORKERS },
    notify: { smsWebhookUrl: s.SMS_WEBHOOK_URL || undefined, smtpUrl: s.SMTP_URL || undefined, smtpFrom: s.SMTP_FROM?.trim() || undefined },
    publicUrl: (s.PUBLIC_URL || `http://localhost:${s.PORT || 8080}`).replace(/\/+$/, ''),
    publicUrlSet: !!s.PUBLIC_URL,
    cryptoSuite: s.CRYPTO_SUITE || 'intl',
    metricsToken: s.METRICS_TOKEN || undefined,
    logLevel: s.LOG_LEVEL || 'info',
    embeddedRestarts: s.EMBEDDED_RESTARTS,
  };
}

export class ConfigError extends Error {}
