// Intake's group commit identifies a whole batch of complainants in ONE
// statement: find each by contact or create them, add their new contacts and
// draw their case numbers. Complaints the statement cannot settle alone (a
// known customer id or external reference, a contact shared with another
// complaint of the batch, a race with a concurrent intake) take the
// one-by-one path afterwards, in the same transaction, in arrival order.
// Given the pool instead of a transaction (intake's group commit), the statement
// commits by itself, asynchronously (db/client.ts ASYNC_COMMIT: the cases written
// next depend on its rows and their commit makes it durable), and the one-by-one
// path runs in a transaction of its own.
import { eq, sql } from 'drizzle-orm';
import { customerContacts, customers } from '../db/schema.ts';
import { ASYNC_COMMIT_TEXT, isTransaction, queryText, type Queryable, type Tx } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { contactsOf, identifyCustomer, identifyCustomerAndNumber, type CustomerHint, type IdentifiedCustomer } from './identify-customer.ts';

export type Identification = { customer: IdentifiedCustomer & { created: boolean }; number: number };

interface Row {
  i: number;
  id: string;
  name: string | null;
  language: string | null;
  tier: string;
  lifetime_value_minor: number;
  created: boolean;
  added: number;
  n: number;
}

/** The batch's one statement: $1 the people, $2 their contacts, $3 the currency of new customers. */
const identifyText = (alone: boolean) => `
  with p as (select * from jsonb_to_recordset($1::jsonb) as p(i int, id uuid, name text, language text)),
  h as (select * from jsonb_to_recordset($2::jsonb) as h(i int, kind text, value text)),
  -- Each contact looked up through its unique index (a lateral subquery with a limit is never
  -- hashed): with the recordset's fixed estimate of 100 rows, a plain join was planned as a hash
  -- join over a sequential scan of every contact, every batch, once the table had some 15,000.
  found as (
    select distinct on (h.i) h.i, c.id, c.name, c.language, c.tier, c.lifetime_value_minor
    from h cross join lateral (
      select c.id, c.name, c.language, c.tier, c.lifetime_value_minor
      from customer_contacts k join customers c on c.id = k.customer_id
      where k.kind = h.kind and k.value = h.value
      limit 1
    ) c
    order by h.i
  ),
  created as (
    insert into customers (id, name, language, currency)
    select p.id, p.name, p.language, $3::text from p where not exists (select 1 from found f where f.i = p.i)
    order by p.i
    returning id, name, language, tier, lifetime_value_minor
  ),
  who as (
    select f.*, false as created from found f
    union all
    select p.i, c.id, c.name, c.language, c.tier, c.lifetime_value_minor, true from created c join p on p.id = c.id
  ),
  added as (
    -- In one order everywhere, so two batches never wait on each other's contacts in a cycle.
    insert into customer_contacts (id, customer_id, kind, value)
    select gen_random_uuid(), w.id, h.kind, h.value from h join who w on w.i = h.i order by h.kind, h.value
    on conflict do nothing
    returning customer_id
  ),
  numbered as (select s.i, nextval('case_number_seq')::int8 as n from (select i from p order by i) s)
  select w.*, (select count(*) from added a where a.customer_id = w.id)::int as added, numbered.n${alone ? `, ${ASYNC_COMMIT_TEXT} as relaxed` : ''}
  from who w join numbered on numbered.i = w.i`;
const IDENTIFY = identifyText(false);
/** The batch's statement as a transaction runs it (tests read its plan). */
export const IDENTIFY_STATEMENT = IDENTIFY;
const IDENTIFY_ALONE = identifyText(true);

/**
 * identifyCustomerAndNumber for many hints at once; answers in the hints' order. `q` is the
 * caller's transaction, or the pool: then the one statement commits alone, asynchronously.
 */
export async function identifyCustomersAndNumbers(q: Queryable, hints: CustomerHint[], currency: string): Promise<Identification[]> {
  const alone = !isTransaction(q);
  const out: (Identification | undefined)[] = new Array(hints.length);
  const contacts = hints.map(contactsOf);
  // A contact given twice in the batch: the later complaint must find the customer the earlier one made.
  const seen = new Set<string>();
  const together: number[] = [];
  hints.forEach((h, i) => {
    const keys = contacts[i]!.map((c) => `${c.kind}\u0000${c.value}`);
    const simple = !h.customerId && !h.externalRef && keys.every((k) => !seen.has(k));
    for (const k of keys) seen.add(k);
    if (simple) together.push(i);
  });

  // Repairs of the one statement's answers after a race, run after it in order.
  const careful: ((tx: Tx) => Promise<void>)[] = [];
  const answered = new Set<number>();
  if (together.length) {
    const people = together.map((i) => ({ i, id: newId(), name: hints[i]!.name ?? null, language: hints[i]!.language ?? null }));
    const given = together.flatMap((i) => contacts[i]!.map((c) => ({ i, kind: c.kind, value: c.value })));
    const rows = await queryText<Row>(q, alone ? IDENTIFY_ALONE : IDENTIFY, [JSON.stringify(people), JSON.stringify(given), currency]);
    for (const row of rows) {
      const i = row.i;
      answered.add(i);
      const hint = hints[i]!;
      const number = Number(row.n);
      if (row.created && row.added < contacts[i]!.length) {
        // A concurrent intake registered one of these contacts first: drop ours, take the careful path.
        careful.push(async (tx) => {
          await tx.delete(customerContacts).where(eq(customerContacts.customerId, row.id));
          await tx.delete(customers).where(eq(customers.id, row.id));
          out[i] = { customer: await identifyCustomer(tx, hint, currency), number };
        });
        continue;
      }
      if (!row.created && ((!row.name && hint.name) || (!row.language && hint.language))) {
        // One statement each (in the pool's case it commits alone: nothing else depends on it).
        await q
          .update(customers)
          .set({ name: sql`coalesce(${customers.name}, ${hint.name ?? null})`, language: sql`coalesce(${customers.language}, ${hint.language ?? null})` })
          .where(eq(customers.id, row.id));
      }
      out[i] = { customer: { id: row.id, name: row.name, language: row.language, tier: row.tier, lifetimeValue: Number(row.lifetime_value_minor), created: row.created }, number };
    }
  }
  // The rest (and anything the statement left unanswered), one by one in arrival order.
  const rest = hints.flatMap((_, i) => (answered.has(i) ? [] : [i]));
  if (careful.length || rest.length) {
    const fixUp = async (tx: Tx) => {
      for (const step of careful) await step(tx);
      for (const i of rest) out[i] = await identifyCustomerAndNumber(tx, hints[i]!, currency);
    };
    if (isTransaction(q)) await fixUp(q);
    else await q.transaction((t) => fixUp(t as Tx));
  }
  return out as Identification[];
}
