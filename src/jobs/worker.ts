// The worker: claims due jobs with FOR UPDATE SKIP LOCKED so any number of
// worker processes share one table without firing a job twice; holds them on a
// short lease renewed by a heartbeat (a crashed worker's jobs run again within
// seconds, a restarted one takes its own back at once); retries with exponential
// backoff; fails a job whose kind or payload the catalogue rejects, without retrying;
// runs the periodic sweeps, each once per interval across all workers.
import type { Db } from '../db/client.ts';
import type { Mailer } from '../channels/email/smtp-sender.ts';
import type { Config } from '../config.ts';
import { BATCH_HANDLERS, HANDLERS, type BatchItem, type Handler } from './handlers.ts';
import { JOB_COMPLETED, parseJob, type JobKind } from '../db/jobs.ts';
import { sweepClocks } from '../clocks/sweep-clocks.ts';
import { assignOwnerlessCases } from '../cases/hand-over-cases.ts';
import { sweepKeepInTouch } from '../customers/sweep-keep-in-touch.ts';
import { runHousekeeping } from '../db/housekeeping.ts';
import { claimDueJobs, markDone, markFailed, markRetry, reclaimExpired, reclaimOwn, renewLeases, workerIdentity, type ClaimedJob, type WorkerIdentity } from './job-queue.ts';
import { SweepRunner, type Sweep } from './sweeps.ts';
import { sweepRetention } from '../data-rights/sweep-retention.ts';
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
  /** Batches claimed and run side by side (default 2). */
  lanes?: number;
  /** How long a claimed job is held without a heartbeat (default: config JOB_LEASE_SECONDS, else 15). */
  leaseSeconds?: number;
  /** This process's identity (default: from config WORKER_ID, else host, pid and start time). */
  identity?: WorkerIdentity;
  /** PGlite: one process owns the database, so every job still marked running at start is an orphan. */
  soleWorker?: boolean;
  /** Which sweeps to run (default: all); tests that count jobs turn some off. */
  sweeps?: Sweep[];
  log?: (msg: string, extra?: Record<string, unknown>) => void;
  /**
   * Claims at most one batch per this many ms while work keeps coming (default GATHER_MS): a
   * complaint arriving soon after a claim waits the rest of it, so one claim carries several.
   * A full batch (a backlog) or a worker idle for longer claims at once.
   */
  gatherMs?: number;
  /** Called after each job this worker finished (for metrics, benchmarks and tests). */
  onJobDone?: (job: { id: number; kind: string; ok: boolean; ms: number }) => void;
}

/** The periodic sweeps every worker takes part in, each fired once per interval across workers. */
export function defaultSweeps(config?: Config): Sweep[] {
  // The reports' rollup and the churn estimates follow the changes within a few seconds
  // (reports/, cases/refresh-churn-risk.ts): every 2 s, or ten times as long as the last
  // refresh took, so a busy day never eats the worker.
  let reportsNotBefore = 0;
  const refreshReports = async (db: Db) => {
    if (Date.now() < reportsNotBefore) return;
    const started = Date.now();
    await refreshReportRollup(db);
    // A full batch means more is waiting (hundreds of lifecycles a second): a few more batches now.
    for (let i = 0; i < 5 && (await refreshChurnRisk(db)).full; i++);
    reportsNotBefore = Date.now() + Math.max(0, 9 * (Date.now() - started));
  };
  // The weekly digest is one durable job per week (deduplicated); looking every five minutes is plenty, the
  // first look five minutes after start (short-lived tools and tests never schedule it).
  const startedAt = Date.now();
  const digest = async (db: Db) => (Date.now() - startedAt >= 5 * 60_000 ? scheduleWeeklyDigest(db) : undefined);
  return [
    { name: 'reports', everyMs: 2_000, run: refreshReports },
    { name: 'digest', everyMs: 5 * 60_000, run: digest },
    // Clocks at most twice a second: warnings and breaches fire well under a second late.
    { name: 'clocks', everyMs: 500, run: (db) => sweepClocks(db) },
    // P-2.4: no open case stays without an active owner for more than a few seconds.
    { name: 'owners', everyMs: 5_000, run: (db) => assignOwnerlessCases(db) },
    // Keep-in-touch touches are due by the day: looking every ten minutes is plenty.
    { name: 'keep-in-touch', everyMs: 10 * 60_000, run: (db) => sweepKeepInTouch(db) },
    // Leases that ran out (a worker died): pending again.
    { name: 'leases', everyMs: 2_000, run: (db) => reclaimExpired(db) },
    // Ended rate-limit windows.
    // Data past its retention period, finished jobs included (issue 14): every minute, in short batches
    // until done or 30 s are spent, beside the other sweeps (issue 15: at 1,000 complaints a second
    // thousands of jobs finish each second, and the clocks must not wait for the pruning).
    { name: 'retention', everyMs: 60_000, run: (db) => sweepRetention(db), background: true },
    { name: 'housekeeping', everyMs: 10 * 60_000, run: (db) => runHousekeeping(db) },
  ];
}

