// Inbound email (P-1.1), from the raw-MIME endpoint and the IMAP poller alike.
// Two steps, each its own transaction:
//   1. store — the raw bytes, keyed by Message-ID, with a durable job to
//      process them (a duplicate delivery stores nothing and answers the first);
//   2. process — parse (mailparser), drop machine mail, route explicitly
//      (STYLE 9): reply+token address → In-Reply-To/References → mailbox
//      address → a new case; keep attachments within the size limit.
// The job makes step 2 happen even if the process dies between the two.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { attachments, cases, inboundEmails, messages } from '../../db/schema.ts';
import type { Db, Queryable, Tx } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { enqueue, settlePendingJob, type JobAttempt } from '../../db/jobs.ts';
import { openCase } from '../../cases/intake/open-case.ts';
import { recordMessage } from '../../cases/record-message.ts';
import { appendEvent } from '../../cases/case-store.ts';
import { SYSTEM, type Services } from '../../context.ts';
import { loadConfig, mailboxes, replyBase, type Config } from '../../config.ts';
import { AppError } from '../../domain/errors.ts';
import { cleanText, dedupeKeyOf, looksLikeEmail, machineMail, messageIdsIn, ourMessageUuid, replyTokenIn, stripQuoted } from './inbound-rules.ts';

export type EmailRoute = 'reply_token' | 'in_reply_to' | 'mailbox' | 'new';

export interface InboundResult {
  id: string;
  status: 'received' | 'routed' | 'ignored' | 'failed';
  route: string | null;
  reason: string | null;
  caseId: string | null;
  messageId: string | null;
  duplicate: boolean;
}

const MAX_ATTACHMENTS = 50;

