// Outgoing mail (the `message.send` job): a message recorded as queued —
// acknowledgement (P-1.5), reply, follow-up, reminder — goes out by SMTP in the
// case's email thread, and its delivery is settled on the record. At most once
// (issue 14): before the SMTP transaction starts the message is marked `sending`
// with its Message-ID, durably; a later attempt that finds it still `sending` knows
// a send was cut off by a crash and applies MAIL_UNCERTAIN (hold: `uncertain`, settled
// by `amends mail reconcile`; resend: send again under the same Message-ID).
//
// The worker hands over all the `message.send` jobs it claimed at once (issue 15: a
// thousand acknowledgements a second): one statement loads every message with its case
// and thread, and the "sending" marks and the settles of mails going out side by side
// share their statements (db/coalesce.ts) — each mark is still durable before its own
// mail's first byte, each settle follows its own send at once. A settle that ends its job's
// work also marks the job done (the worker's claimed job, JobHold): no separate statement.
import { sql, type SQL } from 'drizzle-orm';
import { queryPrepared, queryText, type Db } from '../../db/client.ts';
import { Coalescer, coalescerFor } from '../../db/coalesce.ts';
import { JOB_COMPLETED, type JobAttempt, type JobHold } from '../../db/jobs.ts';
import { replyAddress, type Config } from '../../config.ts';
import { formatCaseNumber } from '../../domain/case-lifecycle.ts';
import { newReplyToken } from '../../portal/portal-tokens.ts';
import type { Mailer } from './smtp-sender.ts';

/** What delivery needs besides the database: the mailer (none: not sent), the config for reply addresses, the attempt. */
export interface DeliverMessageOptions extends JobAttempt {
  mailer: Mailer | null;
  config: Config | null;
}

/** One message to deliver, with where its job is in its retries. */
export interface DeliveryItem extends JobAttempt {
  messageId: string;
  /** The claimed job this delivery is: marked done with the settle that ends it (then JOB_COMPLETED is answered). */
  job?: JobHold;
}

type Status = 'sent' | 'not_sent' | 'failed' | 'uncertain';
type From = 'queued' | 'sending' | 'uncertain';

/** A message as delivery loads it: with its case's number, subject and reply token, and the earlier mail of its thread. */
interface Loaded {
  id: string;
  caseId: string;
  kind: string;
  subject: string | null;
  body: string;
  recipient: string | null;
  deliveryStatus: string;
  externalId: string | null;
  number: number | null;
  caseSubject: string | null;
  replyToken: string | null;
  /** [id, direction, externalId, deliveryStatus], oldest first (at most 20). */
  earlier: [string, string, string | null, string | null][];
}

/**
 * Sends one queued message and records how it went: sent, not sent (no SMTP, no
 * address) or, on the last attempt, failed with the reason. An SMTP error is thrown
 * so the job is retried with backoff; the acknowledgement's delivery goes on the timeline.
 */
export async function deliverMessage(db: Db, input: { messageId: string }, opts: DeliverMessageOptions): Promise<void> {
  const [err] = await deliverMessages(db, [{ messageId: input.messageId, attempt: opts.attempt, final: opts.final }], opts);
  if (err) throw err;
}

/**
 * deliverMessage for many messages at once; answers, in their order, null (done), JOB_COMPLETED
 * (done, and its job marked done with the settle) or the error to retry on.
 */
export async function deliverMessages(
  db: Db,
  items: DeliveryItem[],
  opts: { mailer: Mailer | null; config: Config | null },
): Promise<(Error | null | typeof JOB_COMPLETED)[]> {
  if (!items.length) return [];
  const rows = await loadMessages(db, items.map((i) => i.messageId));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return Promise.all(
    items.map(async (item) => {
      const m = byId.get(item.messageId);
      if (!m) return null;
      try {
        return (await deliverLoaded(db, m, item, opts)) ? JOB_COMPLETED : null;
      } catch (err) {
        return err instanceof Error ? err : new Error(String(err));
      }
    }),
  );
}

