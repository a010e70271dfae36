// Customers out as CSV, read in keyset pages so a million customers never sit in memory.
import { sql } from 'drizzle-orm';
import { queryRows, type Queryable } from '../db/client.ts';
import { fromMinor } from '../domain/money.ts';
import { csvCell } from './csv.ts';

export const CUSTOMER_CSV_COLUMNS = ['id', 'name', 'emails', 'phones', 'external_ref', 'language', 'tier', 'status', 'lifetime_value', 'currency', 'order_count', 'departed_at', 'departure_reason', 'merged_into_id', 'created_at'];

/** The export, page by page over the primary key (one index range scan per 1,000 customers). */
export async function* exportCustomers(q: Queryable, pageSize = 1000): AsyncGenerator<string> {
  yield `${CUSTOMER_CSV_COLUMNS.join(',')}\r\n`;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await queryRows<Record<string, unknown> & { id: string }>(
      q,
      sql`select c.id, c.name,
          (select string_agg(value, ';' order by created_at) from customer_contacts k where k.customer_id = c.id and k.kind = 'email') as emails,
          (select string_agg(value, ';' order by created_at) from customer_contacts k where k.customer_id = c.id and k.kind = 'phone') as phones,
          c.external_ref, c.language, c.tier, c.status, c.lifetime_value_minor, c.currency, c.order_count,
          to_json(c.departed_at) #>> '{}' as departed_at, c.departure_reason, c.merged_into_id, to_json(c.created_at) #>> '{}' as created_at
        from customers c where c.id > ${after}::uuid order by c.id limit ${pageSize}`,
    );
    if (!rows.length) return;
    yield rows
      .map((r) => ({ ...r, lifetime_value: fromMinor(Number(r.lifetime_value_minor), String(r.currency)).amount }))
      .map((r) => `${CUSTOMER_CSV_COLUMNS.map((c) => csvCell(r[c as keyof typeof r])).join(',')}\r\n`)
      .join('');
    after = rows.at(-1)!.id;
    if (rows.length < pageSize) return;
  }
}
