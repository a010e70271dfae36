// The worker: claims due jobs with FOR UPDATE SKIP LOCKED so any number of
// worker processes share one table without firing a job twice; retries
// with exponential backoff; reclaims jobs of a worker that died mid-run;
// fails a job whose kind or payload the catalogue rejects, without retrying.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.ts';
import type { Mailer } from '../channels/email/smtp-sender.ts';
import type { Config } from '../config.ts';
import { HANDLERS, type Handler } from './handlers.ts';
import { parseJob, type JobKind } from '../db/jobs.ts';
import { sweepClocks } from '../clocks/sweep-clocks.ts';
import { assignOwnerlessCases } from '../cases/hand-over-cases.ts';
import { sweepKeepInTouch } from '../customers/sweep-keep-in-touch.ts';
import { refreshReportRollup } from '../reports/refresh-report-rollup.ts';
import { refreshChurnRisk } from '../cases/refresh-churn-risk.ts';
import { scheduleWeeklyDigest } from '../reports/send-weekly-digest.ts';

export interface WorkerOptions {
  db: Db;
  mailer: Mailer | null;
  /** Links in mail to customers need the public URL; optional for tools and tests. */
  config?: Config;
  pollMs: number;
  batchSize?: number;
  /** How long a claimed job may run before another worker may take it over. */
  leaseSeconds?: number;
  log?: (msg: string, extra?: Record<string, unknown>) => void;
  /** Called after each job this worker finished (for metrics, benchmarks and tests). */
  onJobDone?: (job: { id: number; kind: string; ok: boolean }) => void;
}

interface ClaimedJob {
  id: number;
  kind: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
}

