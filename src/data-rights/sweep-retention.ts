// The retention sweep (issue 14, GDPR Art. 5(1)(e)): each class of personal data is
// deleted or scrubbed when past the period the settings give it. Set-based, in batches
// that each walk an index from the oldest row, so a sweep over millions of rows is a
// series of short transactions and a sweep with nothing to do is a few index probes.
// A sweep drains its classes batch after batch until done or its time budget is spent
// (issue 15: at 1,000 complaints a second, thousands of jobs finish every second; a
// fixed number of batches per run fell behind). Batches lock with SKIP LOCKED, so two
// sweeps never wait on each other's rows.
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../db/client.ts';
import { SYSTEM } from '../context.ts';
import { loadSettings } from '../settings/business-settings.ts';
import { retentionCutoff } from '../domain/retention.ts';
import { personalNeedles } from '../domain/personal-data.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { scrubCases } from './scrub-cases.ts';

export interface RetentionCounts {
  rawMails: number;
  attachments: number;
  formMetadata: number;
  finishedJobs: number;
  closedCases: number;
}

export interface SweepOptions {
  now?: Date;
  /** Rows per statement. */
  batchSize?: number;
  /** Batches per class in one sweep at most (default: no cap, the time budget decides). */
  maxBatches?: number;
  /** Milliseconds the sweep may spend (default 30 s): when spent, the rest waits for the next sweep. */
  budgetMs?: number;
}

/** Runs `statement` batch by batch until a batch comes back short, the cap is reached or the deadline passed; answers the rows touched. */
async function inBatches(db: Db, max: number, size: number, deadline: number, statement: () => ReturnType<typeof sql>): Promise<number> {
  let total = 0;
  for (let i = 0; i < max; i++) {
    const n = (await queryRows(db, sql`${statement()} returning 1 as one`)).length;
    total += n;
    if (n < size || Date.now() >= deadline) break;
  }
  return total;
}

/** One sweep over every class; writes one audit row when it changed anything. */
export async function sweepRetention(db: Db, opts: SweepOptions = {}): Promise<RetentionCounts> {
  const now = opts.now ?? new Date();
  const size = opts.batchSize ?? 5000;
  const max = opts.maxBatches ?? Number.MAX_SAFE_INTEGER;
  const deadline = Date.now() + (opts.budgetMs ?? 30_000);
  const r = (await loadSettings(db)).retention;
  const counts: RetentionCounts = { rawMails: 0, attachments: 0, formMetadata: 0, finishedJobs: 0, closedCases: 0 };

  // Finished jobs first: the class that grows with the traffic (a backlog of another class
  // spending the budget still leaves them a batch each sweep, and them first).
  const jobs = retentionCutoff(now, r.finishedJobDays);
  if (jobs) counts.finishedJobs = await inBatches(db, max, size, deadline, () => sql`delete from jobs where id in (
      select id from jobs where state in ('done','failed') and finished_at < ${jobs} order by finished_at limit ${size} for update skip locked)`);
  const mail = retentionCutoff(now, r.rawMailDays);
  // Mail not yet processed stays whatever its age: it has not been read into a case yet.
  if (mail) counts.rawMails = await inBatches(db, max, size, deadline, () => sql`delete from inbound_emails where id in (
      select id from inbound_emails where received_at < ${mail} and status <> 'received' order by received_at limit ${size} for update skip locked)`);
  const files = retentionCutoff(now, r.attachmentDays);
  if (files) counts.attachments = await inBatches(db, max, size, deadline, () => sql`update attachments set content = null, skipped_reason = 'retention' where id in (
      select id from attachments where content is not null and created_at < ${files} order by created_at limit ${size} for update skip locked)`);
  const meta = retentionCutoff(now, r.formMetadataDays);
  if (meta) counts.formMetadata = await inBatches(db, max, size, deadline, () => sql`update messages set raw_source = null where id in (
      select id from messages where raw_source is not null and created_at < ${meta} order by created_at limit ${size} for update skip locked)`);
  const closed = retentionCutoff(now, r.closedCaseYears === null ? null : r.closedCaseYears * 365.25);
  if (closed) counts.closedCases = await scrubClosedCases(db, closed, Math.min(size, 200), max, deadline);

  if (Object.values(counts).some((n) => n > 0)) {
    await recordAudit(db, { actor: SYSTEM }, { action: 'retention.sweep', targetType: 'retention', after: { ...counts, settings: r } });
  }
  return counts;
}

/** Closed cases past their period, a batch per transaction: the timeline's door opens only inside scrubCases. */
async function scrubClosedCases(db: Db, cutoff: Date, size: number, max: number, deadline: number): Promise<number> {
  let total = 0;
  for (let i = 0; i < max; i++) {
    const n = await db.transaction(async (t) => {
      const tx = t as Tx;
      const rows = await queryRows<{ id: string; customer_id: string; name: string | null; contacts: string[] | null }>(
        tx,
        sql`select c.id, c.customer_id, k.name, (select array_agg(value) from customer_contacts cc where cc.customer_id = c.customer_id) as contacts
            from cases c join customers k on k.id = c.customer_id
            where c.status = 'closed' and c.erased_at is null and c.closed_at < ${cutoff}
            order by c.closed_at limit ${size} for update of c skip locked`,
      );
      // One scrub per customer: their own name and contacts are the words to look for.
      const byCustomer = new Map<string, { ids: string[]; needles: string[] }>();
      for (const row of rows) {
        const entry = byCustomer.get(row.customer_id) ?? { ids: [], needles: personalNeedles({ names: [row.name], contacts: row.contacts ?? [] }) };
        entry.ids.push(row.id);
        byCustomer.set(row.customer_id, entry);
      }
      for (const { ids, needles } of byCustomer.values()) await scrubCases(tx, ids, needles);
      return rows.length;
    });
    total += n;
    if (n < size || Date.now() >= deadline) break;
  }
  return total;
}
