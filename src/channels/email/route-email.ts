// Step 2 of inbound email (receive-email.ts): routing parsed mail explicitly (STYLE 9) —
// reply+token address → In-Reply-To/References → mailbox address → a new case — and
// keeping attachments within the size limit. Mails being processed at the same time
// share one transaction (issue 15: raw email at hundreds a second): their rows are
// locked together, their new cases written as intake's batches are (one statement per
// table), their outcomes recorded and safety-net jobs settled in one statement. If the
// shared transaction fails, each mail is routed alone, so one bad mail never sinks others.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { AddressObject } from 'mailparser';
import { attachments, cases, messages } from '../../db/schema.ts';
import { queryPrepared, type Db, type Tx } from '../../db/client.ts';
import { Coalescer, coalescerFor, ItemFailure } from '../../db/coalesce.ts';
import { newId } from '../../db/ids.ts';
import { identifyAllFor, prepareCase, writeCases, type OpenCaseInput } from '../../cases/intake/open-case.ts';
import { recordMessage } from '../../cases/record-message.ts';
import { appendEvent } from '../../cases/case-store.ts';
import { SYSTEM, type Actor, type Services } from '../../context.ts';
import { mailboxes, replyBase, type Config } from '../../config.ts';
import type { MailView } from './simple-mime.ts';
import { cleanText, machineMail, messageIdsIn, ourMessageUuid, replyTokenIn, stripQuoted, type MachineMail } from './inbound-rules.ts';

export type EmailRoute = 'reply_token' | 'in_reply_to' | 'mailbox' | 'new';

/** What processing settled on a stored message. */
export interface Outcome {
  status: 'received' | 'routed' | 'ignored' | 'failed';
  route: string | null;
  reason: string | null;
  caseId: string | null;
  messageId: string | null;
}

/** A stored message, parsed, waiting to be routed. */
export interface ParsedInbound {
  inboundId: string;
  mail: MailView;
  raw: Buffer;
}

const EMAIL: Actor = { type: 'system', name: 'email' };
const MAX_ATTACHMENTS = 50;

const batchers = new WeakMap<Services, Coalescer<ParsedInbound, Outcome | null>>();

/**
 * Routes one parsed message, in a transaction shared with the messages being routed at the
 * same moment; null when it was processed meanwhile (by the safety-net job, say).
 */
export async function routeInbound(db: Db, services: Services, item: ParsedInbound): Promise<Outcome | null> {
  return coalescerFor(batchers, services, () => new Coalescer((items) => routeEach(db, services, items), { maxInFlight: 2, maxBatch: 50 })).call(item);
}

async function routeEach(db: Db, services: Services, items: ParsedInbound[]): Promise<(Outcome | null | ItemFailure)[]> {
  try {
    return await routeTogether(db, services, items);
  } catch (err) {
    if (items.length === 1) return [new ItemFailure(err)];
    // Something in the batch failed: give every message its own transaction.
    const out: (Outcome | null | ItemFailure)[] = [];
    for (const item of items) out.push(...(await routeEach(db, services, [item])));
    return out;
  }
}

type Plan = { kind: 'done'; outcome: Outcome } | { kind: 'existing'; route: EmailRoute; caseId: string; body: string; subject: string | null; externalId: string | null; recipients: string[] } | { kind: 'new'; route: EmailRoute; input: OpenCaseInput; recipients: string[] };

