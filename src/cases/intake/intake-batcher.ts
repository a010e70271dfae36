// Group commit for intake: complaints that arrive while earlier ones are being
// written share the next commit. At low load a complaint is written alone and
// at once (no timer, no added delay); under load one commit carries many. A
// batch is two statements and no explicit transaction (no BEGIN, no COMMIT
// round trips): one identifies every complainant and draws the case numbers
// (committed asynchronously: nothing depends on it but the cases written next,
// whose commit makes it durable), one writes every row of every case — itself
// one atomic, synchronously committed transaction. Every caller still gets its
// answer only after its complaint is durably committed. If the batch fails, each
// complaint is retried alone, so one bad complaint never sinks others (a
// customer the failed batch made is simply found again).
import type { Db, Tx } from '../../db/client.ts';
import { Coalescer, ItemFailure } from '../../db/coalesce.ts';
import type { Actor, Services } from '../../context.ts';
import { detectFor, identifyAllFor, openCase, prepareCase, writeCases, type OpenCaseInput, type OpenedCase } from './open-case.ts';

/**
 * After a commit, the next batch waits up to this long (and at most half the commit's own
 * time) for the complainants just answered to come back, so callers arriving in turns share
 * one commit instead of alternating between two half-full ones (measured: at 8, 32 and 64
 * clients, batches of 4, 16 and 32 taking turns). A batch's fixed cost (two statements, about
 * 1 ms of Node and 1 ms of PostgreSQL CPU on 2 cores) is then shared by twice as many. A
 * complaint arriving when no commit ended within the window runs at once.
 */
export const INTAKE_LINGER_MS = 10;

interface Waiting {
  actor: Actor;
  input: OpenCaseInput;
  /** The complaint scored as it arrived, while the commit before it was in flight (off the batch's path). */
  detection: ReturnType<typeof detectFor>;
}

export interface IntakeBatcherOptions {
  /** Most complaints in one transaction. */
  maxBatch?: number;
  /** Transactions in flight at once (each holds one connection). */
  maxInFlight?: number;
  /**
   * Longest wait after a commit for its callers to come back before the next batch is written
   * (db/coalesce.ts; default INTAKE_LINGER_MS). 0: the next batch starts at once.
   */
  lingerMs?: number;
  /** Told the size of each batch written (the metrics' intake batch sizes). */
  onBatch?: (size: number) => void;
}

export class IntakeBatcher {
  private readonly coalescer: Coalescer<Waiting, OpenedCase>;
  private readonly onBatch?: (size: number) => void;
  /** Sizes of the batches written (for benchmarks and tests). */
  readonly batchSizes: number[] = [];

  constructor(
    private readonly db: Db,
    private readonly services: Services,
    opts: IntakeBatcherOptions = {},
  ) {
    this.coalescer = new Coalescer((batch) => this.write(batch), {
      maxBatch: opts.maxBatch ?? 50,
      maxInFlight: opts.maxInFlight ?? 2,
      lingerMs: opts.lingerMs ?? INTAKE_LINGER_MS,
    });
    this.onBatch = opts.onBatch;
  }

  /** Opens a case; resolves once it is committed, with what a single openCase would return. */
  open(actor: Actor, input: OpenCaseInput): Promise<OpenedCase> {
    return this.coalescer.call({ actor, input, detection: detectFor(input) });
  }

  private async write(batch: Waiting[]): Promise<(OpenedCase | ItemFailure)[]> {
    this.batchSizes.push(batch.length);
    this.onBatch?.(batch.length);
    if (this.batchSizes.length > 10_000) this.batchSizes.splice(0, 5_000);
    try {
      // The whole batch's customers and case numbers: one statement, committed alone.
      const pre = await identifyAllFor(
        this.db,
        this.services,
        batch.map((w) => w.input),
        batch.map((w) => w.detection),
      );
      const prepared = [];
      for (const [i, w] of batch.entries()) prepared.push(await prepareCase(this.db, this.services, w.actor, w.input, pre[i]));
      // Every row of every case, with the acknowledgement jobs: one statement, one transaction.
      await writeCases(this.db, prepared);
      this.services.wakeWorker();
      return prepared.map((p) => p.opened);
    } catch (err) {
      if (batch.length === 1) return [new ItemFailure(err)];
      // Something in the batch failed: give every complaint its own transaction.
      const results: (OpenedCase | ItemFailure)[] = [];
      for (const w of batch) {
        try {
          results.push(await this.db.transaction((t) => openCase(t as Tx, w.actor, { ...w.input }, { services: this.services })));
        } catch (e) {
          results.push(new ItemFailure(e));
        }
      }
      this.services.wakeWorker();
      return results;
    }
  }
}