/** Delivers one loaded message; true when its job was marked done with the settle. */
async function deliverLoaded(db: Db, m: Loaded, at: DeliveryItem, opts: { mailer: Mailer | null; config: Config | null }): Promise<boolean> {
  // The settles that end the delivery (nothing thrown after them) carry the job's completion.
  const settle = (status: Status, note: string | null, from: From, ends = true) => {
    const job = ends ? at.job : undefined;
    return settleDelivery(db, m, status, note, from, job).then(() => !!job);
  };
  if (m.deliveryStatus === 'sending') {
    // A send started and was never confirmed: the process stopped between marking it and settling it.
    if (opts.config?.MAIL_UNCERTAIN !== 'resend' || !opts.mailer) {
      return settle('uncertain', `the send of ${m.externalId ?? 'this message'} was cut off (the process stopped); not resent, so that it cannot arrive twice`, 'sending');
    }
    await queryPrepared(db, sql`update messages set delivery_status = 'queued' where id = ${m.id} and delivery_status = 'sending'`);
    m.deliveryStatus = 'queued';
  }
  if (m.deliveryStatus !== 'queued') return false;
  if (!opts.mailer) return settle('not_sent', 'SMTP is not configured (set SMTP_URL); the message is shown in the portal', 'queued');
  if (!m.recipient) return settle('not_sent', 'no recipient address', 'queued');
  const mailer = opts.mailer;
  // Cases opened before reply tokens existed get one the first time they write to the customer.
  if (!m.replyToken) m.replyToken = await giveReplyToken(db, m.caseId);
  const thread = threadOf(mailer, opts.config, m);
  // The intent, durable before the first byte goes out (once a connection is free):
  // from then on a crash leaves the message `sending`.
  const messageId = mailer.messageIdFor(m.id);
  let started = false;
  try {
    const sent = await mailer.send(
      {
        id: m.id,
        to: m.recipient,
        subject: m.subject || thread.subject,
        text: m.body,
        references: thread.references,
        replyTo: thread.replyTo,
        autoSubmitted: m.kind === 'acknowledgement' ? 'auto-replied' : m.kind === 'message' ? undefined : 'auto-generated',
      },
      { onStart: async () => (started = await marker(db).call({ id: m.id, externalId: messageId })) },
    );
    if (!sent) return false; // settled meanwhile by another run
  } catch (err) {
    if (!started) throw err; // marking failed (the database): nothing went out
    // The transport answered with an error (refused, rejected, unreachable): not delivered, safe to try again.
    if (at.final) await settle('failed', `SMTP failed after ${at.attempt} attempts: ${(err as Error).message}`, 'sending', false);
    else await queryPrepared(db, sql`update messages set delivery_status = 'queued' where id = ${m.id} and delivery_status = 'sending'`);
    throw err;
  }
  return settle('sent', null, 'sending');
}

/**
 * Every message of `ids` with its case and the earlier mail of its case, in one statement.
 * The channel test is written so that no index serves it: with stale statistics the planner
 * once ANDed the case's few rows with every email row of messages_external_uq (18 ms a message).
 * The ids come through a subquery, so the planner never sees how many there are: with the
 * array itself in view, a plan for one message always looked cheaper than the plan for any
 * number, and PostgreSQL planned the statement anew at every call (0.5–0.9 ms) instead of
 * reusing its generic plan (the same index probes).
 */
export function loadMessagesStatement(ids: string[]): SQL {
  return sql`select m.id, m.case_id as "caseId", m.kind, m.subject, m.body, m.recipient, m.delivery_status as "deliveryStatus",
          m.external_id as "externalId", c.number, c.subject as "caseSubject", c.reply_token as "replyToken",
          coalesce((select json_agg(json_build_array(e.id, e.direction, e.external_id, e.delivery_status) order by e.created_at)
                    from (select id, direction, external_id, delivery_status, created_at from messages
                          where case_id = m.case_id and created_at < m.created_at and coalesce(channel, '') = 'email'
                          order by created_at desc limit 20) e), '[]'::json) as earlier
        from messages m left join cases c on c.id = m.case_id
        where m.id = any((select ${`{${ids.join(',')}}`}::uuid[])::uuid[])`;
}

/** The messages of `ids` as delivery needs them (loadMessagesStatement). */
function loadMessages(db: Db, ids: string[]): Promise<Loaded[]> {
  return queryPrepared<Loaded>(db, loadMessagesStatement(ids));
}

async function giveReplyToken(db: Db, caseId: string): Promise<string | null> {
  const [c] = await queryPrepared<{ token: string | null }>(
    db,
    sql`update cases set reply_token = coalesce(reply_token, ${newReplyToken()}) where id = ${caseId} returning reply_token as token`,
  );
  return c?.token ?? null;
}

/** The conversation a mail belongs to: earlier mail on its case (threading headers) and its reply address. */
function threadOf(mailer: Mailer, config: Config | null, m: Loaded): { subject: string; references: string[]; replyTo?: string } {
  const references = m.earlier
    .map(([id, direction, externalId, status]) => (direction === 'inbound' ? externalId : status === 'sent' ? mailer.messageIdFor(id) : null))
    .filter((x): x is string => !!x && /^<[^<>\s]+>$/.test(x));
  const number = formatCaseNumber(m.number ?? 0);
  return {
    subject: `Re: ${m.caseSubject ? `${m.caseSubject} ` : ''}[${number}]`,
    references,
    replyTo: config && m.replyToken ? replyAddress(config, m.replyToken) : undefined,
  };
}

/** Marks messages `sending` with their Message-ID, if still queued: the marks of mails starting together share one statement. */
function marker(db: Db) {
  return {
    call: (m: { id: string; externalId: string }) => deliveryStatements(db).call({ op: 'mark', id: m.id, externalId: m.externalId }),
  };
}

interface Settle {
  id: string;
  status: Status;
  note: string | null;
  from: From;
  at: string;
  /** The job to mark done with it (held by `by`). */
  job: number | null;
  by: string | null;
}

