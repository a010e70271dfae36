// The queue's orders through the API: every sort pages by cursor without a
// gap or a repeat; "deadline" puts the clock nearest to breach first (cases
// without a running clock last) and follows the clocks as they are met;
// "dissatisfaction" puts the angriest first. A cursor only fits its own sort.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';

type Row = { id: string; number: string; priority: string; nextDueAt: string | null; dissatisfaction: { score: number } | null; createdAt: string };

describe.each(TARGETS)('queue sorts on %s', (target) => {
  let t: TestApp;
  const bodies = [
    'The invoice shows the wrong VAT number, please correct it.',
    'This is outrageous!!! Third time the delivery is late and nobody answers. I want the manager NOW.',
    'The bags arrived a day late, a bit annoying.',
    'I will go to the ombudsman and post about this on every forum — the order is wrong AGAIN!!!',
    'Thank you, just a question about opening hours.',
    'The printer smeared the logo on half the leaflets.',
    'Waiting two weeks for a reply, terrible service.',
  ];
  beforeAll(async () => {
    t = await createTestApp(target);
    for (const [i, body] of bodies.entries()) {
      const r = await t.call('agent', 'POST', '/api/v1/cases', {
        channel: i % 2 ? 'email' : 'review',
        customer: { email: `q${i}@example.com` },
        body,
        priority: i === 4 ? 'low' : i === 3 ? 'urgent' : undefined,
      });
      expect(r.statusCode).toBe(201);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  const all = async (sort: string, limit: number): Promise<Row[]> => {
    const out: Row[] = [];
    let cursor: string | null = null;
    for (let guard = 0; guard < 50; guard++) {
      const r = await t.call('agent', 'GET', `/api/v1/cases?status=new,acknowledged,understood,resolving&sort=${sort}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.statusCode).toBe(200);
      out.push(...r.data.items);
      cursor = r.data.nextCursor;
      if (!cursor) return out;
    }
    throw new Error('paging did not end');
  };

  it('pages every sort by cursor: the same cases as one page, in the same order, none twice', async () => {
    for (const sort of ['priority', 'oldest', 'newest', 'deadline', 'dissatisfaction']) {
      const whole = (await all(sort, 200)).map((r) => r.id);
      expect(whole.length).toBe(bodies.length);
      expect((await all(sort, 2)).map((r) => r.id)).toEqual(whole);
      expect(new Set(whole).size).toBe(whole.length);
    }
  });

  it('deadline: nearest to breach first; meeting a clock moves the case back; resolved cases have none', async () => {
    let rows = await all('deadline', 200);
    const dues = rows.map((r) => r.nextDueAt);
    expect(dues.every((d) => d !== null)).toBe(true);
    expect([...dues].sort()).toEqual(dues);
    // The first personal reply meets the response clocks of the first case: its next deadline moves later.
    const first = rows[0]!;
    await t.call('agent', 'POST', `/api/v1/cases/${first.id}/messages`, { direction: 'outbound', channel: 'email', body: 'I am sorry — I am on it personally and will call you today.' });
    const after = (await t.call('agent', 'GET', `/api/v1/cases?q=${first.number}`)).data.items[0] as Row;
    expect(Date.parse(after.nextDueAt!)).toBeGreaterThan(Date.parse(first.nextDueAt!));
    rows = await all('deadline', 200);
    expect(rows[0]!.id).not.toBe(first.id);
    // Resolving meets every clock: nothing presses any more.
    await t.call('agent', 'POST', `/api/v1/cases/${first.id}/resolve`, {});
    const resolved = (await t.call('agent', 'GET', `/api/v1/cases?q=${first.number}`)).data.items[0] as Row;
    expect(resolved.nextDueAt).toBeNull();
  });

  it('dissatisfaction: the angriest first, unscored last', async () => {
    const rows = await all('dissatisfaction', 3);
    const scores = rows.map((r) => r.dissatisfaction?.score ?? -1);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(rows[0]!.dissatisfaction!.score).toBeGreaterThan(0.5);
    expect(rows.at(-1)!.dissatisfaction?.score ?? 0).toBeLessThan(0.5);
  });

  it('a complaint without a subject shows its first sentence in the queue, and search finds it', async () => {
    const found = await t.call('agent', 'GET', `/api/v1/cases?q=${encodeURIComponent('outrageous')}`);
    expect(found.data.items.map((r: { subject: string }) => r.subject)).toEqual(['This is outrageous!!!']);
    const vat = await t.call('agent', 'GET', '/api/v1/cases?q=VAT');
    expect(vat.data.items[0].subject).toBe('The invoice shows the wrong VAT number, please correct it.');
  });

  it('involving me: the cases I own and those I joined, in one priority order across statuses, paged without gap or repeat', async () => {
    const open = await all('priority', 200);
    expect(open.length).toBeGreaterThanOrEqual(5);
    const me = t.users.supervisor.id;
    // Own two cases (the queue's first among them), join two others; the rest stay someone else's.
    const urgent = open[0]!;
    const rest = open.filter((r) => r.id !== urgent.id);
    for (const c of [urgent, rest[2]!]) expect((await t.call('supervisor', 'POST', `/api/v1/cases/${c.id}/take-over`, { reason: 'mine now' })).statusCode).toBe(200);
    for (const c of [rest[0]!, rest[4]!]) expect((await t.call('supervisor', 'POST', `/api/v1/cases/${c.id}/participants`, { reason: 'helping' })).statusCode).toBe(200);
    const page = async (limit: number) => {
      const out: (Row & { ownerId: string })[] = [];
      let cursor: string | null = null;
      for (let guard = 0; guard < 20; guard++) {
        const r = await t.call('supervisor', 'GET', `/api/v1/cases?involving=me&status=new,acknowledged,understood,resolving&sort=priority&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
        expect(r.statusCode).toBe(200);
        out.push(...r.data.items);
        cursor = r.data.nextCursor;
        if (!cursor) return out;
      }
      throw new Error('paging did not end');
    };
    const whole = await page(200);
    // Exactly mine and the joined ones, in the queue's own order (the whole queue's order, filtered).
    const expected = (await all('priority', 200)).filter((r) => [urgent.id, rest[2]!.id, rest[0]!.id, rest[4]!.id].includes(r.id)).map((r) => r.id);
    expect(whole.map((r) => r.id)).toEqual(expected);
    expect(whole[0]!.id).toBe(urgent.id);
    expect(whole.filter((r) => r.ownerId === me).length).toBe(2);
    expect((await page(1)).map((r) => r.id)).toEqual(expected);
  });

  it('a cursor fits only the sort that gave it out', async () => {
    const page = await t.call('agent', 'GET', '/api/v1/cases?sort=deadline&limit=1');
    const wrong = await t.call('agent', 'GET', `/api/v1/cases?sort=priority&limit=1&cursor=${page.data.nextCursor}`);
    expect([wrong.statusCode, wrong.data.error.code]).toEqual([400, 'INVALID_CURSOR']);
    const bad = await t.call('agent', 'GET', '/api/v1/cases?sort=nearest');
    expect(bad.statusCode).toBe(400);
  });
});