/**
 * The claim gather window. At a few hundred complaints a second each intake commit woke the
 * worker for a claim of one or two jobs: the claim, load and done statements per mail were
 * most of its cost. 10 ms keeps acknowledgements far inside their 100 ms.
 */
export const GATHER_MS = 10;

/** Delay before the next attempt: 5 s doubling to at most 15 minutes, with jitter. */
export function backoffMs(attempt: number): number {
  const base = Math.min(5_000 * 2 ** Math.max(0, attempt - 1), 15 * 60_000);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

export class Worker {
  readonly identity: WorkerIdentity;
  private running = false;
  private loop: Promise<void> | null = null;
  /** Lanes asleep until the next poll or wake. */
  private readonly sleepers = new Set<() => void>();
  /** Counts wakes: a lane that was woken while it worked looks again instead of sleeping. */
  private wakes = 0;
  private heartbeat: NodeJS.Timeout | null = null;
  private readonly sweeps: SweepRunner;
  /** Jobs being run now (the heartbeat renews their leases). */
  private inFlight = 0;
  /** When the last claim started, and whether it came back full (a backlog: the next claims at once). */
  private lastClaimAt = 0;
  private backlog = false;

  constructor(private readonly opts: WorkerOptions) {
    this.identity = opts.identity ?? workerIdentity(opts.config?.WORKER_ID);
    this.sweeps = new SweepRunner(opts.db, this.identity.id, opts.sweeps ?? defaultSweeps(opts.config), opts.log);
  }

  get id(): string {
    return this.identity.id;
  }

  private get lease(): number {
    return this.opts.leaseSeconds ?? this.opts.config?.JOB_LEASE_SECONDS ?? 15;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    // The heartbeat renews leases every third of a lease, independent of how long a job's await takes.
    this.heartbeat = setInterval(() => {
      if (this.inFlight === 0) return;
      renewLeases(this.opts.db, this.id, this.lease).catch((err: Error) => this.opts.log?.('heartbeat failed', { err: err.message }));
    }, (this.lease * 1000) / 3);
    this.heartbeat.unref();
    // Sweeps run beside the jobs, not between them: a long sweep (the reports' rollup after a
    // burst) must not hold back the acknowledgements waiting in the queue.
    this.loop = Promise.all([this.run(), this.sweepLoop()]).then(() => undefined);
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const s of [...this.sleepers]) s();
    await this.loop;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  /** The server learns its public URL only once it listens (PORT=0): links in mail use the latest. */
  useConfig(config: Config): void {
    this.opts.config = config;
  }

  /** Called after a commit that queued work: look now instead of at the next poll. */
  wake(): void {
    this.wakes++;
    // One idle lane looks; it calls the other in when it finds a full batch (a backlog), so a
    // trickle of commits costs one claim each, not one per lane.
    this.wakeOne();
  }

  private wakeOne(): void {
    const [first] = this.sleepers;
    first?.();
  }

  /** Runs the sweeps that are due, a few times a second, until the worker stops. */
  private async sweepLoop(): Promise<void> {
    while (this.running) {
      try {
        await this.sweeps.runDue();
      } catch (err) {
        this.opts.log?.('sweep loop error', { err: (err as Error).message });
      }
      if (this.running) await new Promise((r) => setTimeout(r, 100));
    }
    await this.sweeps.settle();
  }

  /**
   * Takes back an earlier incarnation's jobs, then runs the lanes. Two lanes claim and run
   * batches side by side: while one finishes its batch (the last sends, marking it done,
   * claiming and loading the next), the other's mail keeps the SMTP connections busy.
   * Mail waiting for a free connection is not yet `sending` (smtp-sender's slots), so the
   * at-most-once guarantee is the same with one lane or two.
   */
  private async run(): Promise<void> {
    while (this.running) {
      try {
        const n = await reclaimOwn(this.opts.db, this.identity, !!this.opts.soleWorker);
        if (n) this.opts.log?.('took back jobs of an earlier run', { worker: this.id, jobs: n });
        break;
      } catch (err) {
        this.opts.log?.('worker loop error', { err: (err as Error).message });
        await this.sleep(this.wakes);
      }
    }
    await Promise.all(Array.from({ length: Math.max(1, this.opts.lanes ?? 2) }, () => this.lane()));
  }

  private async lane(): Promise<void> {
    while (this.running) {
      const seen = this.wakes;
      let handled = 0;
      try {
        await this.gather();
        handled = await this.runOnce();
      } catch (err) {
        this.opts.log?.('worker loop error', { err: (err as Error).message });
      }
      if (handled === 0 && this.running) await this.sleep(seen);
    }
  }

  /** Waits out the gather window after the last claim, unless there is a backlog. */
  private async gather(): Promise<void> {
    const wait = this.lastClaimAt + (this.opts.gatherMs ?? GATHER_MS) - Date.now();
    if (wait > 0 && !this.backlog && this.running) await new Promise((r) => setTimeout(r, wait));
  }

  /** Until the next poll, or a wake (at once if one came since `seen`). */
  private async sleep(seen: number): Promise<void> {
    if (this.wakes !== seen || !this.running) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.sleepers.delete(done);
        resolve();
      };
      const t = setTimeout(done, this.opts.pollMs);
      this.sleepers.add(done);
    });
  }

  /** Claims one batch of due jobs and runs them; returns how many ran. */
  async runOnce(): Promise<number> {
    this.lastClaimAt = Date.now();
    const claimed = await claimDueJobs(this.opts.db, this.id, this.opts.batchSize ?? 50, this.lease);
    // A full batch: there is likely more, so an idle lane claims the next while this one runs.
    this.backlog = claimed.length >= (this.opts.batchSize ?? 50);
    if (this.backlog) this.wakeOne();
    this.inFlight += claimed.length;
    try {
      // Jobs of a batch are independent (each is idempotent): run them side by side — the kinds
      // with a batch handler in one call per kind — then mark the successful ones done in one statement
      // (but for those a batch handler marked done itself, JOB_COMPLETED).
      const grouped = new Map<JobKind, { job: ClaimedJob; payload: unknown }[]>();
      const singles: ClaimedJob[] = [];
      for (const job of claimed) {
        const parsed = BATCH_HANDLERS[job.kind as JobKind] ? parseJob(job.kind, job.payload) : null;
        if (parsed?.ok) grouped.set(parsed.kind, [...(grouped.get(parsed.kind) ?? []), { job, payload: parsed.payload }]);
        else singles.push(job);
      }
      const results = (await Promise.all([...singles.map((job) => this.execute(job)), ...[...grouped].map(([kind, jobs]) => this.executeBatch(kind, jobs))])).flat();
      const ok = results.filter((r): r is { id: number; ms: number; completed?: boolean } => r !== null);
      // Jobs a batch handler completed in its own statements are done already.
      await markDone(this.opts.db, this.id, ok.filter((r) => !r.completed).map((r) => r.id));
      for (const r of ok) this.opts.onJobDone?.({ id: r.id, kind: claimed.find((j) => Number(j.id) === r.id)!.kind, ok: true, ms: r.ms });
    } finally {
      this.inFlight -= claimed.length;
    }
    return claimed.length;
  }

  /** Runs the jobs of one kind through its batch handler; a failed one is retried or failed like a single job. */
  private async executeBatch(kind: JobKind, batch: { job: ClaimedJob; payload: unknown }[]): Promise<({ id: number; ms: number; completed: boolean } | null)[]> {
    const started = Date.now();
    const handler = BATCH_HANDLERS[kind] as (items: BatchItem<JobKind>[], ctx: object) => Promise<(Error | null | typeof JOB_COMPLETED)[]>;
    const jobs = batch.map((b) => b.job);
    const items = batch.map(({ job, payload }) => ({
      payload: payload as never,
      attempt: job.attempts,
      final: job.attempts >= job.max_attempts,
      job: { id: Number(job.id), by: this.id },
    }));
    let errors: (Error | null | typeof JOB_COMPLETED)[];
    try {
      errors = await handler(items, { db: this.opts.db, mailer: this.opts.mailer, config: this.opts.config ?? null });
    } catch (err) {
      errors = jobs.map(() => err as Error);
    }
    return Promise.all(
      jobs.map(async (job, i) => {
        const err = errors[i];
        if (!err || err === JOB_COMPLETED) return { id: Number(job.id), ms: Date.now() - started, completed: err === JOB_COMPLETED };
        await this.failed(job, err, started);
        return null;
      }),
    );
  }

  /** A job whose attempt threw: retried with backoff, or failed on its last attempt. */
  private async failed(job: ClaimedJob, err: Error, started: number): Promise<void> {
    const message = err.message?.slice(0, 2000) ?? String(err);
    this.opts.log?.('job failed', { id: job.id, kind: job.kind, attempt: job.attempts, err: message });
    if (job.attempts >= job.max_attempts) await markFailed(this.opts.db, this.id, Number(job.id), message);
    else await markRetry(this.opts.db, this.id, Number(job.id), message, backoffMs(job.attempts));
    this.opts.onJobDone?.({ id: Number(job.id), kind: job.kind, ok: false, ms: Date.now() - started });
  }

  /** Runs one job; returns its id when it succeeded (marked done with its batch), else null. */
  private async execute(job: ClaimedJob): Promise<{ id: number; ms: number } | null> {
    const started = Date.now();
    // STYLE 8: the payload is parsed before anything runs. An unknown kind or a bad payload
    // can never succeed, so the job fails at once with the reason instead of being retried.
    const parsed = parseJob(job.kind, job.payload);
    if (!parsed.ok) {
      this.opts.log?.('job rejected', { id: job.id, kind: job.kind, err: parsed.reason });
      await markFailed(this.opts.db, this.id, Number(job.id), parsed.reason);
      this.opts.onJobDone?.({ id: Number(job.id), kind: job.kind, ok: false, ms: Date.now() - started });
      return null;
    }
    const handler = HANDLERS[parsed.kind] as Handler<JobKind>;
    const final = job.attempts >= job.max_attempts;
    try {
      await handler(parsed.payload as never, { db: this.opts.db, mailer: this.opts.mailer, config: this.opts.config ?? null, attempt: job.attempts, final });
      return { id: Number(job.id), ms: Date.now() - started };
    } catch (err) {
      await this.failed(job, err as Error, started);
      return null;
    }
  }
}
