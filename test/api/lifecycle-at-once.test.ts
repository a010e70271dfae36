// The lifecycle's verbs run as one statement on the pool when they can (http/mutate.ts
// mutateAtOnce): whatever does not fit that statement runs in the transaction as before,
// with the same answers and error codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';
import { queryRows } from '../../src/db/client.ts';

const eur = (amount: string) => ({ amount, currency: 'EUR' });

describe.each(TARGETS)('lifecycle verbs at once on %s', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(target, { PUBLIC_FORM_RATE_LIMIT: 10_000 });
  });
  afterAll(async () => {
    await t?.close();
  });

  let n = 0;
  async function newCase() {
    n++;
    const filed = await t.call(null, 'POST', '/api/v1/public/complaints', { name: `Once ${n}`, email: `once-${n}@example.com`, body: 'The chair arrived with a broken leg.' });
    expect(filed.statusCode).toBe(201);
    const found = await t.call('supervisor', 'GET', `/api/v1/cases?q=${filed.data.caseNumber}&limit=1`);
    expect(found.data.items).toHaveLength(1);
    return { id: found.data.items[0].id as string, token: String(filed.data.portalUrl).split('/').pop()!, number: filed.data.caseNumber as string };
  }
  const events = async (caseId: string, type: string) =>
    (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from case_events where case_id = ${caseId} and type = ${type}`))[0]!.n;
  const code = (r: { statusCode: number; data: any }) => [r.statusCode, r.data?.error?.code];

  it('finds a case by its number as the queue lists it', async () => {
    const c = await newCase();
    const byNumber = (await t.call('supervisor', 'GET', `/api/v1/cases?q=${c.number}`)).data;
    const listed = (await t.call('supervisor', 'GET', `/api/v1/cases?limit=100&sort=newest`)).data.items.find((i: { id: string }) => i.id === c.id);
    expect(byNumber).toEqual({ items: [listed], nextCursor: null });
    expect((await t.call('supervisor', 'GET', `/api/v1/cases?q=C-999999`)).data).toEqual({ items: [], nextCursor: null });
  });

  it('portal: confirm and choose once; again, or out of turn, as in the transaction', async () => {
    const c = await newCase();
    const portal = (path: string, body: unknown) => t.call(null, 'POST', `/api/v1/portal/${c.token}/${path}`, body);
    expect(code(await portal('confirm', { confirmed: true }))).toEqual([409, 'RESTATEMENT_NOT_PENDING']);
    expect(code(await t.call(null, 'POST', `/api/v1/portal/${'x'.repeat(43)}/confirm`, { confirmed: true }))).toEqual([404, 'PORTAL_LINK_INVALID']);
    expect((await t.call('supervisor', 'POST', `/api/v1/cases/${c.id}/restatement`, { text: 'A new chair, right?' })).statusCode).toBe(201);
    const confirmed = await portal('confirm', { confirmed: true });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.data).toMatchObject({ status: 'understood', restatement: { status: 'confirmed' } });
    expect(code(await portal('confirm', { confirmed: true }))).toEqual([409, 'RESTATEMENT_NOT_PENDING']);
    expect(await events(c.id, 'restatement_confirmed')).toBe(1);
    const [ev] = await queryRows<{ data: unknown; actor_type: string }>(t.database.db, sql`select data, actor_type from case_events where case_id = ${c.id} and type = 'status_changed' order by id desc limit 1`);
    expect(ev).toEqual({ data: { from: 'acknowledged', to: 'understood', action: 'confirm' }, actor_type: 'customer' });

    expect(code(await portal('choose', { optionId: '00000000-0000-4000-8000-000000000000' }))).toEqual([404, 'OPTION_NOT_FOUND']);
    const options = await t.call('supervisor', 'POST', `/api/v1/cases/${c.id}/options`, { options: [{ title: 'New chair' }, { title: 'Repair' }, { title: 'Refund' }] });
    const [first, second] = options.data.options.map((o: { id: string }) => o.id);
    expect(code(await portal('choose', { optionId: 'not-an-id' }))).toEqual([404, 'OPTION_NOT_FOUND']);
    expect((await portal('choose', { optionId: first })).data.options.map((o: { chosen: boolean }) => o.chosen)).toEqual([true, false, false]);
    // The same again changes nothing and records nothing; another one replaces it.
    expect((await portal('choose', { optionId: first })).statusCode).toBe(200);
    expect(await events(c.id, 'option_chosen')).toBe(1);
    expect((await portal('choose', { optionId: second })).data.options.map((o: { chosen: boolean }) => o.chosen)).toEqual([false, true, false]);
    const [chosen] = await queryRows<{ data: unknown }>(t.database.db, sql`select data from case_events where case_id = ${c.id} and type = 'option_chosen' order by id desc limit 1`);
    expect(chosen!.data).toEqual({ optionId: second, title: 'Repair', by: 'customer' });
    expect((await t.call('supervisor', 'POST', `/api/v1/cases/${c.id}/resolve`, {})).statusCode).toBe(200);
    expect(code(await portal('choose', { optionId: first }))).toEqual([409, 'CASE_STATE_CONFLICT']);
  });

  it('resolve: a compensation waiting for approval stops it, and is told before a move the state forbids', async () => {
    const c = await newCase();
    const big = await t.call('agent', 'POST', `/api/v1/cases/${c.id}/compensations`, { kind: 'refund', value: eur('300.00'), description: 'Refund' });
    expect(big.data.status).toBe('pending_approval');
    const refused = await t.call('supervisor', 'POST', `/api/v1/cases/${c.id}/resolve`, {});
    expect(code(refused)).toEqual([409, 'CASE_STATE_CONFLICT']);
    expect(refused.data.error.details).toEqual({ pendingCompensationIds: [big.data.id] });
    expect(await events(c.id, 'resolved')).toBe(0);
    // Closed with the compensation still waiting: resolving names the compensation, as before.
    expect((await t.call('supervisor', 'POST', `/api/v1/cases/${c.id}/close`, { reason: 'duplicate' })).data.status).toBe('closed');
    expect((await t.call('supervisor', 'POST', `/api/v1/cases/${c.id}/resolve`, {})).data.error.details).toEqual({ pendingCompensationIds: [big.data.id] });
    const d = await newCase();
    const waiting = await t.call('agent', 'POST', `/api/v1/cases/${d.id}/compensations`, { kind: 'refund', value: eur('300.00'), description: 'Refund' });
    expect((await t.call('supervisor', 'POST', `/api/v1/compensations/${waiting.data.id}/approve`, {})).statusCode).toBe(200);
    expect((await t.call('supervisor', 'POST', `/api/v1/cases/${d.id}/resolve`, {})).data.status).toBe('resolved');
  });

  it('many at once on one case end as one after another would', async () => {
    const c = await newCase();
    const restated = await Promise.all(Array.from({ length: 6 }, (_, i) => t.call('supervisor', 'POST', `/api/v1/cases/${c.id}/restatement`, { text: `Version ${i}` })));
    expect(restated.map((r) => r.statusCode)).toEqual(Array(6).fill(201));
    const rows = await queryRows<{ status: string; n: number }>(t.database.db, sql`select status, count(*)::int as n from restatements where case_id = ${c.id} group by status order by status`);
    expect(rows).toEqual([
      { status: 'pending', n: 1 },
      { status: 'superseded', n: 5 },
    ]);
    expect(await events(c.id, 'restatement_proposed')).toBe(6);
    expect((await t.call(null, 'POST', `/api/v1/portal/${c.token}/confirm`, { confirmed: true })).statusCode).toBe(200);
    const options = await t.call('supervisor', 'POST', `/api/v1/cases/${c.id}/options`, { options: [{ title: 'A' }, { title: 'B' }, { title: 'C' }] });
    const ids: string[] = options.data.options.map((o: { id: string }) => o.id);
    const chosen = await Promise.all([...ids, ...ids].map((optionId) => t.call(null, 'POST', `/api/v1/portal/${c.token}/choose`, { optionId })));
    expect(chosen.map((r) => r.statusCode)).toEqual(Array(6).fill(200));
    const [state] = await queryRows<{ chosen: number }>(t.database.db, sql`select count(*)::int as chosen from resolution_options where case_id = ${c.id} and chosen_at is not null`);
    expect(state!.chosen).toBe(1);
    // Each choice recorded changed the choice: never the same option twice in a row.
    const log = await queryRows<{ option: string }>(t.database.db, sql`select data->>'optionId' as option from case_events where case_id = ${c.id} and type = 'option_chosen' order by id`);
    expect(log.length).toBeGreaterThanOrEqual(3);
    expect(log.every((e, i) => i === 0 || e.option !== log[i - 1]!.option)).toBe(true);
    const closes = await Promise.all(Array.from({ length: 3 }, () => t.call('supervisor', 'POST', `/api/v1/cases/${c.id}/close`, { reason: 'withdrawn' })));
    expect(closes.map((r) => r.statusCode).sort()).toEqual([200, 409, 409]);
    expect(await events(c.id, 'closed')).toBe(1);
  });

  it('an Idempotency-Key still answers the first answer, the work done once', async () => {
    const c = await newCase();
    const key = { 'idempotency-key': `restate-${c.id}` };
    const a = await t.call('supervisor', 'POST', `/api/v1/cases/${c.id}/restatement`, { text: 'Once?' }, key);
    const b = await t.call('supervisor', 'POST', `/api/v1/cases/${c.id}/restatement`, { text: 'Once?' }, key);
    expect(a.statusCode).toBe(201);
    expect(b.headers['idempotency-replayed']).toBe('true');
    expect(b.data).toEqual(a.data);
    expect(await events(c.id, 'restatement_proposed')).toBe(1);
  });

  it('commitments: made and completed once; again is refused as before', async () => {
    const c = await newCase();
    const made = await t.call('supervisor', 'POST', `/api/v1/cases/${c.id}/commitments`, { description: 'Call back', dueAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(made.statusCode).toBe(201);
    expect((await t.call('supervisor', 'POST', `/api/v1/commitments/${made.data.id}/complete`, {})).data.status).toBe('kept');
    expect(code(await t.call('supervisor', 'POST', `/api/v1/commitments/${made.data.id}/complete`, {}))).toEqual([409, 'COMMITMENT_NOT_OPEN']);
    expect(code(await t.call('supervisor', 'POST', `/api/v1/commitments/00000000-0000-4000-8000-000000000000/complete`, {}))).toEqual([404, 'COMMITMENT_NOT_FOUND']);
    expect(await events(c.id, 'commitment_kept')).toBe(1);
    expect((await t.call('supervisor', 'POST', `/api/v1/cases/${c.id}/close`, { reason: 'withdrawn' })).statusCode).toBe(200);
    expect(code(await t.call('supervisor', 'POST', `/api/v1/cases/${c.id}/commitments`, { description: 'More', dueAt: new Date(Date.now() + 86_400_000).toISOString() }))).toEqual([409, 'CASE_STATE_CONFLICT']);
  });
});

// Resolve keeps its transaction. A grant that needs approval locks the case and adds a pending
// compensation without changing the case row; a resolve run as one statement on the pool would
// wait for that lock and then, on its own snapshot, still see no pending compensation and resolve
// over it (PostgreSQL re-checks only the locked row). In its transaction, resolve's statements
// after the lock see the grant once it has committed, and refuse.
describe.each(TARGETS.filter((x) => x === 'postgres'))('resolve beside a grant in flight on %s', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(target);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a compensation committed while resolve waited for the case stops the resolve', async () => {
    const filed = await t.call(null, 'POST', '/api/v1/public/complaints', { name: 'Race Ada', email: 'race.ada@example.com', body: 'The sofa arrived torn.' });
    const found = await t.call('supervisor', 'GET', `/api/v1/cases?q=${filed.data.caseNumber}&limit=1`);
    const caseId = found.data.items[0].id as string;
    const db = t.database.db;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let granted!: () => void;
    const inFlight = new Promise<void>((r) => (granted = r));
    // What grantCompensation does for a grant above the agent's authority, held open.
    const grant = db.transaction(async (tx) => {
      await tx.execute(sql`select 1 from cases where id = ${caseId} for update`);
      await tx.execute(sql`
        insert into compensations (id, case_id, customer_id, kind, value_minor, currency, description, status, approval_role, requested_by)
        select gen_random_uuid(), id, customer_id, 'refund', 30000, 'EUR', 'Refund', 'pending_approval', 'supervisor', ${t.users.agent.id} from cases where id = ${caseId}`);
      granted();
      await held;
    });
    await inFlight;
    const resolving = t.call('supervisor', 'POST', `/api/v1/cases/${caseId}/resolve`, {});
    // Until the resolve waits for the grant's lock on the case: without that wait the test would
    // not race, and a resolve on the pool would see the committed compensation and pass.
    let waited = false;
    for (let i = 0; i < 400 && !waited; i++) {
      const [w] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
      waited = w!.n > 0;
      if (!waited) await new Promise((r) => setTimeout(r, 25));
    }
    expect(waited).toBe(true);
    release();
    await grant;
    const r = await resolving;
    expect([r.statusCode, r.data?.error?.code]).toEqual([409, 'CASE_STATE_CONFLICT']);
    const [c] = await queryRows<{ status: string }>(db, sql`select status from cases where id = ${caseId}`);
    expect(c!.status).not.toBe('resolved');
  });
});
