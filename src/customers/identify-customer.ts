// One customer across channels (P-1.1): find by external reference, email or
// phone; otherwise create one. Safe under concurrent intake of the same person.
import { eq, inArray, or, and, sql } from 'drizzle-orm';
import { customerContacts, customers } from '../db/schema.ts';
import { queryRows, type Tx } from '../db/client.ts';
import { newId } from '../db/ids.ts';

export interface CustomerHint {
  /** Already known (a review author matched by handle): used as is, following a merge. Internal only. */
  customerId?: string | null;
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  externalRef?: string | null;
  language?: string | null;
}

export function normaliseEmail(e: string): string {
  return e.trim().toLowerCase();
}

/** Digits with a leading + kept: "+371 2000-0000" → "+37120000000". */
export function normalisePhone(p: string): string {
  const t = p.trim();
  return (t.startsWith('+') ? '+' : '') + t.replace(/\D/g, '');
}

export function contactsOf(h: CustomerHint): { kind: 'email' | 'phone'; value: string }[] {
  const out: { kind: 'email' | 'phone'; value: string }[] = [];
  if (h.email) out.push({ kind: 'email', value: normaliseEmail(h.email) });
  if (h.phone && normalisePhone(h.phone).replace('+', '').length > 0) out.push({ kind: 'phone', value: normalisePhone(h.phone) });
  return out;
}

/** Finds the customer these details belong to, or creates one; adds contacts not yet known. */
export interface IdentifiedCustomer {
  id: string;
  name: string | null;
  language: string | null;
  tier: string;
  lifetimeValue: number;
}

export async function identifyCustomer(tx: Tx, hint: CustomerHint, currency: string): Promise<IdentifiedCustomer & { created: boolean }> {
  const contacts = contactsOf(hint);
  let found: IdentifiedCustomer | undefined;
  if (hint.customerId) {
    [found] = await tx
      .select({ id: customers.id, name: customers.name, language: customers.language, tier: customers.tier, lifetimeValue: customers.lifetimeValue })
      .from(customers)
      .where(sql`${customers.id} = (select coalesce(merged_into_id, id) from customers where id = ${hint.customerId}::uuid)`);
  }
  if (!found && hint.externalRef) {
    // A merged duplicate keeps its reference; the customer is the record it was merged into.
    [found] = await tx
      .select({ id: customers.id, name: customers.name, language: customers.language, tier: customers.tier, lifetimeValue: customers.lifetimeValue })
      .from(customers)
      .where(sql`${customers.id} = (select coalesce(merged_into_id, id) from customers where external_ref = ${hint.externalRef})`);
  }
  if (!found && contacts.length) {
    [found] = await tx
      .select({ id: customers.id, name: customers.name, language: customers.language, tier: customers.tier, lifetimeValue: customers.lifetimeValue })
      .from(customerContacts)
      .innerJoin(customers, eq(customers.id, customerContacts.customerId))
      .where(or(...contacts.map((c) => and(eq(customerContacts.kind, c.kind), eq(customerContacts.value, c.value)))))
      .limit(1);
  }
  let created = false;
  if (!found) {
    const id = newId();
    const [row] = await tx
      .insert(customers)
      .values({ id, name: hint.name ?? null, language: hint.language ?? null, externalRef: hint.externalRef ?? null, currency })
      .onConflictDoNothing()
      .returning({ id: customers.id, name: customers.name, language: customers.language, tier: customers.tier, lifetimeValue: customers.lifetimeValue });
    if (row) {
      found = row;
      created = true;
    } else {
      // Another intake created the same external reference a moment ago.
      [found] = await tx
        .select({ id: customers.id, name: customers.name, language: customers.language, tier: customers.tier, lifetimeValue: customers.lifetimeValue })
        .from(customers)
        .where(eq(customers.externalRef, hint.externalRef!));
    }
  } else if ((!found.name && hint.name) || (!found.language && hint.language)) {
    await tx
      .update(customers)
      .set({ name: sql`coalesce(${customers.name}, ${hint.name ?? null})`, language: sql`coalesce(${customers.language}, ${hint.language ?? null})` })
      .where(eq(customers.id, found.id));
  }
  const customer = found!;
  if (contacts.length) {
    const inserted = await tx
      .insert(customerContacts)
      .values(contacts.map((c) => ({ id: newId(), customerId: customer.id, kind: c.kind, value: c.value })))
      .onConflictDoNothing()
      .returning({ kind: customerContacts.kind });
    if (created && inserted.length < contacts.length) {
      // A concurrent intake registered one of these contacts first: use that customer, drop ours.
      const [owner] = await tx
        .select({ customerId: customerContacts.customerId })
        .from(customerContacts)
        .where(inArray(customerContacts.value, contacts.map((c) => c.value)))
        .limit(1);
      if (owner && owner.customerId !== customer.id) {
        await tx.delete(customerContacts).where(eq(customerContacts.customerId, customer.id));
        await tx.delete(customers).where(eq(customers.id, customer.id));
        const [other] = await tx
          .select({ id: customers.id, name: customers.name, language: customers.language, tier: customers.tier, lifetimeValue: customers.lifetimeValue })
          .from(customers)
          .where(eq(customers.id, owner.customerId));
        return { ...other!, created: false };
      }
    }
  }
  return { ...customer, created };
}

