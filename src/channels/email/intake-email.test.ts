import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { INTAKE_LINGER_MS } from '../../cases/intake/intake-batcher.ts';
import { fastBatchOptions } from './intake-email.ts';

// What a linger does to a coalescer's batches is test/db/coalesce.test.ts's ("with a linger"):
// here, only that the email fast path's batches are configured as web intake's are.
describe('the fast path of inbound email batches as web intake does', () => {
  it('lingers after a commit as web intake does, with the configured transactions in flight', () => {
    const opts = fastBatchOptions({ config: loadConfig({ INTAKE_IN_FLIGHT: '3' } as never), wakeWorker: () => {} });
    expect(opts).toEqual({ maxInFlight: 3, maxBatch: 50, lingerMs: INTAKE_LINGER_MS });
    expect(INTAKE_LINGER_MS).toBeGreaterThan(0);
  });
});
