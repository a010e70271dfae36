// Group commit for small hot statements (the acknowledgement worker's "sending" marks and
// settles, the shared rate-limit counters): calls that arrive while one statement is in
// flight share the next one. At low load a call runs alone and at once (no timer, no
// added delay); under load one statement carries many. Every caller gets its own answer
// only after the statement that carried it has finished (for a write: committed).

/** An item's own failure inside a shared statement's answer: only that caller is rejected. */
export class ItemFailure {
  constructor(readonly error: unknown) {}
}

export class Coalescer<In, Out> {
  private queue: { item: In; resolve: (o: Out) => void; reject: (e: unknown) => void }[] = [];
  private inFlight = 0;

  /**
   * `run` gets the gathered items and answers one result per item, in their order (an
   * `ItemFailure` rejects that item alone; a thrown error rejects them all).
   * `maxInFlight` statements run at once (each holds a connection); `maxBatch` items at most in one.
   */
  constructor(
    private readonly run: (items: In[]) => Promise<(Out | ItemFailure)[]>,
    private readonly opts: { maxInFlight?: number; maxBatch?: number } = {},
  ) {}

  /** Resolves with this item's result once the statement carrying it has finished. */
  call(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < (this.opts.maxInFlight ?? 1) && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.opts.maxBatch ?? 500);
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
