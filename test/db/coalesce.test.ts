// Group commit for small statements (src/db/coalesce.ts): alone at once at low load, shared
// while one is in flight, each caller answered with its own result, a failure only its batch's.
import { describe, expect, it, vi } from 'vitest';
import { Coalescer, ItemFailure } from '../../src/db/coalesce.ts';

describe('Coalescer', () => {
  it('runs a lone call at once and gathers the calls that arrive while one is in flight', async () => {
    const batches: number[][] = [];
    let release: () => void = () => {};
    const c = new Coalescer<number, number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await new Promise<void>((r) => (release = r));
      return items.map((x) => x * 10);
    });
    const first = c.call(1);
    await Promise.resolve();
    expect(batches).toEqual([[1]]); // no timer, no waiting for company
    const rest = [2, 3, 4].map((x) => c.call(x));
    expect(batches).toHaveLength(1); // one statement at a time
    release();
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('rejects only the calls of a failing batch and carries on', async () => {
    let n = 0;
    let release: () => void = () => {};
    const c = new Coalescer<string, string>(async (items) => {
      n++;
      if (n === 1) await new Promise<void>((r) => (release = r));
      if (items.includes('bad')) throw new Error('statement failed');
      return items.map((x) => x.toUpperCase());
    });
    const a = c.call('a');
    const b = c.call('bad');
    const d = c.call('d');
    release();
    expect(await a).toBe('A');
    await expect(b).rejects.toThrow('statement failed');
    await expect(d).rejects.toThrow('statement failed');
    expect(await c.call('e')).toBe('E');
  });

  it('keeps at most maxBatch items in one statement and maxInFlight statements at once', async () => {
    const sizes: number[] = [];
    let running = 0;
    let most = 0;
    const c = new Coalescer<number, number>(
      async (items) => {
        running++;
        most = Math.max(most, running);
        sizes.push(items.length);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        return items;
      },
      { maxBatch: 3, maxInFlight: 2 },
    );
    const out = await Promise.all(Array.from({ length: 10 }, (_, i) => c.call(i)));
    expect(out).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(3);
    expect(most).toBe(2);
  });
  it('rejects only the item a shared statement answered with an ItemFailure', async () => {
    const c = new Coalescer<number, number>(async (items) => items.map((x) => (x < 0 ? new ItemFailure(new Error(`bad ${x}`)) : x + 1)));
    const results = await Promise.allSettled([1, -2, 3].map((x) => c.call(x)));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([2, 'bad -2', 4]);
  });

  describe('with a linger (intake)', () => {
    const settle = () => new Promise((r) => setImmediate(r));
    /** A coalescer whose first statement runs until released, 40 ms of (fake) time later. */
    const slowFirst = (lingerMs: number) => {
      const batches: number[][] = [];
      let release: () => void = () => {};
      const c = new Coalescer<number, number>(
        async (items) => {
          batches.push(items);
          if (batches.length === 1) await new Promise<void>((r) => (release = r));
          return items;
        },
        { lingerMs },
      );
      return { c, batches, finishFirst: async () => (vi.advanceTimersByTime(40), release(), await settle()) };
    };

    it('waits for the callers just answered to come back, so they share the next statement instead of taking turns', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
      try {
        const { c, batches, finishFirst } = slowFirst(2);
        const calls = [c.call(1), c.call(2)];
        await finishFirst();
        // 1 was answered; 2 waits for it (two callers were active) instead of running alone.
        expect(batches).toEqual([[1]]);
        calls.push(c.call(3)); // the first caller, back
        expect(batches).toEqual([[1], [2, 3]]);
        expect(await Promise.all(calls)).toEqual([1, 2, 3]);
      } finally {
        vi.useRealTimers();
      }
    });

    it('waits at most lingerMs, and never without one', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
      try {
        const lingering = slowFirst(2);
        const calls = [lingering.c.call(1), lingering.c.call(2)];
        await lingering.finishFirst();
        expect(lingering.batches).toEqual([[1]]);
        vi.advanceTimersByTime(2); // nobody came back
        expect(lingering.batches).toEqual([[1], [2]]);
        await Promise.all(calls);

        const eager = slowFirst(0);
        const more = [eager.c.call(1), eager.c.call(2)];
        await eager.finishFirst();
        expect(eager.batches).toEqual([[1], [2]]);
        await Promise.all(more);
      } finally {
        vi.useRealTimers();
      }
    });
  });
});
