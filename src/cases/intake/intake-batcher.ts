// Group commit for intake: complaints that arrive while earlier ones are being
// written share the next transaction and a single multi-row INSERT. At low
// load a complaint is written alone and at once (no timer, no added delay);
// under load one commit carries many. Every caller still gets its answer only
// after its complaint is durably committed. If a shared transaction fails,
// each complaint is retried alone, so one bad complaint never sinks others.
import type { Db, Tx } from '../../db/client.ts';
import type { Actor, Services } from '../../context.ts';
import { identifyAllFor, openCase, prepareCase, writeCases, type OpenCaseInput, type OpenedCase } from './open-case.ts';

interface Waiting {
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
  /** Told the size of each batch written (the metrics' intake batch sizes). */
  onBatch?: (size: number) => void;
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
    this.onBatch = opts.onBatch;
  }

  private readonly onBatch?: (size: number) => void;

  /** Opens a case; resolves once it is committed, with what a single openCase would return. */
  async open(actor: Actor, input: OpenCaseInput): Promise<OpenedCase> {
    return new Promise((resolve, reject) => {
      this.queue.push({ actor, input, resolve, reject });
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
    this.onBatch?.(batch.length);
    if (this.batchSizes.length > 10_000) this.batchSizes.splice(0, 5_000);
    try {
      const opened = await this.db.transaction(async (t) => {
        const tx = t as Tx;
        // The whole batch's customers and case numbers: one statement, in this transaction.
        const pre = await identifyAllFor(tx, this.services, batch.map((w) => w.input));
        const prepared = [];
        for (const [i, w] of batch.entries()) prepared.push(await prepareCase(tx, this.services, w.actor, w.input, pre[i]));
        await writeCases(tx, prepared);
        return prepared.map((p) => p.opened);
      });
      batch.forEach((w, i) => w.resolve(opened[i]!));
      this.services.wakeWorker();
    } catch (err) {
      if (batch.length === 1) {
        batch[0]!.reject(err);
        return;
      }
      // Something in the batch failed: give every complaint its own transaction.
      for (const w of batch) {
        try {
          w.resolve(await this.db.transaction((t) => openCase(t as Tx, w.actor, { ...w.input }, { services: this.services })));
        } catch (e) {
          w.reject(e);
        }
      }
      this.services.wakeWorker();
    }
  }
}
