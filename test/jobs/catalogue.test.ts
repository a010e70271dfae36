// The job catalogue (src/db/jobs.ts): every kind has a schema, enqueueing checks
// the payload, and intake's jobs come from the same row builder as every other.
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { JOB_CATALOGUE, enqueue, jobRow, parseJob, type JobKind } from '../../src/db/jobs.ts';
import { HANDLERS } from '../../src/jobs/handlers.ts';
import { TARGETS, openTestDatabase } from '../helpers/db.ts';
import { createTestApp } from '../helpers/app.ts';
import { queryRows } from '../../src/db/client.ts';

const ID = '0190a3c2-7d4e-7abc-8def-0123456789ab';

describe('job catalogue', () => {
  it('has a handler for every kind and a kind for every handler', () => {
    expect(Object.keys(HANDLERS).sort()).toEqual(Object.keys(JOB_CATALOGUE).sort());
  });

  it('parses payloads of ids; says which kind and what is wrong otherwise', () => {
    expect(parseJob('message.send', { messageId: ID })).toEqual({ ok: true, kind: 'message.send', payload: { messageId: ID } });
    // A key a newer release adds is dropped, not fatal (workers of two releases share one table).
    expect(parseJob('bonus.remind', { bonusId: ID, extra: 1 })).toEqual({ ok: true, kind: 'bonus.remind', payload: { bonusId: ID } });
    expect(parseJob('follow_up.due', { followUpId: 42 })).toEqual({ ok: false, reason: expect.stringMatching(/^bad payload for job kind follow_up\.due: followUpId: /) });
    expect(parseJob('follow_up.due', null)).toMatchObject({ ok: false });
    expect(parseJob('toString', {})).toEqual({ ok: false, reason: 'unknown job kind "toString"' });
  });

  it('builds rows with the defaults enqueue always used, and refuses a bad payload', () => {
    const runAt = new Date('2030-01-01T00:00:00Z');
    expect(jobRow('touch.send', { touchId: ID })).toEqual({ kind: 'touch.send', payload: { touchId: ID }, dedupeKey: null, maxAttempts: 10 });
    expect(jobRow('touch.send', { touchId: ID }, { runAt, dedupeKey: `touch.send:${ID}`, maxAttempts: 3 })).toEqual({
      kind: 'touch.send',
      payload: { touchId: ID },
      runAt,
      dedupeKey: `touch.send:${ID}`,
      maxAttempts: 3,
    });
    expect(() => jobRow('message.send', { messageId: 'nope' })).toThrow(/message\.send: messageId/);
    expect(() => jobRow('nope' as JobKind, { x: 1 } as never)).toThrow(/unknown job kind "nope"/);
  });
});

describe.each(TARGETS)('enqueueing on %s', (target) => {
  it('enqueue writes nothing for a bad payload; intake queues its acknowledgement through the catalogue', async () => {
    const database = await openTestDatabase(target);
    try {
      await expect(database.db.transaction((tx) => enqueue(tx, 'bonus.expire', { bonusId: 'x' }))).rejects.toThrow(/bonus\.expire: bonusId/);
      const [n] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from jobs`);
      expect(n!.n).toBe(0);
    } finally {
      await database.close();
    }
    const t = await createTestApp(target);
    try {
      const filed = await t.call(null, 'POST', '/api/v1/public/complaints', { email: 'queued@example.com', body: 'The lid is cracked.' });
      expect(filed.statusCode).toBe(201);
      const jobs = await queryRows<{ kind: string; payload: unknown; dedupe_key: string; max_attempts: number; due: boolean }>(
        t.database.db,
        sql`select kind, payload, dedupe_key, max_attempts, run_at <= now() as due from jobs`,
      );
      expect(jobs).toHaveLength(1);
      const [job] = jobs;
      expect(parseJob(job!.kind, job!.payload)).toMatchObject({ ok: true, kind: 'message.send' });
      expect(job).toMatchObject({ dedupe_key: `message.send:${(job!.payload as { messageId: string }).messageId}`, max_attempts: 10, due: true });
    } finally {
      await t.close();
    }
  });
});