async function routeTogether(db: Db, services: Services, items: ParsedInbound[]): Promise<(Outcome | null)[]> {
  const cfg = services.config;
  return db.transaction(async (t) => {
    const tx = t as Tx;
    // Serialises the endpoint and the safety-net job on each message (in id order: no deadlock between batches).
    const locked = await queryPrepared<{ id: string; status: string; dedupeKey: string }>(
      tx,
      sql`select id, status, dedupe_key as "dedupeKey" from inbound_emails where id = any(${`{${items.map((i) => i.inboundId).join(',')}}`}::uuid[]) order by id for update`,
    );
    const rows = new Map(locked.map((r) => [r.id, r]));
    const out: (Outcome | null)[] = items.map(() => null);
    const fresh: { i: number; plan: Extract<Plan, { kind: 'new' }> }[] = [];
    const seen = new Set<string>();
    for (const [i, item] of items.entries()) {
      const row = rows.get(item.inboundId);
      // The same stored mail twice in one batch (a duplicate delivery, the safety-net job): routed once.
      if (!row || row.status !== 'received' || seen.has(item.inboundId)) continue;
      seen.add(item.inboundId);
      const plan = await planRoute(tx, cfg, item, row.dedupeKey);
      if (plan.kind === 'done') out[i] = plan.outcome;
      else if (plan.kind === 'existing') {
        const recorded = await recordMessage(tx, { type: 'customer', caseId: plan.caseId }, { caseId: plan.caseId, direction: 'inbound', channel: 'email', body: plan.body, subject: plan.subject, externalId: plan.externalId }, { services });
        await keepAttachments(tx, cfg, plan.caseId, recorded.id, item.mail);
        out[i] = { status: 'routed', route: plan.route, caseId: plan.caseId, messageId: recorded.id, reason: routeNote(plan.route, plan.recipients) };
      } else fresh.push({ i, plan });
    }
    if (fresh.length) {
      // New cases: the whole batch's customers and numbers in one statement, its rows in one more.
      const pre = await identifyAllFor(tx, services, fresh.map((f) => f.plan.input));
      const prepared = [];
      for (const [k, f] of fresh.entries()) prepared.push(await prepareCase(tx, services, EMAIL, f.plan.input, pre[k]));
      await writeCases(tx, prepared);
      for (const [k, { i, plan }] of fresh.entries()) {
        const opened = prepared[k]!.opened;
        await keepAttachments(tx, cfg, opened.case.id, opened.inboundMessageId, items[i]!.mail);
        out[i] = { status: 'routed', route: plan.route, caseId: opened.case.id, messageId: opened.inboundMessageId, reason: routeNote(plan.route, plan.recipients) };
      }
    }
    const done = items.flatMap((item, i) => (out[i] ? [{ id: item.inboundId, ...out[i]!, processedAt: new Date().toISOString() }] : []));
    if (done.length) {
      // Processed, and (in the same statement) the safety-net jobs have nothing left to do.
      await queryPrepared(
        tx,
        sql`with x as (select * from json_to_recordset(${JSON.stringify(done)}::json)
                         as x(id uuid, status text, route text, reason text, "caseId" uuid, "messageId" uuid, "processedAt" timestamptz)),
                 done as (update inbound_emails e set status = x.status, route = x.route, reason = x.reason, case_id = x."caseId",
                            message_id = x."messageId", processed_at = x."processedAt" from x where e.id = x.id returning e.id)
            update jobs set state = 'done', finished_at = now()
            where dedupe_key in (select 'email.process:' || id from done) and state = 'pending'`,
      );
    }
    return out;
  });
}

function addressesOf(a: AddressObject | AddressObject[] | undefined): string[] {
  return [a ?? []].flat().flatMap((o) => o.value.map((v) => v.address?.toLowerCase() ?? '')).filter(Boolean);
}

/** What a parsed message says before the database is asked: pure (the fast path in intake-email.ts reads mail the same way). */
export interface ReadMail {
  machine: MachineMail | null;
  recipients: string[];
  /** The case token of a reply+token address of ours. */
  token: string | null;
  /** Message-IDs in In-Reply-To / References, and those of them that are ours. */
  refs: string[];
  ours: string[];
  subject: string | null;
  body: string;
  externalId: string | null;
  /** A new case's input, and its route (mailbox or new). */
  route: EmailRoute;
  input: OpenCaseInput;
}