/** Delay before the next attempt: 5 s doubling to at most 15 minutes, with jitter. */
export function backoffMs(attempt: number): number {
  const base = Math.min(5_000 * 2 ** Math.max(0, attempt - 1), 15 * 60_000);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

export class Worker {
  readonly id = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private running = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private woken = false;

  constructor(private readonly opts: WorkerOptions) {}


  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  /** The server learns its public URL only once it listens (PORT=0): links in mail use the latest. */
  useConfig(config: Config): void {
    this.opts.config = config;
  }

  /** Called after a commit that queued work: look now instead of at the next poll. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  private lastSweep = 0;
  private lastTouchSweep = 0;
  private lastOwnerSweep = 0;
  private lastReportSweep = 0;
  private reportEvery = 2_000;
  // The first look five minutes after start (a worker that restarts often still schedules it; short-lived tools never do).
  private lastDigestCheck = Date.now() - 55 * 60_000;

  private async run(): Promise<void> {
    while (this.running) {
      let handled = 0;
      try {
        await this.reclaimExpired();
        // Clocks are swept at most twice a second: warnings and breaches fire well under a second late.
        if (Date.now() - this.lastSweep >= 500) {
          this.lastSweep = Date.now();
          await sweepClocks(this.opts.db);
        }
        // P-2.4: no open case stays without an active owner for more than a few seconds.
        if (Date.now() - this.lastOwnerSweep >= 5_000) {
          this.lastOwnerSweep = Date.now();
          await assignOwnerlessCases(this.opts.db);
        }
        // The reports' rollup and the churn estimates follow the changes within a few seconds (reports/, cases/refresh-churn-risk.ts).
        // Every 2 s, or ten times as long as the last refresh took: a busy day never eats the worker.
        if (Date.now() - this.lastReportSweep >= this.reportEvery) {
          const started = Date.now();
          await refreshReportRollup(this.opts.db);
          await refreshChurnRisk(this.opts.db);
          this.lastReportSweep = Date.now();
          this.reportEvery = Math.max(2_000, 10 * (this.lastReportSweep - started));
        }
        // The weekly digest is one durable job per week (deduplicated); looking hourly is plenty.
        if (Date.now() - this.lastDigestCheck >= 60 * 60_000) {
          this.lastDigestCheck = Date.now();
          await scheduleWeeklyDigest(this.opts.db);
        }
        // Keep-in-touch touches are due by the day: looking every ten minutes is plenty.
        if (Date.now() - this.lastTouchSweep >= 10 * 60_000) {
          this.lastTouchSweep = Date.now();
          await sweepKeepInTouch(this.opts.db);
        }
        handled = await this.runOnce();
      } catch (err) {
        this.opts.log?.('worker loop error', { err: (err as Error).message });
      }
      if (handled === 0 && this.running && !this.woken) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, this.opts.pollMs);
          this.wakeUp = () => {
            clearTimeout(t);
            resolve();
          };
        });
        this.wakeUp = null;
      }
      this.woken = false;
    }
  }

  /** Claims one batch of due jobs and runs them; returns how many ran. */
  async runOnce(): Promise<number> {
    const lease = this.opts.leaseSeconds ?? 300;
    const claimed = await queryRows<ClaimedJob>(this.opts.db, sql`
      with due as (
        select id from jobs
        where state = 'pending' and run_at <= now()
        order by run_at
        limit ${this.opts.batchSize ?? 50}
        for update skip locked
      )
      update jobs j set state = 'running', attempts = j.attempts + 1, locked_by = ${this.id},
        locked_until = now() + make_interval(secs => ${lease})
      from due where j.id = due.id
      returning j.id, j.kind, j.payload, j.attempts, j.max_attempts`);
    // Jobs of a batch are independent (each is idempotent): run them side by side,
    // then mark the successful ones done in one statement.
    const ok = (await Promise.all(claimed.map((job) => this.execute(job)))).filter((id): id is number => id !== null);
    if (ok.length) {
      await this.opts.db.execute(
        sql`update jobs set state = 'done', finished_at = now(), locked_by = null, locked_until = null, last_error = null
            where id in (select unnest(${`{${ok.join(',')}}`}::bigint[]))`,
      );
      for (const id of ok) this.opts.onJobDone?.({ id, kind: claimed.find((j) => Number(j.id) === id)!.kind, ok: true });
    }
    return claimed.length;
  }

  /** Runs one job; returns its id when it succeeded (marked done with its batch), else null. */
  private async execute(job: ClaimedJob): Promise<number | null> {
    // STYLE 8: the payload is parsed before anything runs. An unknown kind or a bad payload
    // can never succeed, so the job fails at once with the reason instead of being retried.
    const parsed = parseJob(job.kind, job.payload);
    if (!parsed.ok) {
      this.opts.log?.('job rejected', { id: job.id, kind: job.kind, err: parsed.reason });
      await this.opts.db.execute(
        sql`update jobs set state = 'failed', finished_at = now(), last_error = ${parsed.reason.slice(0, 2000)}, locked_by = null, locked_until = null where id = ${job.id}`,
      );
      this.opts.onJobDone?.({ id: Number(job.id), kind: job.kind, ok: false });
      return null;
    }
    const handler = HANDLERS[parsed.kind] as Handler<JobKind>;
    const final = job.attempts >= job.max_attempts;
    try {
      await handler(parsed.payload as never, { db: this.opts.db, mailer: this.opts.mailer, config: this.opts.config ?? null, attempt: job.attempts, final });
      return Number(job.id);
    } catch (err) {
      const message = (err as Error).message?.slice(0, 2000) ?? String(err);
      this.opts.log?.('job failed', { id: job.id, kind: job.kind, attempt: job.attempts, err: message });
      if (final) {
        await this.opts.db.execute(sql`update jobs set state = 'failed', finished_at = now(), last_error = ${message}, locked_by = null where id = ${job.id}`);
      } else {
        const delay = backoffMs(job.attempts);
        await this.opts.db.execute(
          sql`update jobs set state = 'pending', run_at = now() + make_interval(secs => ${delay / 1000}), last_error = ${message}, locked_by = null, locked_until = null where id = ${job.id}`,
        );
      }
      this.opts.onJobDone?.({ id: Number(job.id), kind: job.kind, ok: false });
      return null;
    }
  }

  /** A worker that died holding jobs: after the lease they are pending again. */
  private async reclaimExpired(): Promise<void> {
    await this.opts.db.execute(
      sql`update jobs set state = 'pending', locked_by = null, locked_until = null where state = 'running' and locked_until < now()`,
    );
  }
}
