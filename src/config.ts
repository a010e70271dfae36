// Configuration in one place (STYLE 10): every environment variable is parsed
// and documented here at start; nothing else reads process.env.
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { parseModelChoices } from './domain/detection/models/load-models.ts';
import { isLanguage, type Language } from './domain/languages.ts';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('where `amends serve` listens'),
  HOST: z.string().min(1).default('127.0.0.1').describe('interface to listen on'),
  AMENDS_DATA_DIR: z.string().min(1).default('./data').describe('embedded PGlite database and local files'),
  AMENDS_SECRET_KEY: z
    .string()
    .optional()
    .refine((v) => v === undefined || isSecretKey(v), { message: 'must be the base64 of 32 random bytes (openssl rand -base64 32)' })
    .describe('the key stored secrets (webhook signing keys, TOTP secrets) are encrypted with, base64 of 32 bytes; the same in every process and machine. Default: generated once into AMENDS_DATA_DIR/secret.key'),
  AMENDS_SECRET_KEY_OLD: z
    .string()
    .optional()
    .refine((v) => v === undefined || isSecretKey(v), { message: 'must be the base64 of 32 random bytes (the key used before AMENDS_SECRET_KEY)' })
    .describe('during a key rotation, the previous key: still read; the startup sweep (or `amends secrets reseal`) encrypts again with AMENDS_SECRET_KEY'),
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
  SMTP_POOL_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    // Each connection waits for its mail's durable "sending" mark (a commit) before it sends, so
    // ten connections carried about 1,000 mails a second at best: a steady 1,000 acknowledgements
    // a second left no room to catch up after a stall (p99 in seconds). 50 is Postfix's default
    // limit of sessions per client.
    .default(50)
    .describe('pooled SMTP connections per worker process, each carrying one mail at a time (a maxConnections= parameter in SMTP_URL wins)'),
  MAIL_FROM: z.string().default('Amends <no-reply@amends.local>').describe('From: of mail to customers'),
  MAIL_REPLY_ADDRESS: z
    .email()
    .optional()
    .describe('replies come back to <local>+<case token>@<domain> of this address; default reply@ the MAIL_FROM domain'),
  MAIL_MAILBOXES: z
    .string()
    .optional()
    .refine((v) => validMailboxes(v), { message: 'use address[=unit][:language], comma separated, language one of en, lv, ru, de, es, fi, ro' })
    .describe('addresses mail arrives at, with the business unit each serves and optionally the language its mail is usually written in: "help@shop.example=riga:lv,shop@shop.example"'),
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
  NOTIFICATION_POLL_MS: z.coerce.number().int().min(50).max(600_000).default(2_000).describe('how often open notification streams look for new rows when LISTEN/NOTIFY is not available (PGlite, or a lost listener)'),
  UPLOAD_MAX_BYTES: z.coerce.number().int().min(1).max(100 * 1024 * 1024).default(10 * 1024 * 1024).describe('largest file a customer may attach on the public form or in the portal'),
  UPLOAD_MAX_FILES: z.coerce.number().int().min(0).max(20).default(5).describe('most files a customer may attach at once'),
  UPLOAD_TYPES: z
    .string()
    .default('image,pdf,text,office')
    .describe('which kinds of file customers may attach, comma-separated: image (JPEG, PNG, GIF, WebP), pdf, text, office (DOCX, XLSX, PPTX, ODF)'),
  PORTAL_LINK_DAYS: z.coerce.number().int().min(1).max(3650).default(180).describe('how long a customer portal link works'),
  AUTH_CACHE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(60_000)
    .default(5_000)
    .describe('how long a process remembers who a token or session belongs to (0: ask the database on every request); a sign-out, revocation or deactivation made by another process takes effect here within this time'),
  SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(14).describe('how long a staff sign-in lasts'),
  EMBED_FRAME_ANCESTORS: z
    .string()
    .optional()
    .describe('sites that may frame the embeddable form /embed/complain, space separated ("https://shop.example"); default any'),
  PUBLIC_FORM_RATE_LIMIT: z.coerce.number().int().min(1).default(20).describe('public complaints per minute per IP'),
  SIGN_IN_RATE_LIMIT: z.coerce.number().int().min(1).default(20).describe('staff sign-in attempts per minute per IP (the per-account backoff comes on top)'),
  PORTAL_RATE_LIMIT_PER_TOKEN: z.coerce.number().int().min(1).default(60).describe('portal requests per minute per portal link (one customer)'),
  PORTAL_RATE_LIMIT_PER_ADDRESS: z.coerce
    .number()
    .int()
    .min(1)
    .default(600)
    .describe('portal requests per minute per IP, all links together: generous, since many customers may share one NAT address'),
  RATE_LIMIT_STORE: z
    .enum(['auto', 'database', 'memory'])
    .default('auto')
    .describe('where rate-limit counters live: database (shared by every process; the default on PostgreSQL) or memory (one process; the default on PGlite)'),
  TRUST_PROXY: bool.default(false).describe('honour X-Forwarded-For (behind a load balancer)'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DETECTION_MODELS: z
    .string()
    .optional()
    .refine((v) => validModelChoices(v), { message: 'use off, or a comma list of <lang>=off|bundled|/path/to/weights.bin' })
    .describe('learned detection models: unset = the bundled weights; "off" = lexicon only; "ru=off,de=/srv/de.bin" per language'),
  WEBHOOK_ALLOW_PRIVATE: bool
    .default(false)
    .describe('let webhooks POST to loopback and private addresses (tests, a receiver on the same host); off, such URLs are refused'),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000).describe('how long one webhook POST may take'),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(8).describe('attempts per webhook delivery before it is given up'),
  WEBHOOK_RETRY_BASE_MS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3_600_000)
    .default(30_000)
    .describe('delay before the first webhook retry; each further retry waits twice as long (at most 6 h)'),
  WORKER_POLL_MS: z.coerce.number().int().min(10).max(60000).default(500).describe('how often an idle worker looks for due jobs'),
  JOB_LEASE_SECONDS: z.coerce
    .number()
    .int()
    .min(3)
    .max(3600)
    .default(15)
    .describe('how long a claimed job is held without a heartbeat; a crashed worker\'s jobs run again after this (the heartbeat renews it every third of it)'),
  WORKER_ID: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,100}$/, 'letters, digits and . _ : - only')
    .optional()
    .describe('stable name of this worker process (unique per live process); a restart under the same name takes back its jobs at once. Default: host name and process slot'),
  MAIL_UNCERTAIN: z
    .enum(['hold', 'resend'])
    .default('hold')
    .describe('a mail whose send was cut off by a crash: hold it as "uncertain" (at most once; settle with `amends mail reconcile`) or resend it with the same Message-ID (at least once)'),
  METRICS_TOKEN: z
    .string()
    .min(16)
    .optional()
    .describe('bearer token for GET /metrics (Prometheus); without it /metrics answers only direct loopback requests'),
});

