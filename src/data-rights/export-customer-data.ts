// GDPR Art. 15 and 20: everything Amends holds about one customer (and the duplicates
// merged into them), as data a machine can read: the JSON document, every attachment
// and every raw mail as it arrived. customer-archive.ts packs it as one zip.
import { asc, eq, getTableColumns, inArray, or } from 'drizzle-orm';
import {
  attachments, bonuses, callEvents, caseEvents, caseParticipants, cases, clocks, commitments, compensations, customerContacts, customerReviews, customers,
  customerTouches, followUps, inboundEmails, messages, offers, orders, ratings, recoveryCosts, resolutionOptions, restatements, reviews, surveyResponses,
} from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import type { Actor } from '../context.ts';
import { AppError } from '../domain/errors.ts';
import { isUuid } from '../cases/case-store.ts';
import { formatCaseNumber } from '../domain/case-lifecycle.ts';
import { recordAudit, type AuditContext } from '../audit/record-audit.ts';

/** A file in the archive beside data.json. */
export interface ArchiveFile {
  path: string;
  content: Buffer;
}

export interface CustomerData {
  customerId: string;
  /** The JSON document (data.json). */
  data: Record<string, unknown>;
  files: ArchiveFile[];
}

/** A file name safe in any archive tool: no directories, no control characters. */
const safeName = (s: string | null, fallback: string) => (s ?? '').replace(/[^\p{L}\p{N}._ -]+/gu, '_').replace(/^\.+/, '').slice(0, 120) || fallback;

/** Reads everything about the customer in one transaction (a consistent picture) and audits the export. */
export async function exportCustomerData(tx: Tx, actor: Actor, input: { customerId: string }, opts: { audit?: AuditContext } = {}): Promise<CustomerData> {
  if (!isUuid(input.customerId)) throw new AppError('CUSTOMER_NOT_FOUND', 'no such customer');
  const people = await tx.select().from(customers).where(or(eq(customers.id, input.customerId), eq(customers.mergedIntoId, input.customerId)));
  const main = people.find((p) => p.id === input.customerId);
  if (!main) throw new AppError('CUSTOMER_NOT_FOUND', 'no such customer');
  const ids = people.map((p) => p.id);
  const caseRows = await tx.select().from(cases).where(inArray(cases.customerId, ids)).orderBy(asc(cases.number));
  const caseIds = caseRows.map((c) => c.id);
  const byCase = <T extends { caseId: string }>(rows: T[]) => (id: string) => rows.filter((r) => r.caseId === id);
  const none = caseIds.length === 0;
  const inCases = <T extends { caseId: unknown }>(t: T) => inArray(t.caseId as never, none ? ['00000000-0000-0000-0000-000000000000'] : caseIds);

  const { content: _content, ...attachmentCols } = getTableColumns(attachments);
  const { raw: _raw, ...inboundCols } = getTableColumns(inboundEmails);
  const [msgs, events, restated, options, promises, rated, follow, clockRows, participants, comps, offerRows, costs, files, mails] = await Promise.all([
    tx.select().from(messages).where(inCases(messages)).orderBy(asc(messages.createdAt)),
    tx.select().from(caseEvents).where(inCases(caseEvents)).orderBy(asc(caseEvents.id)),
    tx.select().from(restatements).where(inCases(restatements)),
    tx.select().from(resolutionOptions).where(inCases(resolutionOptions)),
    tx.select().from(commitments).where(inCases(commitments)),
    tx.select().from(ratings).where(inCases(ratings)),
    tx.select().from(followUps).where(inCases(followUps)),
    tx.select().from(clocks).where(inCases(clocks)),
    tx.select().from(caseParticipants).where(inCases(caseParticipants)),
    tx.select().from(compensations).where(inCases(compensations)),
    tx.select().from(offers).where(inCases(offers)),
    tx.select().from(recoveryCosts).where(inCases(recoveryCosts)),
    tx.select(attachmentCols).from(attachments).where(inCases(attachments)),
    tx.select(inboundCols).from(inboundEmails).where(inArray(inboundEmails.caseId, none ? ['00000000-0000-0000-0000-000000000000'] : caseIds)),
  ]);
  const [contacts, orderRows, touches, managerReviews, bonusRows, reviewRows, surveys, calls] = await Promise.all([
    tx.select().from(customerContacts).where(inArray(customerContacts.customerId, ids)),
    tx.select().from(orders).where(inArray(orders.customerId, ids)),
    tx.select().from(customerTouches).where(inArray(customerTouches.customerId, ids)),
    tx.select().from(customerReviews).where(inArray(customerReviews.customerId, ids)),
    tx.select().from(bonuses).where(inArray(bonuses.customerId, ids)),
    tx.select().from(reviews).where(or(inArray(reviews.customerId, ids), inCases(reviews))),
    tx.select().from(surveyResponses).where(or(inArray(surveyResponses.customerId, ids), inCases(surveyResponses))),
    tx.select().from(callEvents).where(or(inArray(callEvents.customerId, ids), inCases(callEvents))),
  ]);

  // The bytes, one file each: attachments as they came, mail as .eml.
  const out: ArchiveFile[] = [];
  const fileRows = files.length ? await tx.select({ id: attachments.id, filename: attachments.filename, content: attachments.content }).from(attachments).where(inArray(attachments.id, files.map((f) => f.id))) : [];
  for (const f of fileRows) if (f.content) out.push({ path: `attachments/${f.id}-${safeName(f.filename, 'file')}`, content: f.content });
  const mailRows = mails.length ? await tx.select({ id: inboundEmails.id, raw: inboundEmails.raw }).from(inboundEmails).where(inArray(inboundEmails.id, mails.map((m) => m.id))) : [];
  for (const m of mailRows) out.push({ path: `mail/${m.id}.eml`, content: m.raw });

  const c = (id: string) => ({
    messages: byCase(msgs)(id),
    events: byCase(events)(id),
    restatements: byCase(restated)(id),
    options: byCase(options)(id),
    commitments: byCase(promises)(id),
    rating: byCase(rated)(id)[0] ?? null,
    followUps: byCase(follow)(id),
    clocks: byCase(clockRows)(id),
    participants: byCase(participants)(id),
    compensations: byCase(comps)(id),
    offers: byCase(offerRows)(id),
    recoveryCosts: byCase(costs)(id),
    attachments: byCase(files)(id).map((f) => ({ ...f, archivePath: out.find((o) => o.path.startsWith(`attachments/${f.id}-`))?.path ?? null })),
    rawMail: mails.filter((m) => m.caseId === id).map((m) => ({ ...m, archivePath: `mail/${m.id}.eml` })),
  });
  const data = {
    format: 'amends-customer-export/1',
    exportedAt: new Date().toISOString(),
    customer: main,
    mergedRecords: people.filter((p) => p.id !== main.id),
    contacts,
    orders: orderRows,
    bonuses: bonusRows,
    touches,
    managerReviews,
    reviews: reviewRows,
    surveys,
    calls,
    cases: caseRows.map((row) => {
      const { replyToken: _token, ...rest } = row;
      return { ...rest, number: formatCaseNumber(row.number), ...c(row.id) };
    }),
  };
  await recordAudit(tx, opts.audit ?? { actor }, {
    action: 'customer.export_data',
    targetType: 'customer',
    targetId: main.id,
    after: { cases: caseRows.length, messages: msgs.length, files: out.length },
  });
  return { customerId: main.id, data, files: out };
}
