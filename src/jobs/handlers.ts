// What each durable job does: one call to its use case. The worker has parsed
// the payload against the job catalogue (db/jobs.ts) before a handler runs; the
// use cases are idempotent (STYLE 8), so running a job twice is harmless.
import type { Db, Tx } from '../db/client.ts';
import type { JOB_COMPLETED, JobAttempt, JobHold, JobKind, JobPayloads } from '../db/jobs.ts';
import type { Config } from '../config.ts';
import type { Mailer } from '../channels/email/smtp-sender.ts';
import { deliverMessage, deliverMessages } from '../channels/email/deliver-message.ts';
import { processStoredEmail } from '../channels/email/receive-email.ts';
import { breakCommitmentWhenDue } from '../cases/break-commitment.ts';
import { remindCommitment } from '../cases/remind-commitment.ts';
import { sendFollowUp } from '../cases/send-follow-up.ts';
import { sendTouch } from '../customers/send-touch.ts';
import { remindBonus } from '../compensation/remind-bonus.ts';
import { expireBonus } from '../compensation/expire-bonus.ts';
import { deliverWebhook } from '../webhooks/deliver-webhook.ts';
import { mailNotification } from '../notifications/mail-notification.ts';
import { sendWeeklyDigest } from '../reports/send-weekly-digest.ts';

/** What a handler gets besides its payload: the database, the mailer, the config, and where the job is in its retries. */
export interface JobContext extends JobAttempt {
  db: Db;
  mailer: Mailer | null;
  /** For links in mail to customers; absent in tools that run jobs without a server. */
  config: Config | null;
}

/** A handler for one kind, typed by the catalogue's payload for that kind. */
export type Handler<K extends JobKind> = (payload: JobPayloads[K], ctx: JobContext) => Promise<unknown>;

/** Every kind in the catalogue has exactly one handler (the type makes a missing one a compile error). */
export const HANDLERS: { [K in JobKind]: Handler<K> } = {
  'email.process': (p, c) => processStoredEmail(c.db, p, c),
  'message.send': (p, c) => deliverMessage(c.db, p, c),
  'commitment.due': (p, c) => breakCommitmentWhenDue(c.db, p),
  'commitment.remind': (p, c) => remindCommitment(c.db, p, c),
  'follow_up.due': (p, c) => c.db.transaction((tx) => sendFollowUp(tx as Tx, p, c)),
  'touch.send': (p, c) => sendTouch(c.db, p, c),
  'bonus.remind': (p, c) => c.db.transaction((tx) => remindBonus(tx as Tx, p.bonusId)),
  'bonus.expire': (p, c) => c.db.transaction((tx) => expireBonus(tx as Tx, p.bonusId)),
  'webhook.deliver': (p, c) => deliverWebhook(c.db, p, c),
  'notification.mail': (p, c) => mailNotification(c.db, p, c),
  'report.digest': (p, c) => sendWeeklyDigest(c.db, p, { mailer: c.mailer, currency: c.config?.CURRENCY ?? 'EUR' }),
};

/** One job of a batch: its parsed payload and where it is in its retries. */
export interface BatchItem<K extends JobKind> extends JobAttempt {
  payload: JobPayloads[K];
  /** The claimed job, for a handler that marks it done in its own statement. */
  job: JobHold;
}

/**
 * Kinds the worker runs as a whole batch (issue 15: a thousand acknowledgements a second): one
 * call for all the claimed jobs of the kind, answering per job null (done: the worker marks it so),
 * JOB_COMPLETED (the handler marked it done itself) or the error to retry on.
 */
export const BATCH_HANDLERS: {
  [K in JobKind]?: (items: BatchItem<K>[], ctx: Omit<JobContext, keyof JobAttempt>) => Promise<(Error | null | typeof JOB_COMPLETED)[]>;
} = {
  'message.send': (items, c) => deliverMessages(c.db, items.map((i) => ({ messageId: i.payload.messageId, attempt: i.attempt, final: i.final, job: i.job })), c),
};
