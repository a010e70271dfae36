// Group commit for intake: complaints that arrive while earlier ones are being
// written share the next transaction and a single multi-row INSERT. At low
// load a complaint is written alone and at once (no timer, no added delay);
// under load one commit carries many. Every caller still gets its answer only
// after its complaint is durably committed. If a shared transaction fails,
// each complaint is retried alone, so one bad complaint never sinks others.
import type { Db, Tx } from '../db/client.ts';
import type { Actor, Services } from './context.ts';
import { openCase, prepareCase, writeCases, type OpenCaseInput, type OpenedCase, type PreparedCase } from './open-case.ts';

/**
 * A channel's own part of the transaction: `before` runs first (take a lock; false = nothing to
 * do, the complaint is dropped and its caller hears IntakeSkipped), `after` writes its rows.
 */
export interface IntakeHooks {
  before?: (tx: Tx) => Promise<boolean>;
  after?: (tx: Tx, opened: OpenedCase) => Promise<void>;
}

/** The `before` hook said there is nothing to do (someone else did it). */
export class IntakeSkipped extends Error {}

interface Waiting extends IntakeHooks {
  actor: Actor;
  input: OpenCaseInput;
  resolve: (o: OpenedCase) => void;
  reject: (e: unknown) => void;
}

export interface IntakeBatcherOptions {
  /** Most complaints in one transaction. */
  maxBatch?: number;
  /** Transactions in flight at once (each holds one connection). */
  maxInFlight?: number;
}

export class IntakeBatcher {
  private readonly queue: Waiting[] = [];
  private inFlight = 0;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;
  /** Sizes of the batches written (for benchmarks and tests). */
  readonly batchSizes: number[] = [];

  constructor(
    private readonly db: Db,
    private readonly services: Services,
    opts: IntakeBatcherOptions = {},
  ) {
    this.maxBatch = opts.maxBatch ?? 50;
    this.maxInFlight = opts.maxInFlight ?? 2;
  }

  /** Opens a case; resolves once it is committed, with what a single openCase would return. */
  open(actor: Actor, input: OpenCaseInput, hooks: IntakeHooks = {}): Promise<OpenedCase> {
    return new Promise((resolve, reject) => {
      this.queue.push({ actor, input, ...hooks, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight++;
      void this.write(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async write(batch: Waiting[]): Promise<void> {
    this.batchSizes.push(batch.length);
    if (this.batchSizes.length > 10_000) this.batchSizes.splice(0, 5_000);
    try {
      const opened = await this.db.transaction(async (t) => {
        const tx = t as Tx;
        const go: boolean[] = [];
        for (const w of batch) go.push(w.before ? await w.before(tx) : true);
        const todo = batch.filter((_, i) => go[i]);
        const prepared: PreparedCase[] = [];
        for (const w of todo) prepared.push(await prepareCase(tx, this.services, w.actor, w.input));
        if (prepared.length) await writeCases(tx, prepared);
        for (const [i, w] of todo.entries()) await w.after?.(tx, prepared[i]!.opened);
        let k = 0;
        return go.map((ok) => (ok ? prepared[k++]!.opened : null));
      });
      batch.forEach((w, i) => (opened[i] ? w.resolve(opened[i]) : w.reject(new IntakeSkipped())));
      this.services.wakeWorker();
    } catch (err) {
      if (batch.length === 1) {
        batch[0]!.reject(err);
        return;
      }
      // Something in the batch failed: give every complaint its own transaction.
      for (const w of batch) {
        try {
          const opened = await this.db.transaction(async (t) => {
            if (w.before && !(await w.before(t as Tx))) return null;
            const o = await openCase(t as Tx, this.services, w.actor, w.input);
            await w.after?.(t as Tx, o);
            return o;
          });
          if (opened) w.resolve(opened);
          else w.reject(new IntakeSkipped());
        } catch (e) {
          w.reject(e);
        }
      }
      this.services.wakeWorker();
    }
  }
}
