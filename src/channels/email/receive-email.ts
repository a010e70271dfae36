// Inbound email (P-1.1), from the raw-MIME endpoint and the IMAP poller alike.
// Two steps, each its own transaction:
//   1. store — the raw bytes, keyed by Message-ID, with a durable job to
//      process them (a duplicate delivery stores nothing and answers the first);
//   2. process — parse (simple-mime.ts for plain mail, else mailparser), drop machine mail, route explicitly
//      (STYLE 9): reply+token address → In-Reply-To/References → mailbox
//      address → a new case; keep attachments within the size limit.
// The job makes step 2 happen even if the process dies between the two. A fresh mail that
// opens a new case skips the two steps: it is stored with its case in one commit (intake-email.ts).
// Routing is in route-email.ts (mails processed at the same moment share a transaction).
import { and, eq, sql } from 'drizzle-orm';
import { simpleParser, type ParsedMail } from 'mailparser';
import { inboundEmails } from '../../db/schema.ts';
import { queryPrepared, type Db, type Queryable } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { jobRow, settlePendingJob, type JobAttempt } from '../../db/jobs.ts';
import type { Services } from '../../context.ts';
import { loadConfig, type Config } from '../../config.ts';
import { AppError } from '../../domain/errors.ts';
import { dedupeKeyOf, looksLikeEmail } from './inbound-rules.ts';
import { routeInbound } from './route-email.ts';
import { FAST_MAX_BYTES, fastRead, intakeEmail } from './intake-email.ts';
import { parseSimpleMail, type MailView } from './simple-mime.ts';

export type { EmailRoute } from './route-email.ts';

export interface InboundResult {
  id: string;
  status: 'received' | 'routed' | 'ignored' | 'failed';
  route: string | null;
  reason: string | null;
  caseId: string | null;
  messageId: string | null;
  duplicate: boolean;
}


/**
 * Step 1: keeps the raw message and queues its processing — one statement (the message and
 * its safety-net job commit together), in the caller's transaction if it gives one.
 */
export async function storeInboundEmail(q: Queryable, source: string, raw: Buffer, cfg: Config): Promise<InboundResult> {
  checkRaw(raw, cfg);
  const id = newId();
  const dedupeKey = dedupeKeyOf(raw);
  // Normally processed at once by the caller; the job is the safety net after a crash.
  const job = jobRow('email.process', { inboundId: id }, { dedupeKey: `email.process:${id}`, runAt: new Date(Date.now() + 30_000) });
  const [fresh] = await queryPrepared<{ id: string }>(
    q,
    sql`with fresh as (
          insert into inbound_emails (id, source, dedupe_key, raw, size) values (${id}, ${source}, ${dedupeKey}, ${raw}::bytea, ${raw.length})
          on conflict do nothing returning id
        ), queued as (
          insert into jobs (kind, payload, dedupe_key, run_at, max_attempts)
          select ${job.kind}, ${JSON.stringify(job.payload)}::jsonb, ${job.dedupeKey}, ${job.runAt!.toISOString()}::timestamptz, ${job.maxAttempts} from fresh
          on conflict do nothing
        )
        select id from fresh`,
  );
  if (!fresh) {
    const [prior] = await q.select(resultCols).from(inboundEmails).where(eq(inboundEmails.dedupeKey, dedupeKey));
    return { ...(prior as Omit<InboundResult, 'duplicate'>), duplicate: true };
  }
  return { id, status: 'received', route: null, reason: null, caseId: null, messageId: null, duplicate: false };
}

