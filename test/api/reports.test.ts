// The management reports on a small hand-built data set (issue 12): exact figures per report,
// the filters, business-time p50/p90, the trends contract, the rollup following a change,
// the streamed CSV exports (formulas neutralised, agents refused) and the churn sort.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';
import { refreshReportRollup } from '../../src/reports/refresh-report-rollup.ts';
import { refreshChurnRisk } from '../../src/cases/refresh-churn-risk.ts';

const id = (n: number) => `01890000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const [A, B, C, D] = [id(101), id(102), id(103), id(104)] as const;
const CAT = id(900);

async function refreshAll(t: TestApp) {
  while ((await refreshReportRollup(t.database.db)).days > 0);
}

for (const target of TARGETS) {
  describe(`management reports (${target})`, () => {
    let t: TestApp;
    const Q = 'from=2026-03-02&to=2026-03-16&interval=week';
    beforeAll(async () => {
      t = await createTestApp(target, { CURRENCY: 'EUR' });
      const sup = t.users.supervisor.id;
      const agent = t.users.agent.id;
      const db = t.database.db;
      await db.execute(sql`insert into categories (id, key, labels) values (${CAT}, 'late-parcel', '{"en":"Late parcel"}')`);
      for (const c of [A, B, C, D]) await db.execute(sql`insert into customers (id, name, currency, created_at) values (${c}, ${`Customer ${c.slice(-1)}`}, 'EUR', '2026-01-01T00:00:00Z')`);
      const kase = (n: number, cust: string, channel: string, bu: string, at: string, score: number, stage: string | null, owner: string | null, done: string | null, subject = `Case ${n}`, cat: string | null = null) =>
        db.execute(sql`insert into cases (id, customer_id, channel, language, business_unit, created_at, dissatisfaction_score, journey_stage, owner_id, resolved_at, status, subject, category_id)
          values (${id(n)}, ${cust}, ${channel}, 'en', ${bu}, ${at}::timestamptz, ${score}, ${stage}, ${owner}, ${done}::timestamptz, ${done ? 'resolved' : 'acknowledged'}, ${subject}, ${cat})`);
      await kase(1, A, 'email', 'shop', '2026-03-02T09:00:00Z', 0.8, 'after_purchase', sup, '2026-03-02T11:00:00Z', 'Parcel late', CAT);
      await kase(2, B, 'phone', 'shop', '2026-03-02T16:00:00Z', 0.2, 'before_purchase', agent, '2026-03-04T09:30:00Z', '=HYPERLINK("http://evil.example","x")');
      await kase(3, C, 'email', 'bank', '2026-03-03T12:00:00Z', 0.9, null, agent, null, '-2+3, "quoted"');
      await kase(4, D, 'email', 'shop', '2026-03-10T09:00:00Z', 0.6, null, sup, '2026-04-01T09:00:00Z');
      const reply = (n: number, caseN: number, at: string, author: string) =>
        db.execute(sql`insert into messages (id, case_id, direction, channel, body, author_user_id, created_at) values (${id(200 + n)}, ${id(caseN)}, 'outbound', 'email', 'reply', ${author}, ${at}::timestamptz)`);
      await reply(1, 1, '2026-03-02T10:00:00Z', sup);
      await reply(2, 2, '2026-03-03T10:00:00Z', agent);
      // An automatic acknowledgement is no personal first response.
      await db.execute(sql`insert into messages (id, case_id, direction, channel, body, created_at) values (${id(299)}, ${id(3)}, 'outbound', 'email', 'ack', '2026-03-03T12:00:01Z')`);
      const clock = (n: number, caseN: number, kind: string, status: string) =>
        db.execute(sql`insert into clocks (id, case_id, kind, started_at, due_at, status) values (${id(300 + n)}, ${id(caseN)}, ${kind}, now(), now(), ${status})`);
      await clock(1, 1, 'first_response', 'met');
      await clock(2, 1, 'resolution', 'met');
      await clock(3, 2, 'first_response', 'breached');
      await clock(4, 3, 'first_response', 'breached');
      await clock(5, 3, 'resolution', 'running');
      const comp = (n: number, kind: string, value: number, cost: number | null, status: string, by: string) =>
        db.execute(sql`insert into compensations (id, case_id, customer_id, kind, value_minor, cost_minor, currency, description, status, requested_by)
          values (${id(400 + n)}, ${id(3)}, ${C}, ${kind}, ${value}, ${cost}, 'EUR', ${`${kind} for case 3`}, ${status}, ${by})`);
      await comp(1, 'gift', 2000, 1500, 'granted', sup);
      await comp(2, 'bonus', 1000, null, 'granted', agent);
      await comp(3, 'refund', 5000, null, 'pending_approval', agent);
      await db.execute(sql`insert into orders (id, customer_id, ref, total_minor, currency, placed_at) values (${id(501)}, ${A}, 'O-1', 10000, 'EUR', '2026-04-01T12:00:00Z'), (${id(502)}, ${B}, 'O-2', 5000, 'EUR', '2026-03-01T12:00:00Z')`);
      await db.execute(sql`update customers set status = 'departed', departed_at = '2026-03-20T00:00:00Z' where id = ${C}`);
      await refreshAll(t);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('trends: the fixed contract, exact per week', async () => {
      const res = await t.call('supervisor', 'GET', `/api/v1/reports/trends?${Q}`);
      expect(res.statusCode).toBe(200);
      expect(res.data.items).toEqual([
        { period: '2026-03-02', cases: 3, dissatisfiedShare: 0.5, slaMet: 0.5, firstResponseP50Minutes: 60, resolutionP50Minutes: 120, compensationCost: 25, recoveryRate: 0.3333 },
        { period: '2026-03-09', cases: 1, dissatisfiedShare: 0.25, slaMet: null, firstResponseP50Minutes: null, resolutionP50Minutes: 7680, compensationCost: 0, recoveryRate: 0 },
      ]);
    });

    it('trends: filtered by channel and by business unit', async () => {
      const email = await t.call('supervisor', 'GET', `/api/v1/reports/trends?${Q}&channel=email`);
      expect(email.data.items[0]).toEqual({ period: '2026-03-02', cases: 2, dissatisfiedShare: 0.5, slaMet: 0.6667, firstResponseP50Minutes: 60, resolutionP50Minutes: 120, compensationCost: 25, recoveryRate: 0.5 });
      const bank = await t.call('supervisor', 'GET', `/api/v1/reports/trends?${Q}&businessUnit=bank`);
      expect(bank.data.items).toEqual([{ period: '2026-03-02', cases: 1, dissatisfiedShare: 0.25, slaMet: 0, firstResponseP50Minutes: null, resolutionP50Minutes: null, compensationCost: 25, recoveryRate: 0 }]);
      const owner = await t.call('supervisor', 'GET', `/api/v1/reports/trends?from=2026-03-02&to=2026-03-16&interval=month&ownerId=${t.users.agent.id}`);
      expect(owner.data.items.map((i: { period: string; cases: number }) => [i.period, i.cases])).toEqual([['2026-03-01', 2]]);
      const cat = await t.call('supervisor', 'GET', `/api/v1/reports/volume?${Q}&categoryId=${CAT}`);
      expect(cat.data.cases).toBe(1);
    });

    it('clocks: attainment per kind, regulatory bands, business-time p50 and p90', async () => {
      const res = await t.call('head', 'GET', `/api/v1/reports/clocks?${Q}`);
      expect(res.statusCode).toBe(200);
      expect(res.data).toEqual({
        byKind: [
          { kind: 'first_response', met: 1, breached: 2, attainment: 0.3333 },
          { kind: 'resolution', met: 1, breached: 0, attainment: 1 },
        ],
        bands: { finished: 3, within3BusinessDays: 2, within8Weeks: 1, after8Weeks: 0 },
        firstResponse: { cases: 2, p50Minutes: 60, p90Minutes: 120 },
        resolution: { cases: 3, p50Minutes: 570, p90Minutes: 7680 },
      });
    });

    it('volume by channel, category and journey stage', async () => {
      const res = await t.call('supervisor', 'GET', `/api/v1/reports/volume?${Q}`);
      expect(res.data.cases).toBe(4);
      expect(res.data.byChannel).toEqual([{ channel: 'email', cases: 3 }, { channel: 'phone', cases: 1 }]);
      expect(res.data.byCategory).toEqual([
        { categoryId: null, key: null, labels: {}, cases: 3 },
        { categoryId: CAT, key: 'late-parcel', labels: { en: 'Late parcel' }, cases: 1 },
      ]);
      expect(res.data.byStage).toEqual([
        { stage: 'before_purchase', cases: 1 },
        { stage: 'at_purchase', cases: 0 },
        { stage: 'after_purchase', cases: 1 },
        { stage: 'unknown', cases: 2 },
      ]);
    });

    it('dissatisfaction per 100 customers and per 1,000 orders; recovery; compensation', async () => {
      const d = await t.call('supervisor', 'GET', `/api/v1/reports/dissatisfaction?${Q}`);
      expect(d.data.items[0]).toEqual({ period: '2026-03-02', cases: 3, scored: 3, dissatisfied: 2, customers: 4, orders: 0, per100Customers: 50, per1000Orders: null });
      const r = await t.call('supervisor', 'GET', `/api/v1/reports/recovery?${Q}`);
      expect(r.data.windowMonths).toBe(12);
      expect(r.data.items[0]).toEqual({ period: '2026-03-02', cases: 3, boughtAgain: 1, departed: 1, stayed: 2, recoveryRate: 0.3333, revenueAfter: 100, cost: 15, returnRatio: 6.67 });
      const c = await t.call('supervisor', 'GET', `/api/v1/reports/compensation?${Q}`);
      expect(c.data).toEqual({
        byKind: [{ kind: 'gift', count: 1, value: 20, cost: 15 }, { kind: 'bonus', count: 1, value: 10, cost: 10 }],
        byRole: [{ role: 'supervisor', count: 1, value: 20, cost: 15 }, { role: 'agent', count: 1, value: 10, cost: 10 }],
        approvals: { granted: 2, pending: 1, rejected: 0 },
        giftVsBonus: { gift: { count: 1, value: 20 }, bonus: { count: 1, value: 10 } },
        overTime: [{ period: '2026-03-02', count: 2, cost: 25 }],
      });
    });

    it('the rollup follows a change incrementally: only the touched day is rebuilt', async () => {
      await t.database.db.execute(sql`update cases set dissatisfaction_score = 0.95 where id = ${id(2)}`);
      await t.database.db.execute(sql`insert into orders (id, customer_id, ref, total_minor, currency, placed_at) values (${id(503)}, ${D}, 'O-3', 2000, 'EUR', '2026-03-20T12:00:00Z')`);
      const pending = await t.database.db.execute(sql`select distinct day::text as day from report_changes order by 1`);
      expect((pending as unknown as { rows: { day: string }[] }).rows.map((r) => r.day)).toEqual(['2026-03-02', '2026-03-10', '2026-03-20']);
      expect((await refreshReportRollup(t.database.db)).days).toBe(3);
      const res = await t.call('supervisor', 'GET', `/api/v1/reports/trends?${Q}`);
      expect(res.data.items[0].dissatisfiedShare).toBe(0.75);
      expect(res.data.items[1].recoveryRate).toBe(1);
      // A change the reports do not see (the worker's churn estimate) logs nothing.
      await t.database.db.execute(sql`update cases set churn_risk = 0.5 where id = ${id(1)}`);
      expect((await refreshReportRollup(t.database.db)).days).toBe(0);
    });

    it('a change recomputes only the changed case; the other cases of its day are summed from their stored facts (issue 15)', async () => {
      const db = t.database.db;
      const revenue = async () => {
        const r = await db.execute(sql`select sum(revenue_after_minor)::int as revenue, sum(stage_at)::int as at from report_daily where day = '2026-03-02'`);
        return (r as unknown as { rows: { revenue: number; at: number }[] }).rows[0];
      };
      expect(await revenue()).toEqual({ revenue: 10000, at: 0 });
      // A stored fact the worker will not recompute: case 1 is not changed.
      await db.execute(sql`update report_case_facts set revenue_after_minor = 777700 where case_id = ${id(1)}`);
      await db.execute(sql`update cases set journey_stage = 'at_purchase' where id = ${id(2)}`);
      const logged = await db.execute(sql`select day::text as day, case_id as "caseId", whole from report_changes`);
      expect((logged as unknown as { rows: unknown[] }).rows).toEqual([{ day: '2026-03-02', caseId: id(2), whole: false }]);
      expect(await refreshReportRollup(db)).toEqual({ days: 1, cases: 1 });
      expect(await revenue()).toEqual({ revenue: 777700, at: 1 });
      // A day logged whole recomputes every case of it.
      await db.execute(sql`update cases set journey_stage = 'before_purchase' where id = ${id(2)}`);
      await db.execute(sql`insert into report_changes (day) values ('2026-03-02')`);
      expect(await refreshReportRollup(db)).toEqual({ days: 1, cases: 0 });
      expect(await revenue()).toEqual({ revenue: 10000, at: 0 });
    });

    it('only what the facts count is logged: an automatic mail or a warned clock is not, a personal reply or a met clock is', async () => {
      const db = t.database.db;
      await db.execute(sql`insert into messages (id, case_id, direction, channel, body, created_at) values (${id(298)}, ${id(4)}, 'outbound', 'email', 'auto', now())`);
      await db.execute(sql`update clocks set warned_at = now() where id = ${id(305)}`);
      await db.execute(sql`insert into clocks (id, case_id, kind, started_at, due_at, status) values (${id(306)}, ${id(4)}, 'first_response', now(), now(), 'running')`);
      expect(await refreshReportRollup(db)).toEqual({ days: 0, cases: 0 });
      await db.execute(sql`update clocks set status = 'met' where id = ${id(306)}`);
      await db.execute(sql`insert into messages (id, case_id, direction, channel, body, author_user_id, created_at) values (${id(297)}, ${id(3)}, 'outbound', 'email', 'reply', ${t.users.agent.id}, now())`);
      const logged = await db.execute(sql`select case_id as "caseId" from report_changes order by case_id`);
      expect((logged as unknown as { rows: unknown[] }).rows).toEqual([{ caseId: id(3) }, { caseId: id(4) }]);
      expect(await refreshReportRollup(db)).toEqual({ days: 2, cases: 2 });
      // Inserted already counted: a clock breached beside a running one, a reply beside an inbound message (a row trigger since migration 0021).
      await db.execute(sql`insert into clocks (id, case_id, kind, started_at, due_at, status) values (${id(307)}, ${id(4)}, 'resolve', now(), now(), 'breached'), (${id(308)}, ${id(3)}, 'resolve', now(), now(), 'running')`);
      await db.execute(sql`insert into messages (id, case_id, direction, channel, body, author_user_id, created_at)
        values (${id(296)}, ${id(3)}, 'inbound', 'email', 'thanks', null, now()), (${id(295)}, ${id(1)}, 'outbound', 'email', 'reply', ${t.users.agent.id}, now())`);
      const counted = await db.execute(sql`select case_id as "caseId" from report_changes order by case_id`);
      expect((counted as unknown as { rows: unknown[] }).rows).toEqual([{ caseId: id(1) }, { caseId: id(4) }]);
      expect(await refreshReportRollup(db)).toEqual({ days: 2, cases: 2 });
    });

    it('validates filters: bad dates, reversed periods, bad ids and intervals are 400', async () => {
      for (const q of ['from=yesterday', 'from=2026-03-10&to=2026-03-01', 'categoryId=nope', 'interval=year', 'channel=%01']) {
        const res = await t.call('supervisor', 'GET', `/api/v1/reports/trends?${q}`);
        expect(res.statusCode, q).toBe(400);
      }
      expect((await t.call('agent', 'GET', '/api/v1/reports/trends')).statusCode).toBe(403);
      expect((await t.call(null, 'GET', '/api/v1/reports/trends')).statusCode).toBe(401);
    });

    it('report CSV: the same filters, as text/csv', async () => {
      const res = await t.call('supervisor', 'GET', `/api/v1/reports/trends.csv?${Q}&channel=email`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.body.split('\r\n')[0]).toBe('period,cases,dissatisfiedShare,slaMet,firstResponseP50Minutes,resolutionP50Minutes,compensationCost,recoveryRate');
      expect(res.body.split('\r\n')[1]).toBe('2026-03-02,2,0.5,0.6667,60,120,25,0.5');
      const clocks = await t.call('supervisor', 'GET', `/api/v1/reports/clocks.csv?${Q}`);
      expect(clocks.body).toContain('resolution,,p90Minutes,7680\r\n');
      expect((await t.call('agent', 'GET', '/api/v1/reports/volume.csv')).statusCode).toBe(403);
    });

    it('cases export: streamed CSV with the queue filters, formulas neutralised, agents refused', async () => {
      expect((await t.call('agent', 'GET', '/api/v1/cases/export.csv')).statusCode).toBe(403);
      const res = await t.call('supervisor', 'GET', '/api/v1/cases/export.csv?sort=oldest');
      expect(res.statusCode).toBe(200);
      // Exports are audited (issue 14), with the filters they were given.
      const audit = await t.call('admin', 'GET', '/api/v1/audit?action=cases.export');
      expect(audit.data.items[0]).toMatchObject({ action: 'cases.export', after: { filters: { sort: 'oldest' } } });
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const lines = res.body.trimEnd().split('\r\n');
      expect(lines[0]).toBe('number,id,status,priority,channel,language,subject,customer_id,customer_name,owner_id,dissatisfaction,churn_risk,created_at,next_due_at');
      expect(lines).toHaveLength(5);
      expect(lines[2]).toContain(`,"'=HYPERLINK(""http://evil.example"",""x"")",`);
      expect(lines[3]).toContain(`,"'-2+3, ""quoted""",`);
      const phone = await t.call('supervisor', 'GET', '/api/v1/cases/export.csv?channel=phone');
      expect(phone.body.trimEnd().split('\r\n')).toHaveLength(2);
      const comps = await t.call('head', 'GET', '/api/v1/compensations/export.csv?status=granted');
      const rows = comps.body.trimEnd().split('\r\n');
      expect(rows).toHaveLength(3);
      expect(rows[1]).toContain(',gift,granted,20.00,15.00,EUR,');
      expect((await t.call('agent', 'GET', '/api/v1/compensations/export.csv')).statusCode).toBe(403);
    });

    it('the churn sweep re-estimates only the cases of events it has not seen, late commits included (issue 15)', async () => {
      const db = t.database.db;
      const rows = async (q: ReturnType<typeof sql>) => (await db.execute(q)) as unknown as { rows: Record<string, unknown>[] };
      const event = (eventId: number, caseN: number) =>
        db.execute(sql`insert into case_events (id, case_id, type, actor_type, data) values (${eventId}, ${id(caseN)}, 'note_added', 'system', '{}')`);
      while ((await refreshChurnRisk(db)).cases > 0);
      const top = Number((await rows(sql`select max(id) as m from case_events`)).rows[0]?.m) + 100;
      await event(top + 10, 1);
      expect(await refreshChurnRisk(db)).toEqual({ cases: 1, full: false });
      // Case 1's event is seen: the next pass leaves it alone, though it is inside the look-back window.
      await db.execute(sql`update cases set churn_risk = 0.01 where id = ${id(1)}`);
      await event(top + 5, 2); // committed late, below the mark
      await event(top + 20, 3);
      expect(await refreshChurnRisk(db)).toEqual({ cases: 2, full: false });
      const risks = await rows(sql`select id, churn_risk as r from cases where id in (${id(1)}, ${id(2)}, ${id(3)}) order by id`);
      expect(risks.rows.map((r) => r.r === null ? null : Number(r.r) === 0.01)).toEqual([true, false, false]);
      await db.execute(sql`select setval(pg_get_serial_sequence('case_events', 'id'), ${top + 100})`);
    });

    it('the queue sorts by churn risk, highest first, unestimated last, paging on a cursor', async () => {
      const db = t.database.db;
      await db.execute(sql`update cases set churn_risk = v.r from (values (${id(1)}::uuid, 0.2::real), (${id(2)}::uuid, 0.9::real), (${id(3)}::uuid, 0.5::real)) v(id, r) where cases.id = v.id`);
      await db.execute(sql`update cases set churn_risk = null where id = ${id(4)}`);
      const first = await t.call('agent', 'GET', '/api/v1/cases?sort=churn&limit=2');
      expect(first.data.items.map((c: { id: string; churnRisk: number | null }) => [c.id, c.churnRisk])).toEqual([[id(2), 0.9], [id(3), 0.5]]);
      const second = await t.call('agent', 'GET', `/api/v1/cases?sort=churn&limit=2&cursor=${first.data.nextCursor}`);
      expect(second.data.items.map((c: { id: string }) => c.id)).toEqual([id(1), id(4)]);
      expect(second.data.nextCursor).toBeNull();
      expect((await t.call('agent', 'GET', `/api/v1/cases?sort=oldest&cursor=${first.data.nextCursor}`)).statusCode).toBe(400);
    });
  });
}