/** Reads one parsed message: who sent it to whom, machine or person, threading, the new case it would open. */
export function readMail(cfg: Config, mail: MailView, dedupeKey: string): ReadMail {
  const header = (name: string): string | null => {
    const line = mail.headerLines.find((l) => l.key === name)?.line;
    return line ? line.slice(line.indexOf(':') + 1).trim() : null;
  };
  const sender = mail.from?.value[0];
  const fromAddress = sender?.address?.toLowerCase() ?? null;
  const [replyLocal, replyDomain] = replyBase(cfg);
  const fromOurs = [`${replyLocal}@${replyDomain}`, /<([^>]+)>/.exec(cfg.MAIL_FROM)?.[1]?.toLowerCase() ?? cfg.MAIL_FROM.toLowerCase()];
  // Machines talking: never a case, never an acknowledgement (no mail loops).
  const machine = machineMail({ get: header }, fromAddress, fromOurs);

  const recipients = [
    ...addressesOf(mail.to),
    ...addressesOf(mail.cc),
    ...['delivered-to', 'x-original-to', 'envelope-to'].map((h) => header(h)?.replace(/[<>]/g, '').toLowerCase() ?? '').filter(Boolean),
  ];
  // The message's id on the case is the key it was stored under, so both uniqueness rules agree.
  const externalId = dedupeKey.startsWith('<') ? dedupeKey : null;
  const subject = mail.subject ? cleanText(mail.subject).trim().slice(0, 500) || null : null;
  const fullText = cleanText(mail.text ?? '').trim();
  const body = (stripQuoted(fullText) || fullText || (mail.attachments.length ? '(attachments only)' : '(no text)')).slice(0, 100_000);
  const token = replyTokenIn(recipients, replyLocal, replyDomain);
  const refs = messageIdsIn([mail.inReplyTo ?? '', ...[mail.references ?? []].flat()]);
  const ours = refs.map(ourMessageUuid).filter((u): u is string => u !== null);
  const boxes = mailboxes(cfg);
  const box = recipients.find((r) => boxes.has(r));
  return {
    machine,
    recipients,
    token,
    refs,
    ours,
    subject,
    body,
    externalId,
    route: box ? 'mailbox' : 'new',
    input: {
      channel: 'email',
      customer: { name: sender?.name ? cleanText(sender.name).slice(0, 200) : null, email: fromAddress },
      subject,
      body,
      externalId,
      occurredAt: mail.date && !Number.isNaN(+mail.date) ? mail.date : null,
      businessUnit: box ? boxes.get(box)!.unit : null,
      fallbackLanguage: box ? boxes.get(box)!.language : null,
    },
  };
}

/** Where one message goes: ignored (machine mail), an existing case, or a new one. */
async function planRoute(tx: Tx, cfg: Config, item: ParsedInbound, dedupeKey: string): Promise<Plan> {
  const read = readMail(cfg, item.mail, dedupeKey);
  const { machine, recipients, token, refs, ours, body, subject, externalId } = read;
  if (machine) {
    if (machine.kind === 'bounce') await recordBounce(tx, item.raw, machine.reason);
    return { kind: 'done', outcome: { status: 'ignored', route: machine.kind, reason: machine.reason, caseId: null, messageId: null } };
  }
  // 1. The reply address token, 2. In-Reply-To / References, 3. the mailbox address, else a new case.
  if (token) {
    const [c] = await tx.select({ id: cases.id }).from(cases).where(eq(cases.replyToken, token));
    if (c) return { kind: 'existing', route: 'reply_token', caseId: c.id, body, subject, externalId, recipients };
  }
  if (refs.length) {
    const [m] = await tx
      .select({ caseId: messages.caseId })
      .from(messages)
      .where(sql`(${ours.length ? inArray(messages.id, ours) : sql`false`}) or (${messages.channel} = 'email' and ${inArray(messages.externalId, refs)})`)
      .orderBy(desc(messages.createdAt))
      .limit(1);
    if (m) return { kind: 'existing', route: 'in_reply_to', caseId: m.caseId, body, subject, externalId, recipients };
  }
  return { kind: 'new', route: read.route, recipients, input: read.input };
}

export function routeNote(route: EmailRoute, recipients: string[]): string | null {
  return route === 'new' && recipients.length === 0 ? 'no recipient address we know' : null;
}

/** Attachments within ATTACHMENT_MAX_BYTES are kept; bigger ones are listed with the reason. */
async function keepAttachments(tx: Tx, cfg: Config, caseId: string, messageId: string, mail: MailView): Promise<void> {
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
