// GDPR Art. 17: a customer is erased. Their name, contacts, notes and everything they
// wrote or sent go (customers, contacts, messages, raw mail, files, the timeline's text,
// form metadata, portal links, reviews, surveys, keep-in-touch mail); counts, dates,
// categories and money stay for the reports, and case numbers stay. The record is kept
// (erased_at set), so mail from the same address later opens a fresh customer.
import { eq, inArray, or, sql } from 'drizzle-orm';
import { callEvents, cases, customerContacts, customerReviews, customers, customerTouches, reviews, surveyResponses } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import type { Actor } from '../context.ts';
import { AppError } from '../domain/errors.ts';
import { ERASED, personalNeedles } from '../domain/personal-data.ts';
import { formatCaseNumber } from '../domain/case-lifecycle.ts';
import { isUuid } from '../cases/case-store.ts';
import { recordAudit, type AuditContext } from '../audit/record-audit.ts';
import { casesOf, scrubCases, type ScrubCounts } from './scrub-cases.ts';

export interface EraseResult {
  customerId: string;
  erasedAt: string;
  /** Duplicate records merged into this one, erased with it. */
  mergedRecords: number;
  contacts: number;
  scrubbed: ScrubCounts;
  /** The case numbers that remain, without a word of what was in them. */
  caseNumbers: string[];
}

/** Erases the customer and the duplicates merged into them; erasing twice changes nothing more. */
export async function eraseCustomer(tx: Tx, actor: Actor, input: { customerId: string }, opts: { audit?: AuditContext } = {}): Promise<EraseResult> {
  if (!isUuid(input.customerId)) throw new AppError('CUSTOMER_NOT_FOUND', 'no such customer');
  const [main] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.id, input.customerId)).for('update');
  if (!main) throw new AppError('CUSTOMER_NOT_FOUND', 'no such customer');
  const people = await tx.select({ id: customers.id, name: customers.name, externalRef: customers.externalRef }).from(customers).where(or(eq(customers.id, main.id), eq(customers.mergedIntoId, main.id)));
  const ids = people.map((p) => p.id);
  const contacts = await tx.select({ value: customerContacts.value }).from(customerContacts).where(inArray(customerContacts.customerId, ids));
  const needles = personalNeedles({ names: people.map((p) => p.name), contacts: [...contacts.map((c) => c.value), ...people.map((p) => p.externalRef ?? '')] });

  const caseIds = await casesOf(tx, ids);
  const scrubbed = await scrubCases(tx, caseIds, needles);
  // What is tied to the person rather than to a case.
  await tx.delete(customerContacts).where(inArray(customerContacts.customerId, ids));
  await tx.update(reviews).set({ author: null, text: ERASED, link: null }).where(inArray(reviews.customerId, ids));
  await tx.update(surveyResponses).set({ comment: null }).where(inArray(surveyResponses.customerId, ids));
  await tx.update(callEvents).set({ fromNumber: ERASED, recordingUrl: null, data: {} }).where(inArray(callEvents.customerId, ids));
  await tx.update(customerReviews).set({ reason: ERASED }).where(inArray(customerReviews.customerId, ids));
  const touches = await tx.update(customerTouches).set({ subject: null, body: null, recipient: null, deliveryNote: null }).where(inArray(customerTouches.customerId, ids)).returning({ id: customerTouches.id });
  if (touches.length) {
    await tx.execute(sql`update jobs set state = 'failed', finished_at = now(), last_error = 'the customer was erased'
      where state = 'pending' and kind = 'touch.send' and payload->>'touchId' = any(${`{${touches.map((t) => t.id).join(',')}}`}::text[])`);
  }
  // A stored first answer to a creating request may repeat what they told us.
  for (const n of needles.filter((x) => x.length >= 4)) {
    await tx.execute(sql`delete from idempotency_keys where response::text ilike ${`%${n.replace(/[\\%_]/g, (m) => `\\${m}`)}%`}`);
  }
  const [done] = await tx
    .update(customers)
    .set({ name: null, externalRef: null, notes: null, departureReason: null, doNotContact: true, erasedAt: sql`coalesce(${customers.erasedAt}, now())`, updatedAt: sql`now()` })
    .where(inArray(customers.id, ids))
    .returning({ id: customers.id, erasedAt: customers.erasedAt });
  const caseNumbers = caseIds.length ? (await tx.select({ n: cases.number }).from(cases).where(inArray(cases.id, caseIds)).orderBy(cases.number)).map((r) => formatCaseNumber(r.n)) : [];
  const result: EraseResult = {
    customerId: main.id,
    erasedAt: (done?.erasedAt ?? new Date()).toISOString(),
    mergedRecords: ids.length - 1,
    contacts: contacts.length,
    scrubbed,
    caseNumbers,
  };
  // Ids and counts only: the audit log must not keep what was just erased.
  await recordAudit(tx, opts.audit ?? { actor }, { action: 'customer.erase', targetType: 'customer', targetId: main.id, after: { ...result, caseNumbers: undefined, cases: caseNumbers.length } });
  return result;
}