/**
 * Intake's fast path: find or create the customer, add new contacts and draw
 * the next case number in ONE statement (intake runs a thousand times a
 * second). The rare race — another intake registering the same contact a
 * moment earlier — is repaired afterwards by moving to that customer.
 */
export async function identifyCustomerAndNumber(tx: Tx, hint: CustomerHint, currency: string): Promise<{ customer: IdentifiedCustomer & { created: boolean }; number: number }> {
  const contacts = contactsOf(hint);
  const [row] = await queryRows<{ id: string; name: string | null; language: string | null; tier: string; lifetime_value_minor: number; created: boolean; added: number; n: number }>(
    tx,
    sql`
    with hint as (select * from jsonb_to_recordset(${JSON.stringify(contacts)}::jsonb) as h(kind text, value text)),
    found as (
      (select c.id, c.name, c.language, c.tier, c.lifetime_value_minor from customers s
        join customers c on c.id = coalesce(s.merged_into_id, s.id)
        where ${hint.customerId ?? null}::uuid is not null and s.id = ${hint.customerId ?? null}::uuid)
      union all
      (select c.id, c.name, c.language, c.tier, c.lifetime_value_minor from customers s
        join customers c on c.id = coalesce(s.merged_into_id, s.id)
        where ${hint.externalRef ?? null}::text is not null and s.external_ref = ${hint.externalRef ?? null}::text)
      union all
      (select c.id, c.name, c.language, c.tier, c.lifetime_value_minor from customer_contacts k
        join hint h on h.kind = k.kind and h.value = k.value join customers c on c.id = k.customer_id)
      limit 1
    ),
    created as (
      insert into customers (id, name, language, external_ref, currency)
      select ${newId()}::uuid, ${hint.name ?? null}::text, ${hint.language ?? null}::text, ${hint.externalRef ?? null}::text, ${currency}::text
      where not exists (select 1 from found)
      on conflict do nothing
      returning id, name, language, tier, lifetime_value_minor
    ),
    who as (select *, false as created from found union all select *, true as created from created),
    added as (
      insert into customer_contacts (id, customer_id, kind, value)
      select gen_random_uuid(), (select id from who limit 1), h.kind, h.value from hint h where exists (select 1 from who)
      on conflict do nothing
      returning 1
    )
    select who.*, (select count(*) from added)::int as added, nextval('case_number_seq')::int8 as n from who`,
  );
  const number = Number(row ? row.n : (await queryRows<{ n: number }>(tx, sql`select nextval('case_number_seq')::int8 as n`))[0]!.n);
  if (!row || (row.created && row.added < contacts.length)) {
    // A concurrent intake won the race for the external reference or a contact: take the careful path.
    if (row?.created) {
      await tx.delete(customerContacts).where(eq(customerContacts.customerId, row.id));
      await tx.delete(customers).where(eq(customers.id, row.id));
    }
    return { customer: await identifyCustomer(tx, hint, currency), number };
  }
  const customer = { id: row.id, name: row.name, language: row.language, tier: row.tier, lifetimeValue: Number(row.lifetime_value_minor), created: row.created };
  if (!row.created && ((!row.name && hint.name) || (!row.language && hint.language))) {
    await tx
      .update(customers)
      .set({ name: sql`coalesce(${customers.name}, ${hint.name ?? null})`, language: sql`coalesce(${customers.language}, ${hint.language ?? null})` })
      .where(eq(customers.id, row.id));
  }
  return { customer, number };
}
