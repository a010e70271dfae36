// Customers: one record with many contacts, orders that drive value figures
// (P-3.5 bonuses, P-3.7 recovery returns), their cases and compensations.
import { asc, desc, eq, sql } from 'drizzle-orm';
import { cases, compensations, customerContacts, customers, orders } from '../db/schema.ts';
import { readAll, type Queryable, type Tx } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { AppError } from '../domain/errors.ts';
import { formatCaseNumber, priorityName } from '../domain/case-lifecycle.ts';
import { fromMinor, toMinor, type Money } from '../domain/money.ts';
import { identifyCustomer, normaliseEmail, normalisePhone } from './identify-customer.ts';
import { isUuid } from './case-store.ts';
import { listTouches } from './keep-in-touch.ts';

export interface CreateCustomerInput {
  name: string;
  emails?: string[];
  phones?: string[];
  externalRef?: string | null;
  language?: string | null;
  tier?: string;
}

/** Creates a customer; 409 DUPLICATE when a contact or reference already belongs to someone. */
export async function createCustomer(tx: Tx, currency: string, input: CreateCustomerInput): Promise<{ id: string }> {
  const emails = (input.emails ?? []).map(normaliseEmail);
  const phones = (input.phones ?? []).map(normalisePhone);
  const id = newId();
  const [created] = await tx
    .insert(customers)
    .values({ id, name: input.name, externalRef: input.externalRef ?? null, language: input.language ?? null, tier: input.tier ?? 'standard', currency })
    .onConflictDoNothing()
    .returning({ id: customers.id });
  if (!created) throw new AppError('DUPLICATE', 'a customer with this external reference exists', { externalRef: input.externalRef });
  const contacts = [...emails.map((value) => ({ kind: 'email', value })), ...phones.map((value) => ({ kind: 'phone', value }))];
  if (contacts.length) {
    const inserted = await tx
      .insert(customerContacts)
      .values(contacts.map((c) => ({ id: newId(), customerId: id, ...c })))
      .onConflictDoNothing()
      .returning({ value: customerContacts.value });
    if (inserted.length < contacts.length) {
      const taken = contacts.filter((c) => !inserted.some((i) => i.value === c.value)).map((c) => c.value);
      throw new AppError('DUPLICATE', 'a contact already belongs to another customer', { contacts: taken });
    }
  }
  return { id };
}

/** Records an order and keeps the customer's value figures current in the same transaction. */
export async function addOrder(tx: Tx, customerId: string, input: { ref: string; total: Money; placedAt: Date }): Promise<{ id: string }> {
  if (!isUuid(customerId)) throw new AppError('CUSTOMER_NOT_FOUND', 'no such customer');
  const [customer] = await tx.select().from(customers).where(eq(customers.id, customerId)).for('update');
  if (!customer) throw new AppError('CUSTOMER_NOT_FOUND', 'no such customer');
  if (input.total.currency !== customer.currency) {
    throw new AppError('CURRENCY_MISMATCH', `this customer's orders are in ${customer.currency}`, { expected: customer.currency });
  }
  const total = toMinor(input.total);
  const id = newId();
  const [row] = await tx
    .insert(orders)
    .values({ id, customerId, ref: input.ref, total, currency: customer.currency, placedAt: input.placedAt })
    .onConflictDoNothing()
    .returning({ id: orders.id });
  if (!row) throw new AppError('DUPLICATE', `an order with reference ${input.ref} exists`, { ref: input.ref });
  await tx
    .update(customers)
    .set({ lifetimeValue: sql`${customers.lifetimeValue} + ${total}`, orderCount: sql`${customers.orderCount} + 1`, updatedAt: new Date() })
    .where(eq(customers.id, customerId));
  // A case that named this order before it was known gets linked now.
  await tx.update(cases).set({ orderId: id }).where(sql`${cases.customerId} = ${customerId} and ${cases.orderRef} = ${input.ref} and ${cases.orderId} is null`);
  return { id };
}

export async function getCustomer(q: Queryable, customerId: string) {
  if (!isUuid(customerId)) throw new AppError('CUSTOMER_NOT_FOUND', 'no such customer');
  const [c] = await q.select().from(customers).where(eq(customers.id, customerId));
  if (!c) throw new AppError('CUSTOMER_NOT_FOUND', 'no such customer');
  const [contacts, orderRows, caseRows, compRows, touches] = await readAll(q, [
    () => q.select().from(customerContacts).where(eq(customerContacts.customerId, customerId)).orderBy(asc(customerContacts.createdAt)),
    () => q.select().from(orders).where(eq(orders.customerId, customerId)).orderBy(desc(orders.placedAt)).limit(200),
    () => q.select().from(cases).where(eq(cases.customerId, customerId)).orderBy(desc(cases.createdAt)).limit(200),
    () => q.select().from(compensations).where(eq(compensations.customerId, customerId)).orderBy(desc(compensations.createdAt)).limit(200),
    () => listTouches(q, customerId, 20),
  ] as const);
  const granted = compRows.filter((r) => r.status === 'granted').reduce((s, r) => s + r.value, 0);
  return {
    id: c.id,
    name: c.name,
    language: c.language,
    externalRef: c.externalRef,
    tier: c.tier,
    status: c.status,
    mergedIntoId: c.mergedIntoId,
    contacts: contacts.map((k) => ({ kind: k.kind, value: k.value })),
    value: {
      lifetimeValue: fromMinor(c.lifetimeValue, c.currency),
      orderCount: c.orderCount,
      averageOrder: fromMinor(c.orderCount ? Math.round(c.lifetimeValue / c.orderCount) : 0, c.currency),
      compensationGranted: fromMinor(granted, c.currency),
    },
    orders: orderRows.map((o) => ({ id: o.id, ref: o.ref, total: fromMinor(o.total, o.currency), placedAt: o.placedAt.toISOString() })),
    cases: caseRows.map((k) => ({ id: k.id, number: formatCaseNumber(k.number), status: k.status, priority: priorityName(k.priority), subject: k.subject, createdAt: k.createdAt.toISOString() })),
    compensations: compRows.map((r) => ({ id: r.id, caseId: r.caseId, kind: r.kind, value: fromMinor(r.value, r.currency), status: r.status, description: r.description, createdAt: r.createdAt.toISOString() })),
    departure:
      c.status === 'departed' || c.departedAt
        ? { at: c.departedAt?.toISOString() ?? null, reason: c.departureReason, kind: c.departureKind, doNotContact: c.doNotContact, current: c.status === 'departed' }
        : null,
    touches,
    createdAt: c.createdAt.toISOString(),
  };
}

export { identifyCustomer };
