// The dashboard's read model (GET /api/v1/dashboard): every figure the screen
// shows, counted by the database over all open cases, checked against the
// cases the test made and against the queue's own list; and who may see it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';
import { queryRows } from '../../src/db/client.ts';

const eur = (amount: string) => ({ amount, currency: 'EUR' });

describe.each(TARGETS)('dashboard on %s', (target) => {
  let t: TestApp;
  const ids: string[] = [];
  beforeAll(async () => {
    t = await createTestApp(target);
    const made = [
      { channel: 'email', body: 'This is outrageous!!! Third time the delivery is late and nobody answers. I want the manager NOW.', priority: 'urgent' },
      { channel: 'email', body: 'The invoice shows the wrong VAT number, please correct it.' },
      { channel: 'phone', body: 'The printer smeared the logo on half the leaflets.', priority: 'high' },
      { channel: 'review', body: 'Waiting two weeks for a reply, terrible service, I will never order again!!!' },
      { channel: 'chat', body: 'Thank you, just a question about opening hours.', priority: 'low' },
    ];
    for (const [i, c] of made.entries()) {
      const r = await t.call('agent', 'POST', '/api/v1/cases', { ...c, customer: { email: `d${i}@example.com` } });
      expect(r.statusCode).toBe(201);
      ids.push(r.data.id);
    }
    // A resolved case counts nowhere on the dashboard.
    expect((await t.call('agent', 'POST', `/api/v1/cases/${ids[4]}/resolve`, {})).statusCode).toBe(200);
    // Commitments: one broken, one past due, one due tomorrow (not overdue), one past due on the resolved case.
    const due = new Date(Date.now() + 86_400_000).toISOString();
    const commit = async (caseId: string) => (await t.call('agent', 'POST', `/api/v1/cases/${caseId}/commitments`, { description: 'Call back', dueAt: due })).data;
    for (const caseId of [ids[0]!, ids[1]!, ids[2]!, ids[4]!]) expect(await commit(caseId)).toBeTruthy();
    const db = t.database.db;
    await db.execute(sql`update commitments set status = 'broken' where case_id = ${ids[0]}`);
    await db.execute(sql`update commitments set due_at = now() - interval '1 hour' where case_id in (${ids[1]}, ${ids[4]})`);
    // Clocks: the other open cases' running clocks far from due; every running clock of case 0 past due (breached), of case 1 inside its warning time (at risk).
    await db.execute(sql`update clocks set warn_at = now() + interval '1 day', due_at = now() + interval '2 days' where case_id not in (${ids[0]}, ${ids[1]}) and status = 'running'`);
    await db.execute(sql`update clocks set due_at = now() - interval '1 minute' where case_id = ${ids[0]} and status = 'running'`);
    await db.execute(sql`update clocks set warn_at = now() - interval '1 minute', due_at = now() + interval '1 hour' where case_id = ${ids[1]} and status = 'running'`);
    // A compensation above the agent's limit waits for a supervisor.
    const big = await t.call('agent', 'POST', `/api/v1/cases/${ids[2]}/compensations`, { kind: 'refund', value: eur('300.00'), description: 'Refund of the leaflets' });
    expect(big.data.status).toBe('pending_approval');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('counts the open cases by status, priority and channel, and agrees with the queue', async () => {
    const r = await t.call('agent', 'GET', '/api/v1/dashboard');
    expect(r.statusCode).toBe(200);
    const d = r.data;
    const queue = (await t.call('agent', 'GET', '/api/v1/cases?status=new,acknowledged,understood,resolving&limit=200')).data.items as { status: string; priority: string; channel: string; dissatisfaction: { score: number } | null; createdAt: string }[];
    expect(queue).toHaveLength(4);
    expect(d.open).toBe(4);
    const count = (pick: (c: (typeof queue)[number]) => string) => queue.reduce<Record<string, number>>((m, c) => ({ ...m, [pick(c)]: (m[pick(c)] ?? 0) + 1 }), {});
    const byStatus = count((c) => c.status);
    expect(d.byStatus.map((s: { status: string }) => s.status)).toEqual(['new', 'acknowledged', 'understood', 'resolving']);
    for (const s of d.byStatus) expect(s.count).toBe(byStatus[s.status] ?? 0);
    const byPriority = count((c) => c.priority);
    expect(d.byPriority).toEqual(['low', 'normal', 'high', 'urgent'].map((priority) => ({ priority, count: byPriority[priority] ?? 0 })));
    expect(d.byPriority.find((p: { priority: string }) => p.priority === 'urgent').count).toBeGreaterThan(0);
    expect(d.byChannel).toEqual([
      { channel: 'email', count: 2 },
      { channel: 'phone', count: 1 },
      { channel: 'review', count: 1 },
    ]);
    const scored = queue.filter((c) => c.dissatisfaction);
    expect(d.dissatisfaction).toEqual({ scored: scored.length, dissatisfied: scored.filter((c) => c.dissatisfaction!.score >= 0.5).length });
    expect(d.dissatisfaction.dissatisfied).toBeGreaterThan(0);
    expect(d.oldestOpenAt).toBe(queue.map((c) => c.createdAt).sort()[0]);
  });

  it('counts overdue commitments and breached and at-risk clocks on open cases only', async () => {
    const d = (await t.call('agent', 'GET', '/api/v1/dashboard')).data;
    expect(d.overdueCommitments).toBe(2);
    const [clocks] = await queryRows<{ breached: number; at_risk: number }>(t.database.db, sql`select
        count(*) filter (where case_id = ${ids[0]} and status = 'running')::int as breached,
        count(*) filter (where case_id = ${ids[1]} and status = 'running')::int as at_risk
      from clocks`);
    expect(clocks!.breached).toBeGreaterThan(0);
    expect(clocks!.at_risk).toBeGreaterThan(0);
    expect(d.clocks).toEqual({ breached: clocks!.breached, atRisk: clocks!.at_risk });
  });

  it('shows pending approvals only to roles that decide compensation', async () => {
    expect((await t.call('agent', 'GET', '/api/v1/dashboard')).data.pendingApprovals).toBeNull();
    for (const role of ['supervisor', 'head', 'admin'] as const) {
      expect((await t.call(role, 'GET', '/api/v1/dashboard')).data.pendingApprovals).toBe(1);
    }
  });

  it('refuses anyone not signed in', async () => {
    const r = await t.call(null, 'GET', '/api/v1/dashboard');
    expect(r.statusCode).toBe(401);
  });

  it('is in the OpenAPI document with its full schema', async () => {
    const doc = (await t.call(null, 'GET', '/api/openapi.json')).data;
    const op = doc.paths['/api/v1/dashboard'].get;
    expect(op.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/Dashboard');
    expect(Object.keys(doc.components.schemas.Dashboard.properties).sort()).toEqual(['byChannel', 'byPriority', 'byStatus', 'clocks', 'dissatisfaction', 'oldestOpenAt', 'open', 'overdueCommitments', 'pendingApprovals']);
    expect(doc.components.schemas.Dashboard.additionalProperties).toBe(false);
  });
});
