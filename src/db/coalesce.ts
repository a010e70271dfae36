// Group commit for small hot statements (the acknowledgement worker's "sending" marks and
// settles, the shared rate-limit counters, intake): calls that arrive while one statement is
// in flight share the next one. At low load a call runs alone and at once (no timer, no
// added delay); under load one statement carries many. Every caller gets its own answer
// only after the statement that carried it has finished (for a write: committed).
//
// `lingerMs` (intake): callers answered by a statement often come straight back (a busy
// form, a mail server's pipe). Run at once, the next statement would carry only those who
// waited meanwhile, and the callers split into two groups taking turns, each statement
// half as full as it could be. With a linger the next statement waits, at most `lingerMs`
// after the last one finished (and at most half that statement's own time), until
// as many callers wait as were active then; a call arriving later than that runs at once.

/** An item's own failure inside a shared statement's answer: only that caller is rejected. */
export class ItemFailure {
  constructor(readonly error: unknown) {}
}

export interface CoalescerOptions {
  /** Statements running at once (each holds a connection); default 1. */
  maxInFlight?: number;
  /** Most items in one statement; default 500. */
  maxBatch?: number;
  /** Longest wait for the callers of the last statement to come back (default 0: none). */
  lingerMs?: number;
}

export class Coalescer<In, Out> {
  private queue: { item: In; resolve: (o: Out) => void; reject: (e: unknown) => void }[] = [];
  private inFlight = 0;
  /** Linger: until when (performance.now()) the next statement waits for company, and for how many. */
  private lingerUntil = 0;
  private expect = 0;
  private timer: NodeJS.Timeout | null = null;

  /**
   * `run` gets the gathered items and answers one result per item, in their order (an
   * `ItemFailure` rejects that item alone; a thrown error rejects them all).
   */
  constructor(
    private readonly run: (items: In[]) => Promise<(Out | ItemFailure)[]>,
    private readonly opts: CoalescerOptions = {},
  ) {}

  /** Resolves with this item's result once the statement carrying it has finished. */
  call(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    const maxBatch = this.opts.maxBatch ?? 500;
    while (this.inFlight < (this.opts.maxInFlight ?? 1) && this.queue.length > 0) {
      if (this.lingerUntil > 0) {
        const left = this.lingerUntil - performance.now();
        if (left > 0 && this.queue.length < Math.min(this.expect, maxBatch)) {
          this.timer ??= setTimeout(() => {
            this.timer = null;
            this.lingerUntil = 0;
            this.pump();
          }, Math.ceil(left));
          return;
        }
        this.lingerUntil = 0;
      }
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = null;
      }
      const batch = this.queue.splice(0, maxBatch);
      const started = performance.now();
      this.inFlight++;
      this.run(batch.map((w) => w.item))
        .then(
          (out) =>
            batch.forEach((w, i) => {
              const o = out[i]!;
              if (o instanceof ItemFailure) w.reject(o.error);
              else w.resolve(o);
            }),
          (err) => batch.forEach((w) => w.reject(err)),
        )
        .finally(() => {
          this.inFlight--;
          const linger = this.opts.lingerMs ?? 0;
          // Callers answered just now may come back at once: the next statement waits briefly for them.
          if (linger > 0) {
            const now = performance.now();
            this.lingerUntil = now + Math.min(linger, (now - started) / 2);
            this.expect = batch.length + this.queue.length;
          }
          this.pump();
        });
    }
  }
}

/** One coalescer per owner object (a database handle), made on first use. */
export function coalescerFor<K extends object, In, Out>(cache: WeakMap<K, Coalescer<In, Out>>, key: K, make: () => Coalescer<In, Out>): Coalescer<In, Out> {
  let c = cache.get(key);
  if (!c) cache.set(key, (c = make()));
  return c;
}