/** A mark or a settle of one message, as DELIVERY_STATEMENT writes it. */
export type DeliveryStatement = ({ op: 'mark'; externalId: string } | ({ op: 'settle' } & Settle)) & { id: string };

const statements = new WeakMap<Db, Coalescer<DeliveryStatement, boolean>>();

/**
 * Delivery statements running at once. Every pooled SMTP connection waits for its mail's mark
 * before it sends: with one statement at a time, a mark arriving while one was being committed
 * waited for that commit and then its own (two commits, 10–30 ms each on a busy machine), and the
 * connection idled meanwhile. With two, it goes out at once in the second.
 */
const DELIVERY_STATEMENTS_IN_FLIGHT = 2;

/**
 * The "sending" marks and the settles, in one statement shared by all that arrive together:
 * on a pooled SMTP connection one mail's settle and the next mail's mark come at the same
 * moment (the slot passes from one to the other), so each mail costs one statement, not two.
 * A mark is still committed before its own mail's first byte, a settle follows its own send.
 */
function deliveryStatements(db: Db) {
  return coalescerFor(statements, db, () =>
    new Coalescer<DeliveryStatement, boolean>(async (items) => {
      const done = await queryText<{ id: string; op: string }>(db, DELIVERY_STATEMENT, deliveryParams(items));
      const ok = new Set(done.map((r) => `${r.op}|${r.id}`));
      return items.map((i) => ok.has(`${i.op}|${i.id}`));
    }, { maxInFlight: DELIVERY_STATEMENTS_IN_FLIGHT }),
  );
}

/**
 * The marks ($1, their ids $3) and the settles ($2, their ids $4) with the timeline events and the
 * jobs they end: fixed text, prepared once per connection. Each update names its rows by id as
 * well (`= any(ids)`): joined only to the JSON rows (estimated at 100), a small messages table
 * (10,000 cases: 390 pages) was read whole, twice per mail (about 1 ms of the database's CPU
 * each), since the planner priced that below 100 key probes. The ids come through a subquery
 * (as in loadMessagesStatement), so one generic plan serves every call.
 */
export const DELIVERY_STATEMENT = `with mk as (
    update messages m set delivery_status = 'sending', external_id = x.external_id
    from json_to_recordset($1::json) as x(id uuid, external_id text)
    where m.id = any((select $3::uuid[])::uuid[]) and m.id = x.id and m.delivery_status = 'queued' returning m.id
  ), s as (
    update messages m set delivery_status = x.status, delivery_note = x.note,
      sent_at = case when x.status = 'sent' then x.at end
    from json_to_recordset($2::json) as x(id uuid, status text, note text, "from" text, at timestamptz)
    where m.id = any((select $4::uuid[])::uuid[]) and m.id = x.id and m.delivery_status = x."from"
    returning m.id, m.case_id, m.kind, x.status, x.note
  ), e as (
    insert into case_events (case_id, type, actor_type, actor_id, data)
    select case_id, case when status = 'sent' then 'acknowledgement_delivered' else 'acknowledgement_not_sent' end, 'system', null,
      jsonb_build_object('messageId', id) || case when note is null then '{}'::jsonb else jsonb_build_object('reason', note) end
    from s where kind = 'acknowledgement' and status <> 'uncertain'
  ), j as (
    -- as markDone (jobs/job-queue.ts): only while the worker that claimed the job still holds it
    update jobs set state = 'done', finished_at = now(), locked_by = null, locked_until = null, last_error = null
    from json_to_recordset($2::json) as x(job bigint, "by" text)
    where jobs.id = x.job and jobs.state = 'running' and jobs.locked_by = x."by"
  )
  select id, 'mark' as op from mk union all select id, 'settle' as op from s`;

/** DELIVERY_STATEMENT's parameters for the marks and settles that arrived together. */
export function deliveryParams(items: DeliveryStatement[]): [string, string, string, string] {
  const marks: { id: string; external_id: string }[] = [];
  const settles: Settle[] = [];
  for (const i of items) {
    if (i.op === 'mark') marks.push({ id: i.id, external_id: i.externalId });
    else settles.push({ id: i.id, status: i.status, note: i.note, from: i.from, at: i.at, job: i.job, by: i.by });
  }
  const ids = (rows: { id: string }[]) => `{${rows.map((r) => r.id).join(',')}}`;
  return [JSON.stringify(marks), JSON.stringify(settles), ids(marks), ids(settles)];
}

/**
 * Records how delivery ended (only from the state the caller saw), with the acknowledgement's
 * outcome on the timeline — one statement, shared by the settles and marks that arrive together.
 */
export function settleDelivery(db: Db, m: { id: string; caseId: string; kind: string }, status: Status, note: string | null, from: From, job?: JobHold): Promise<boolean> {
  return deliveryStatements(db).call({ op: 'settle', id: m.id, status, note, from, at: new Date().toISOString(), job: job?.id ?? null, by: job?.by ?? null });
}
