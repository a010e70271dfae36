import { describe, expect, it, vi } from 'vitest';
import { Coalescer } from '../../db/coalesce.ts';
import { loadConfig } from '../../config.ts';
import { fastBatchOptions } from './intake-email.ts';

describe('the fast path of inbound email batches as web intake does', () => {
  it('lingers after a commit, so a mail server answered just now shares the next batch instead of taking turns', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const batches: number[][] = [];
      let release: () => void = () => {};
      const c = new Coalescer<number, number>(
        async (items) => {
          batches.push(items);
          if (batches.length === 1) await new Promise<void>((r) => (release = r));
          return items;
        },
        { ...fastBatchOptions({ config: loadConfig({ INTAKE_IN_FLIGHT: '1' } as never), wakeWorker: () => {} }) },
      );
      const calls = [c.call(1), c.call(2)];
      vi.advanceTimersByTime(40);
      release();
      await new Promise((r) => setImmediate(r));
      // Mail 1 was answered; mail 2 waits for its connection to come back rather than running alone.
      expect(batches).toEqual([[1]]);
      calls.push(c.call(3));
      expect(batches).toEqual([[1], [2, 3]]);
      expect(await Promise.all(calls)).toEqual([1, 2, 3]);
    } finally {
      vi.useRealTimers();
    }
  });
});