/** Step 1: keeps the raw message and queues its processing, in the caller's transaction. */
export async function storeInboundEmail(tx: Tx, source: string, raw: Buffer, cfg: Config): Promise<InboundResult> {
  if (raw.length === 0) throw new AppError('INVALID_EMAIL', 'the message is empty');
  if (raw.length > cfg.EMAIL_MAX_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', `the message is larger than ${cfg.EMAIL_MAX_BYTES} bytes`);
  if (!looksLikeEmail(raw)) throw new AppError('INVALID_EMAIL', 'this is not an RFC 5322 message: it starts with no header such as From: or Message-ID:');
  const id = newId();
  const dedupeKey = dedupeKeyOf(raw);
  const [fresh] = await tx
    .insert(inboundEmails)
    .values({ id, source, dedupeKey, raw, size: raw.length })
    .onConflictDoNothing()
    .returning({ id: inboundEmails.id });
  if (!fresh) {
    const [prior] = await tx.select(resultCols).from(inboundEmails).where(eq(inboundEmails.dedupeKey, dedupeKey));
    return { ...(prior as Omit<InboundResult, 'duplicate'>), duplicate: true };
  }
  // Normally processed at once by the caller; the job is the safety net after a crash.
  await enqueue(tx, 'email.process', { inboundId: id }, { dedupeKey: `email.process:${id}`, runAt: new Date(Date.now() + 30_000) });
  return { id, status: 'received', route: null, reason: null, caseId: null, messageId: null, duplicate: false };
}

const resultCols = {
  id: inboundEmails.id,
  status: inboundEmails.status,
  route: inboundEmails.route,
  reason: inboundEmails.reason,
  caseId: inboundEmails.caseId,
  messageId: inboundEmails.messageId,
};

/** Both steps, as the endpoint and the poller use them: store (committed), then process. */
export async function receiveEmail(db: Db, services: Services, source: string, raw: Buffer): Promise<InboundResult> {
  const stored = await db.transaction((tx) => storeInboundEmail(tx as Tx, source, raw, services.config));
  if (stored.duplicate && stored.status !== 'received') return stored;
  try {
    // Just stored: the bytes are at hand, no need to read them back.
    return { ...(await processInboundEmail(db, services, stored.id, stored.duplicate ? undefined : raw)), duplicate: stored.duplicate };
  } catch {
    // Stored and queued: the job processes it later. The caller hears it was received.
    return stored;
  } finally {
    services.wakeWorker();
  }
}

/** Step 2: parses and routes one stored message; does nothing if it was processed already. */
export async function processInboundEmail(db: Db, services: Services, inboundId: string, justStored?: Buffer): Promise<InboundResult> {
  const [row] = justStored
    ? [{ raw: justStored, status: 'received' }]
    : await db.select({ raw: inboundEmails.raw, status: inboundEmails.status }).from(inboundEmails).where(eq(inboundEmails.id, inboundId));
  if (!row) throw new AppError('NOT_FOUND', 'no such inbound email');
  if (row.status !== 'received') return current(db, inboundId);
  let mail: ParsedMail;
  try {
    mail = await simpleParser(row.raw, { skipTextToHtml: true, skipImageLinks: true, maxHtmlLengthToParse: 2 * 1024 * 1024 });
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
  await db.transaction(async (t) => {
    const tx = t as Tx;
    // Serialises the endpoint and the safety-net job on one message.
    const [locked] = await tx
      .select({ status: inboundEmails.status, dedupeKey: inboundEmails.dedupeKey })
      .from(inboundEmails)
      .where(eq(inboundEmails.id, inboundId))
      .for('update');
    if (!locked || locked.status !== 'received') return;
    await routeParsed(tx, services, inboundId, mail, row.raw, locked.dedupeKey);
  });
  return current(db, inboundId);
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

function addressesOf(a: AddressObject | AddressObject[] | undefined): string[] {
  return [a ?? []].flat().flatMap((o) => o.value.map((v) => v.address?.toLowerCase() ?? '')).filter(Boolean);
}

async function routeParsed(tx: Tx, services: Services, inboundId: string, mail: ParsedMail, raw: Buffer, dedupeKey: string): Promise<void> {
  const cfg = services.config;
  const header = (name: string): string | null => {
    const line = mail.headerLines.find((l) => l.key === name)?.line;
    return line ? line.slice(line.indexOf(':') + 1).trim() : null;
  };
  const sender = mail.from?.value[0];
  const fromAddress = sender?.address?.toLowerCase() ?? null;
  const [replyLocal, replyDomain] = replyBase(cfg);
  const fromOurs = [`${replyLocal}@${replyDomain}`, /<([^>]+)>/.exec(cfg.MAIL_FROM)?.[1]?.toLowerCase() ?? cfg.MAIL_FROM.toLowerCase()];
  const finish = async (set: Partial<typeof inboundEmails.$inferInsert>) => {
    await tx
      .update(inboundEmails)
      .set({ ...set, processedAt: new Date() })
      .where(eq(inboundEmails.id, inboundId));
    // Processed: the safety-net job has nothing left to do.
    await settleSafetyNet(tx, inboundId);
  };

  // Machines talking: never a case, never an acknowledgement (no mail loops).
  const machine = machineMail({ get: header }, fromAddress, fromOurs);
  if (machine) {
    if (machine.kind === 'bounce') await recordBounce(tx, raw, machine.reason);
    await finish({ status: 'ignored', route: machine.kind, reason: machine.reason });
    return;
  }

  const recipients = [
    ...addressesOf(mail.to),
    ...addressesOf(mail.cc),
    ...['delivered-to', 'x-original-to', 'envelope-to'].map((h) => header(h)?.replace(/[<>]/g, '').toLowerCase() ?? '').filter(Boolean),
  ];
  // The message's id on the case is the key it was stored under, so both uniqueness rules agree.
  const messageId = dedupeKey.startsWith('<') ? dedupeKey : null;
  const subject = mail.subject ? cleanText(mail.subject).trim().slice(0, 500) || null : null;
  const fullText = cleanText(mail.text ?? '').trim();
  const body = (stripQuoted(fullText) || fullText || (mail.attachments.length ? '(attachments only)' : '(no text)')).slice(0, 100_000);

  // 1. The reply address token, 2. In-Reply-To / References, 3. the mailbox address, else a new case.
  let route: EmailRoute = 'new';
  let caseId: string | null = null;
  const token = replyTokenIn(recipients, replyLocal, replyDomain);
  if (token) {
    const [c] = await tx.select({ id: cases.id }).from(cases).where(eq(cases.replyToken, token));
    if (c) [route, caseId] = ['reply_token', c.id];
  }
  if (!caseId) {
    const refs = messageIdsIn([mail.inReplyTo ?? '', ...[mail.references ?? []].flat()]);
    const ours = refs.map(ourMessageUuid).filter((u): u is string => u !== null);
    if (refs.length) {
      const [m] = await tx
        .select({ caseId: messages.caseId })
        .from(messages)
        .where(
          sql`(${ours.length ? inArray(messages.id, ours) : sql`false`}) or (${messages.channel} = 'email' and ${inArray(messages.externalId, refs)})`,
        )
        .orderBy(desc(messages.createdAt))
        .limit(1);
      if (m) [route, caseId] = ['in_reply_to', m.caseId];
    }
  }

  let messageRowId: string;
  if (caseId) {
    const recorded = await recordMessage(tx, { type: 'customer', caseId }, { caseId, direction: 'inbound', channel: 'email', body, subject, externalId: messageId }, { services });
    messageRowId = recorded.id;
  } else {
    const boxes = mailboxes(cfg);
    const box = recipients.find((r) => boxes.has(r));
    if (box) route = 'mailbox';
    const opened = await openCase(tx, { type: 'system', name: 'email' }, { channel: 'email', customer: { name: sender?.name ? cleanText(sender.name).slice(0, 200) : null, email: fromAddress }, subject, body, externalId: messageId, occurredAt: mail.date && !Number.isNaN(+mail.date) ? mail.date : null, businessUnit: box ? boxes.get(box)!.unit : null, fallbackLanguage: box ? boxes.get(box)!.language : null }, { services });
    caseId = opened.case.id;
    messageRowId = opened.inboundMessageId;
  }
  await keepAttachments(tx, cfg, caseId, messageRowId, mail);
  await finish({ status: 'routed', route, caseId, messageId: messageRowId, reason: routeNote(route, recipients) });
}

function routeNote(route: EmailRoute, recipients: string[]): string | null {
  return route === 'new' && recipients.length === 0 ? 'no recipient address we know' : null;
}

/** Attachments within ATTACHMENT_MAX_BYTES are kept; bigger ones are listed with the reason. */
async function keepAttachments(tx: Tx, cfg: Config, caseId: string, messageId: string, mail: ParsedMail): Promise<void> {
  const files = mail.attachments.slice(0, MAX_ATTACHMENTS);
  if (!files.length) return;
  await tx.insert(attachments).values(
    files.map((a) => {
      const tooBig = a.size > cfg.ATTACHMENT_MAX_BYTES;
      return {
        id: newId(),
        caseId,
        messageId,
        filename: a.filename ? cleanText(a.filename).slice(0, 255) : null,
        contentType: cleanText(a.contentType || 'application/octet-stream').slice(0, 200),
        size: a.size,
        content: tooBig ? null : a.content,
        skippedReason: tooBig ? `larger than ${cfg.ATTACHMENT_MAX_BYTES} bytes` : null,
      };
    }),
  );
}

/** A bounce that names one of our outbound mails marks that mail failed, on its case's timeline. */
async function recordBounce(tx: Tx, raw: Buffer, reason: string): Promise<void> {
  const text = raw.subarray(0, 1024 * 1024).toString('latin1');
  const ids = [...new Set((text.match(/<[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}@[^<>\s]+>/gi) ?? []).map((m) => ourMessageUuid(m)!))].slice(0, 20);
  if (!ids.length) return;
  const failed = await tx
    .update(messages)
    .set({ deliveryStatus: 'failed', deliveryNote: `bounced: ${reason}` })
    .where(and(inArray(messages.id, ids), eq(messages.direction, 'outbound'), eq(messages.channel, 'email')))
    .returning({ id: messages.id, caseId: messages.caseId });
  for (const m of failed) await appendEvent(tx, m.caseId, SYSTEM, 'delivery_failed', { messageId: m.id, reason: 'bounced' });
}