/** What is refused before anything is stored. */
function checkRaw(raw: Buffer, cfg: Config): void {
  if (raw.length === 0) throw new AppError('INVALID_EMAIL', 'the message is empty');
  if (raw.length > cfg.EMAIL_MAX_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', `the message is larger than ${cfg.EMAIL_MAX_BYTES} bytes`);
  if (!looksLikeEmail(raw)) throw new AppError('INVALID_EMAIL', 'this is not an RFC 5322 message: it starts with no header such as From: or Message-ID:');
}

const resultCols = {
  id: inboundEmails.id,
  status: inboundEmails.status,
  route: inboundEmails.route,
  reason: inboundEmails.reason,
  caseId: inboundEmails.caseId,
  messageId: inboundEmails.messageId,
};

/**
 * As the endpoint and the poller take mail: a fresh mail that opens a new case is parsed first and
 * stored with its case in one commit (intake-email.ts); any other takes both steps — store
 * (committed), then process — parsed once either way.
 */
export async function receiveEmail(db: Db, services: Services, source: string, raw: Buffer): Promise<InboundResult> {
  checkRaw(raw, services.config);
  // Parsed before it is stored only when small enough for the fast path (STYLE 9 stores first: a
  // mail the parser rejects is stored below and marked failed; the sender hears 2xx only once it is kept).
  // A plain mail is read without mailparser (simple-mime.ts: the same reading, a tenth of the CPU).
  const mail = raw.length <= FAST_MAX_BYTES ? (parseSimpleMail(raw) ?? (await parse(raw).catch(() => null))) : null;
  if (mail) {
    const dedupeKey = dedupeKeyOf(raw);
    const read = fastRead(services, raw, dedupeKey, mail);
    const done = read && (await intakeEmail(db, services, source, raw, dedupeKey, read));
    if (done) return { ...done, duplicate: false };
  }
  const stored = await storeInboundEmail(db, source, raw, services.config);
  if (stored.duplicate && stored.status !== 'received') return stored;
  try {
    // Just stored: the bytes (and the parsed mail) are at hand, no need to read them back.
    return { ...(await processInboundEmail(db, services, stored.id, stored.duplicate ? undefined : raw, stored.duplicate ? undefined : (mail ?? undefined))), duplicate: stored.duplicate };
  } catch {
    // Stored and queued: the job processes it later. The caller hears it was received.
    return stored;
  } finally {
    services.wakeWorker();
  }
}

/** Step 2: parses and routes one stored message; does nothing if it was processed already. */
export async function processInboundEmail(db: Db, services: Services, inboundId: string, justStored?: Buffer, parsed?: MailView): Promise<InboundResult> {
  const [row] = justStored
    ? [{ raw: justStored, status: 'received' }]
    : await db.select({ raw: inboundEmails.raw, status: inboundEmails.status }).from(inboundEmails).where(eq(inboundEmails.id, inboundId));
  if (!row) throw new AppError('NOT_FOUND', 'no such inbound email');
  if (row.status !== 'received') return current(db, inboundId);
  let mail: MailView;
  try {
    mail = parsed ?? parseSimpleMail(row.raw) ?? (await parse(row.raw));
  } catch (err) {
    // A message mailparser cannot read is kept raw, marked, and never retried in a loop.
    await db.transaction(async (tx) => {
      await tx
        .update(inboundEmails)
        .set({ status: 'failed', reason: `unreadable MIME: ${(err as Error).message}`.slice(0, 500), processedAt: new Date() })
        .where(and(eq(inboundEmails.id, inboundId), eq(inboundEmails.status, 'received')));
      await settleSafetyNet(tx, inboundId);
    });
    return current(db, inboundId);
  }
  const routed = await routeInbound(db, services, { inboundId, mail, raw: row.raw });
  // Routed here: the outcome is known without reading it back.
  return routed ? { id: inboundId, ...routed, duplicate: false } : current(db, inboundId);
}

function parse(raw: Buffer): Promise<ParsedMail> {
  return simpleParser(raw, { skipTextToHtml: true, skipImageLinks: true, maxHtmlLengthToParse: 2 * 1024 * 1024 });
}

async function current(q: Queryable, id: string): Promise<InboundResult> {
  const [r] = await q.select(resultCols).from(inboundEmails).where(eq(inboundEmails.id, id));
  return { ...(r as Omit<InboundResult, 'duplicate'>), duplicate: false };
}

/**
 * The `email.process` job: a message stored but not yet routed (the process died, or the
 * database hiccuped) is processed now; when the last attempt fails, the stored message says so.
 */
export async function processStoredEmail(db: Db, input: { inboundId: string }, opts: JobAttempt & { config: Config | null }): Promise<void> {
  const config = opts.config ?? loadConfig({});
  try {
    await processInboundEmail(db, { config, wakeWorker: () => {} }, input.inboundId);
  } catch (err) {
    if (opts.final) await markInboundFailed(db, input.inboundId, `processing failed after ${opts.attempt} attempts: ${(err as Error).message}`);
    throw err;
  }
}

/** The last attempt of the safety-net job failed: the stored message says so (it stays raw, for people to look at). */
async function markInboundFailed(db: Db, inboundId: string, reason: string): Promise<void> {
  await db
    .update(inboundEmails)
    .set({ status: 'failed', reason: reason.slice(0, 500), processedAt: new Date() })
    .where(and(eq(inboundEmails.id, inboundId), eq(inboundEmails.status, 'received')));
}

/** Marks the message's pending email.process job done (it runs later only if processing never committed). */
function settleSafetyNet(q: Queryable, inboundId: string): Promise<void> {
  return settlePendingJob(q, `email.process:${inboundId}`);
}
