// P-3.4: how customers chose between a gift now and a larger bonus later.
import { sql } from 'drizzle-orm';
import { queryRows, type Queryable } from '../db/client.ts';
import { fromMinor } from '../domain/money.ts';

/** P-3.4: gift or bonus, as a loyalty signal — how often each was chosen, and whether bonus-choosers bought again. */
export async function offerChoices(q: Queryable, currency: string, opts: { from: Date; to: Date }) {
  const rows = await queryRows<{ choice: string; n: number; came_back: number }>(
    q,
    sql`select o.choice, count(*)::int as n,
        count(*) filter (where exists (select 1 from orders x join cases c on c.id = o.case_id
          where x.customer_id = c.customer_id and x.placed_at > o.chosen_at))::int as came_back
        from offers o where o.status = 'chosen' and o.chosen_at >= ${opts.from.toISOString()}::timestamptz and o.chosen_at < ${opts.to.toISOString()}::timestamptz
        group by o.choice`,
  );
  const [ledger] = await queryRows<{ issued: number | string; redeemed: number | string; expired: number | string; active: number | string; redeemed_amount: number | string }>(
    q,
    sql`select coalesce(sum(amount_minor), 0) as issued,
        coalesce(sum(amount_minor) filter (where status = 'redeemed'), 0) as redeemed,
        coalesce(sum(amount_minor) filter (where status = 'expired'), 0) as expired,
        coalesce(sum(amount_minor) filter (where status = 'active'), 0) as active,
        coalesce(sum(redeemed_minor), 0) as redeemed_amount
        from bonuses where issued_at >= ${opts.from.toISOString()}::timestamptz and issued_at < ${opts.to.toISOString()}::timestamptz`,
  );
  const by = (c: string) => rows.find((r) => r.choice === c) ?? { n: 0, came_back: 0 };
  const gift = by('gift');
  const bonus = by('bonus');
  const both = by('both');
  const m = (v: number | string) => fromMinor(Number(v), currency);
  return {
    choices: {
      gift: { count: gift.n, cameBack: gift.came_back },
      bonus: { count: bonus.n, cameBack: bonus.came_back },
      both: { count: both.n, cameBack: both.came_back },
    },
    bonusShare: gift.n + bonus.n ? Math.round((bonus.n / (gift.n + bonus.n)) * 1000) / 1000 : null,
    bonuses: { issued: m(ledger!.issued), redeemed: m(ledger!.redeemed), expired: m(ledger!.expired), active: m(ledger!.active), takenOffOrders: m(ledger!.redeemed_amount) },
  };
}
