// Six months of demo history for the reports (issue 12): 300 customers with orders, about
// 200 closed cases over 26 weeks across channels, categories, journey stages and business
// units, first replies and resolutions that get faster, clocks met and breached,
// compensations, orders after complaints and some departures — and a dissatisfied share
// that falls from about 7 to 2 per 100 customers (PLAYBOOK "Why it matters"). Bulk history
// is written set-based in a few statements (the live cases of seed.ts go through the use
// cases), so `npm start` stays fast.
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.ts';
import { refreshReportRollup } from '../reports/refresh-report-rollup.ts';
import { refreshChurnRiskOf } from '../cases/refresh-churn-risk.ts';

const CUSTOMERS = 300;
const WEEKS = 26;

const SUBJECTS = ['Order arrived late', 'Wrong colour printed', 'Invoice amount wrong', 'Rude answer on the phone', 'Waited 40 minutes', 'Nobody called back', 'Refund not received', 'Missing items in the box'];

/** Writes the history; `agents` own the cases, `supervisor` decides the larger compensations. */
export async function seedHistory(db: Db, staff: { agents: string[]; supervisor: string }): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select setseed(0.42)`);
    await tx.execute(sql`
      insert into customers (id, name, currency, language, external_ref, created_at)
      select gen_random_uuid(), 'Demo customer ' || n, 'EUR', (array['en','de','es','fi','lv','ro','ru'])[1 + n % 7], 'HIST-' || n, now() - interval '200 days'
        from generate_series(1, ${CUSTOMERS}::int) n`);
    // Orders: now and then (about one customer in five a month).
    await tx.execute(sql`
      insert into orders (id, customer_id, ref, total_minor, currency, placed_at)
      select gen_random_uuid(), c.id, 'HIST-O-' || c.external_ref || '-' || m, (2000 + floor(random() * 38000))::bigint, 'EUR', now() - make_interval(days => m * 30 + floor(random() * 29)::int)
        from customers c cross join generate_series(0, 6) m
       where c.external_ref like 'HIST-%' and random() < 0.18 and m * 30 < 195`);
    // Cases per week: four calm ones, and dissatisfied ones falling from 7 to 2 per 100 customers a month.
    await tx.execute(sql`
      insert into cases (id, customer_id, channel, status, priority, language, journey_stage, subject, owner_id, business_unit,
                         dissatisfaction_score, intensity, category_id, created_at, updated_at, acknowledged_at, resolved_at, closed_at)
      select gen_random_uuid(), cu.id, x.channel, case when x.open then 'acknowledged' else 'closed' end, 1, cu.language, x.stage, x.subject, x.owner, x.unit,
             x.score, case when x.score >= 0.5 then 2 else 0 end,
             (select id from categories where active order by sort_order offset ((x.i * 3 + x.w) % 8) limit 1),
             x.at, x.at, x.at, case when x.open then null else x.done end, case when x.open then null else x.done end
        from (
          select w, i,
                 -- Weekdays in opening hours (09:00–16:00 UTC), from last week back.
                 date_trunc('week', now()) - make_interval(days => (w + 1) * 7 - (i % 5)) + make_interval(mins => 540 + floor(random() * 420)::int) as at,
                 (array['email','web_form','phone','chat','review','survey'])[1 + (i + w) % 6] as channel,
                 case (i + w) % 10 when 0 then 'before_purchase' when 1 then 'before_purchase' when 2 then 'at_purchase' when 9 then null else 'after_purchase' end as stage,
                 (${`{${SUBJECTS.map((s) => `"${s}"`).join(',')}}`}::text[])[1 + (i * 5 + w) % 8] as subject,
                 (${`{${staff.agents.join(',')}}`}::uuid[])[1 + (i + w * 3) % ${staff.agents.length}::int] as owner,
                 (array['Promo goods','Restaurant','Bank branch'])[1 + (i * 7 + w) % 3] as unit,
                 case when i <= k then 0.6 + random() * 0.35 else 0.1 + random() * 0.35 end as score,
                 (w = 0 and i % 3 = 0) as open,
                 'HIST-' || (1 + (w * 37 + i * 101) % ${CUSTOMERS}::int) as ref, k
            from generate_series(0, ${WEEKS - 1}::int) w,
                 lateral (select round(${CUSTOMERS}::numeric * (0.02 + 0.05 * w / ${WEEKS - 1}::numeric) / 4.33)::int as k) kk,
                 lateral generate_series(1, 4 + k) i
        ) x0
        cross join lateral (select x0.*, least(now() - interval '1 hour',
                 x0.at + make_interval(mins => (60 + random() * (600 + x0.w * 260))::int) + case when x0.w > 12 and x0.w % 3 = 0 and x0.i = 4 then interval '60 days' when x0.i % 7 = 0 then interval '12 days' else interval '0' end) as done) x
        join customers cu on cu.external_ref = x.ref`);
    const hist = sql`(select c.id from cases c join customers cu on cu.id = c.customer_id where cu.external_ref like 'HIST-%')`;
    await tx.execute(sql`
      insert into messages (id, case_id, direction, channel, body, created_at)
      select gen_random_uuid(), c.id, 'inbound', c.channel, c.subject, c.created_at from cases c where c.id in ${hist}`);
    // The first personal reply gets faster over the months (older weeks: up to ten hours).
    await tx.execute(sql`
      insert into messages (id, case_id, direction, channel, body, author_user_id, created_at)
      select gen_random_uuid(), c.id, 'outbound', 'email', 'We are sorry — here is what we will do.', c.owner_id,
             least(coalesce(c.resolved_at, now()), c.created_at + make_interval(mins => (20 + random() * (60 + extract(epoch from now() - c.created_at) / 86400 * 3))::int))
        from cases c where c.id in ${hist}`);
    await tx.execute(sql`
      insert into clocks (id, case_id, kind, label, meets_on, started_at, due_at, stopped_at, status, business_time)
      select gen_random_uuid(), c.id, 'first_response', 'First response', 'first_reply', c.created_at, c.created_at + interval '4 hours', m.created_at,
             case when m.created_at <= c.created_at + interval '4 hours' then 'met' else 'breached' end, false
        from cases c join messages m on m.case_id = c.id and m.direction = 'outbound' where c.id in ${hist}`);
    await tx.execute(sql`
      insert into clocks (id, case_id, kind, label, meets_on, started_at, due_at, stopped_at, status, business_time)
      select gen_random_uuid(), c.id, 'resolution', 'Resolution', 'resolve', c.created_at, c.created_at + interval '5 days', c.resolved_at,
             case when c.resolved_at <= c.created_at + interval '5 days' then 'met' else 'breached' end, false
        from cases c where c.id in ${hist} and c.resolved_at is not null`);
    await tx.execute(sql`
      insert into compensations (id, case_id, customer_id, kind, value_minor, cost_minor, currency, description, status, approval_role, requested_by, decided_by, decided_at, created_at)
      select gen_random_uuid(), c.id, c.customer_id, (array['gift','bonus','refund','discount','gift','bonus'])[1 + (c.number / 2) % 6], v, (v * 0.7)::bigint, 'EUR', 'Amends for: ' || c.subject,
             case when c.number % 9 = 0 then 'rejected' else 'granted' end,
             case when v > 5000 then 'supervisor' end, case when v > 5000 and c.number % 4 = 0 then ${staff.supervisor}::uuid else c.owner_id end,
             case when v > 5000 then ${staff.supervisor}::uuid end, case when v > 5000 then c.created_at + interval '2 hours' end, c.created_at + interval '1 hour'
        from (select c.*, (1000 + (c.number * 733) % 9000)::bigint as v from cases c where c.id in ${hist} and c.dissatisfaction_score >= 0.5 and c.number % 2 = 0) c`);
    // Compensated customers often come back (P-3.7); some others leave (departures).
    await tx.execute(sql`
      insert into orders (id, customer_id, ref, total_minor, currency, placed_at)
      select gen_random_uuid(), c.customer_id, 'HIST-R-' || c.number, (3000 + (c.number * 977) % 30000)::bigint, 'EUR', c.created_at + interval '25 days'
        from cases c where c.id in ${hist} and exists (select 1 from compensations m where m.case_id = c.id and m.status = 'granted') and c.created_at + interval '25 days' < now()`);
    await tx.execute(sql`
      update customers cu set status = 'departed', departed_at = d.at, departure_reason = 'Went to a competitor after an unresolved complaint', departure_kind = d.kind
        from (select distinct on (c.customer_id) c.customer_id, c.created_at + interval '20 days' as at, case when c.number % 2 = 0 then 'accidental' else 'systemic' end as kind
                from cases c where c.id in ${hist} and c.dissatisfaction_score >= 0.5 and c.number % 5 = 1
                 and not exists (select 1 from compensations m where m.case_id = c.id) and c.created_at + interval '20 days' < now()
               order by c.customer_id, c.created_at) d
       where cu.id = d.customer_id`);
    await tx.execute(sql`
      update customers cu set lifetime_value_minor = o.total, order_count = o.n
        from (select customer_id, sum(total_minor) as total, count(*)::int as n from orders group by customer_id) o
       where cu.id = o.customer_id and cu.external_ref like 'HIST-%'`);
  });
  const ids = await queryRows<{ id: string }>(db, sql`select c.id from cases c join customers cu on cu.id = c.customer_id where cu.external_ref like 'HIST-%'`);
  await refreshChurnRiskOf(db, ids.map((r) => r.id));
  // The rollup of every day with history, at once: the reports answer from the first page view.
  while ((await refreshReportRollup(db, { maxDays: 400 })).days > 0);
}
