// A customer created by staff: one record with many contacts (emails, phones, an
// external reference), each contact belonging to one customer only.

import { customerContacts, customers } from '../db/schema.ts';
import { type Tx } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { AppError } from '../domain/errors.ts';
import { normaliseEmail, normalisePhone } from './identify-customer.ts';

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

