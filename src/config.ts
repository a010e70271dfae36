// Configuration in one place (STYLE 10): every environment variable is parsed
// and documented here at start; nothing else reads process.env.
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { parseModelChoices } from './domain/detection/models/load-models.ts';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('where `amends serve` listens'),
  HOST: z.string().min(1).default('127.0.0.1').describe('interface to listen on'),
  AMENDS_DATA_DIR: z.string().min(1).default('./data').describe('embedded PGlite database and local files'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional()
    .describe('use this PostgreSQL server instead of embedded PGlite'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10).describe('PostgreSQL connections per process'),
  INTAKE_IN_FLIGHT: z.coerce
    .number()
    .int()
    .min(1)
    .max(32)
    .default(Math.max(1, Math.min(4, availableParallelism() >> 1)))
    .describe('intake group-commit transactions in flight at once on PostgreSQL (fewer: larger batches, less CPU per complaint)'),
  PUBLIC_URL: z.url().optional().describe('base of links sent to customers; defaults to http://HOST:PORT'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional()
    .describe('outgoing mail server; without it mail is recorded as not sent, with the reason'),
  MAIL_FROM: z.string().default('Amends <no-reply@amends.local>').describe('From: of mail to customers'),
  MAIL_REPLY_ADDRESS: z
    .email()
    .optional()
    .describe('replies come back to <local>+<case token>@<domain> of this address; default reply@ the MAIL_FROM domain'),
  MAIL_MAILBOXES: z
    .string()
    .optional()
    .describe('addresses mail arrives at, with the business unit each serves: "help@shop.example=riga,shop@shop.example"'),
  IMAP_URLS: z
    .string()
    .optional()
    .describe('mailboxes the worker polls, space separated: imap[s]://user:pass@host:port/INBOX[?unit=riga]'),
  IMAP_POLL_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000).describe('how often the worker looks for new mail in IMAP_URLS'),
  EMAIL_MAX_BYTES: z.coerce.number().int().min(10_000).max(200 * 1024 * 1024).default(25 * 1024 * 1024).describe('largest raw email accepted'),
  ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1).max(100 * 1024 * 1024).default(10 * 1024 * 1024).describe('largest attachment or photo kept; bigger ones are listed, not stored'),
  BUSINESS_NAME: z.string().default('Amends').describe('signature of mail to customers'),
  CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR')
    .default('EUR')
    .describe('business currency of authority limits and compensations'),
  PORTAL_LINK_DAYS: z.coerce.number().int().min(1).max(3650).default(180).describe('how long a customer portal link works'),
  SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(14).describe('how long a staff sign-in lasts'),
  EMBED_FRAME_ANCESTORS: z
    .string()
    .optional()
    .describe('sites that may frame the embeddable form /embed/complain, space separated ("https://shop.example"); default any'),
  PUBLIC_FORM_RATE_LIMIT: z.coerce.number().int().min(1).default(20).describe('public complaints per minute per IP'),
  TRUST_PROXY: bool.default(false).describe('honour X-Forwarded-For (behind a load balancer)'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DETECTION_MODELS: z
    .string()
    .optional()
    .refine((v) => validModelChoices(v), { message: 'use off, or a comma list of <lang>=off|bundled|/path/to/weights.bin' })
    .describe('learned detection models: unset = the bundled weights; "off" = lexicon only; "ru=off,de=/srv/de.bin" per language'),
  WORKER_POLL_MS: z.coerce.number().int().min(10).max(60000).default(500).describe('how often an idle worker looks for due jobs'),
});

export type Config = z.infer<typeof ConfigSchema>;

function validModelChoices(v: string | undefined): boolean {
  try {
    parseModelChoices(v);
    return true;
  } catch {
    return false;
  }
}


/** Parses the environment; throws one readable message listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ConfigSchema.safeParse(clean);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return { ...parsed.data, ...overrides };
}

export class ConfigError extends Error {}

/** The base URL customer links start with. */
export function publicUrl(cfg: Config): string {
  return (cfg.PUBLIC_URL ?? `http://${cfg.HOST === '0.0.0.0' ? '127.0.0.1' : cfg.HOST}:${cfg.PORT}`).replace(/\/$/, '');
}

/** The address customers reply to for a case: reply+<token>@domain (P-1.1: replies land on their case). */
export function replyAddress(cfg: Config, token: string): string {
  const [local, domain] = replyBase(cfg);
  return `${local}+${token}@${domain}`;
}

/** Local part and domain of the reply address. */
export function replyBase(cfg: Config): [string, string] {
  const base = cfg.MAIL_REPLY_ADDRESS ?? `reply@${/@([^>\s]+)>?\s*$/.exec(cfg.MAIL_FROM)?.[1] ?? 'amends.local'}`;
  const at = base.lastIndexOf('@');
  return [base.slice(0, at).toLowerCase(), base.slice(at + 1).toLowerCase()];
}

/** MAIL_MAILBOXES as address → business unit (null: the business as a whole). */
export function mailboxes(cfg: Config): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const item of (cfg.MAIL_MAILBOXES ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const [address, unit] = item.split('=').map((s) => s.trim());
    if (address) out.set(address.toLowerCase(), unit || null);
  }
  return out;
}