export type Config = z.infer<typeof ConfigSchema>;

/** A secret key as written in the environment or the key file: base64 (or base64url) of exactly 32 bytes, else null. */
export function parseSecretKey(text: string): Buffer | null {
  const t = text.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) return null;
  const key = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return key.length === 32 ? key : null;
}

const isSecretKey = (v: string) => parseSecretKey(v) !== null;

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

/** One configured mailbox: the business unit it serves and the language its mail is usually in. */
export interface Mailbox {
  unit: string | null;
  /** Read short or ambiguous mail in this language when the customer's own is not known (issue 11). */
  language: Language | null;
}

const MAILBOX_ITEM = /^([^=:\s]+)\s*(?:=\s*([^:]*?))?\s*(?::\s*([a-z]{2}))?$/i;

function parseMailboxes(spec: string | undefined): Map<string, Mailbox> | null {
  const out = new Map<string, Mailbox>();
  for (const item of (spec ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = MAILBOX_ITEM.exec(item);
    const language = m?.[3]?.toLowerCase() ?? null;
    if (!m || (language !== null && !isLanguage(language))) return null;
    out.set(m[1]!.toLowerCase(), { unit: m[2]?.trim() || null, language: language as Language | null });
  }
  return out;
}

function validMailboxes(spec: string | undefined): boolean {
  return parseMailboxes(spec) !== null;
}

/** MAIL_MAILBOXES as address → business unit (null: the business as a whole) and language. */
export function mailboxes(cfg: Config): Map<string, Mailbox> {
  return parseMailboxes(cfg.MAIL_MAILBOXES) ?? new Map();
}
