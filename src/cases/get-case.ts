// The case as the API shows it (API.md): the row, its customer, playbook
// progress derived from events, and every part of the recovery in one view.
import { asc, eq, sql } from 'drizzle-orm';
import {
  attachments,
  caseEvents,
  caseParticipants,
  cases,
  clocks,
  commitments,
  compensations,
  customerContacts,
  customers,
  messages,
  offers,
  ratings,
  resolutionOptions,
  restatements,
  users,
} from '../db/schema.ts';
import { readAll, type Queryable } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { formatCaseNumber, priorityName, type CaseStatus } from '../domain/case-lifecycle.ts';
import { computePlaybook } from '../domain/playbook.ts';
import { fromMinor } from '../domain/money.ts';
import type { detectionSummary } from '../domain/triage.ts';
import { isUuid } from './case-store.ts';
import { PREVIEWABLE } from '../domain/file-types.ts';

/** The detection kept on a case (plan-triage, record-message): the summary and, when triage said so, a safety note. */
export type CaseDetection = ReturnType<typeof detectionSummary> & { safetyNote?: string };

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export async function getCase(q: Queryable, caseId: string) {
  if (!isUuid(caseId)) throw new AppError('CASE_NOT_FOUND', 'no such case');
  const [row] = await q.select().from(cases).where(eq(cases.id, caseId));
  if (!row) throw new AppError('CASE_NOT_FOUND', 'no such case');
  const [customerRows, contactRows, ownerRows, eventRows, messageRows, restRows, optionRows, commitmentRows, compRows, offerRows, clockRows, ratingRows, participantRows, fileRows] =
    await readAll(q, [
      () => q.select().from(customers).where(eq(customers.id, row.customerId)),
      () => q.select().from(customerContacts).where(eq(customerContacts.customerId, row.customerId)).orderBy(asc(customerContacts.createdAt)),
      () => row.ownerId ? q.select({ id: users.id, name: users.name, role: users.role }).from(users).where(eq(users.id, row.ownerId)) : Promise.resolve([]),
      () => q.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.id)),
      () => q.select().from(messages).where(eq(messages.caseId, caseId)).orderBy(asc(messages.createdAt), asc(messages.id)),
      () => q.select().from(restatements).where(eq(restatements.caseId, caseId)).orderBy(asc(restatements.createdAt)),
      () => q.select().from(resolutionOptions).where(eq(resolutionOptions.caseId, caseId)).orderBy(asc(resolutionOptions.createdAt), asc(resolutionOptions.id)),
      () => q.select().from(commitments).where(eq(commitments.caseId, caseId)).orderBy(asc(commitments.dueAt)),
      () => q.select().from(compensations).where(eq(compensations.caseId, caseId)).orderBy(asc(compensations.createdAt)),
      () => q.select().from(offers).where(eq(offers.caseId, caseId)).orderBy(asc(offers.createdAt)),
      () => q.select().from(clocks).where(eq(clocks.caseId, caseId)).orderBy(asc(clocks.dueAt)),
      () => q.select().from(ratings).where(eq(ratings.caseId, caseId)),
      () => q
        .select({ userId: caseParticipants.userId, role: caseParticipants.role, reason: caseParticipants.reason, name: users.name })
        .from(caseParticipants)
        .innerJoin(users, eq(users.id, caseParticipants.userId))
        .where(eq(caseParticipants.caseId, caseId)),
      // The files without their bytes: whether each was kept, and why not.
      () => q
        .select({ id: attachments.id, messageId: attachments.messageId, filename: attachments.filename, contentType: attachments.contentType, size: attachments.size, kept: sql<boolean>`${attachments.content} is not null`, skippedReason: attachments.skippedReason })
        .from(attachments)
        .where(eq(attachments.caseId, caseId))
        .orderBy(asc(attachments.createdAt), asc(attachments.id)),
    ] as const);
  const customer = customerRows[0]!;
  const restatement = restRows.at(-1);
  const rating = ratingRows[0];
  return {
    id: row.id,
    number: formatCaseNumber(row.number),
    status: row.status as CaseStatus,
    channel: row.channel,
    priority: priorityName(row.priority),
    language: row.language,
    journeyStage: row.journeyStage,
    subject: row.subject,
    orderRef: row.orderRef,
    orderId: row.orderId,
    ownerId: row.ownerId,
    owner: ownerRows[0] ?? null,
    participants: participantRows,
    customer: {
      id: customer.id,
      name: customer.name,
      language: customer.language,
      tier: customer.tier,
      lifetimeValue: fromMinor(customer.lifetimeValue, customer.currency),
      contacts: contactRows.map((c) => ({ kind: c.kind, value: c.value })),
    },
    detection: (row.detection ?? null) as CaseDetection | null,
    playbook: computePlaybook(eventRows.map((e) => ({ type: e.type, data: e.data as Record<string, unknown>, createdAt: e.createdAt }))),
    clocks: clockRows.map((c) => ({
      id: c.id,
      kind: c.kind,
      label: c.label,
      status: c.status,
      meetsOn: c.meetsOn,
      startedAt: iso(c.startedAt),
      dueAt: iso(c.dueAt),
      warnAt: iso(c.warnAt),
      stoppedAt: iso(c.stoppedAt),
      // Red when breached, amber from the warning time on, green otherwise.
      color: (c.status === 'breached' ? 'red' : c.status === 'running' && c.warnAt && c.warnAt <= new Date() ? 'amber' : 'green') as 'red' | 'amber' | 'green',
    })),
    restatement: restatement
      ? {
          id: restatement.id,
          text: restatement.text,
          status: restatement.status,
          correction: restatement.correction,
          confirmedVia: restatement.confirmedVia,
          createdAt: iso(restatement.createdAt),
          respondedAt: iso(restatement.respondedAt),
        }
      : null,
    restatements: restRows.map((r) => ({ id: r.id, text: r.text, status: r.status, correction: r.correction, createdAt: iso(r.createdAt) })),
    options: optionRows
      .filter((o) => !o.withdrawnAt)
      .map((o) => ({
        id: o.id,
        title: o.title,
        description: o.description,
        cost: o.cost !== null && o.currency ? fromMinor(o.cost, o.currency) : null,
        chosen: o.chosenAt !== null,
        chosenBy: o.chosenBy,
      })),
    commitments: commitmentRows.map((c) => ({
      id: c.id,
      description: c.description,
      dueAt: iso(c.dueAt)!,
      status: c.status,
      ownerId: c.ownerId,
      completedAt: iso(c.completedAt),
    })),
    compensations: compRows.map((c) => ({
      id: c.id,
      kind: c.kind,
      value: fromMinor(c.value, c.currency),
      status: c.status as 'granted' | 'pending_approval' | 'rejected',
      approvalRole: c.approvalRole,
      description: c.description,
      fault: c.fault,
      requestedBy: c.requestedBy,
      decidedBy: c.decidedBy,
      decisionReason: c.decisionReason,
      createdAt: iso(c.createdAt),
    })),
    offers: offerRows.map((o) => ({
      id: o.id,
      status: o.status,
      gift: { description: o.giftDescription, value: fromMinor(o.giftValue, o.currency) },
      bonus: { value: fromMinor(o.bonusValue, o.currency), expiresAt: iso(o.bonusExpiresAt) },
      choice: o.choice as 'gift' | 'bonus' | 'both' | null,
    })),
    rating: rating ? { score: rating.score, comment: rating.comment, praisedUserId: rating.praisedUserId } : null,
    messages: messageRows.map((m) => ({
      id: m.id,
      direction: m.direction as 'inbound' | 'outbound',
      channel: m.channel,
      kind: m.kind,
      subject: m.subject,
      body: m.body,
      authorUserId: m.authorUserId,
      deliveryStatus: m.deliveryStatus,
      deliveryNote: m.deliveryNote,
      createdAt: iso(m.createdAt),
    })),
    attachments: fileRows.map((f) => ({ ...f, previewable: f.kept && PREVIEWABLE.has(f.contentType) })),
    timeline: eventRows.map((e) => ({ id: String(e.id), type: e.type, actor: { type: e.actorType, id: e.actorId }, data: e.data as Record<string, unknown>, at: iso(e.createdAt), internal: e.type === 'note_added' })),
    categoryId: row.categoryId,
    suggestedCategory: row.suggestedCategory,
    closeReason: row.closeReason,
    reopenCount: row.reopenCount,
    churn: row.churnRisk === null ? null : { risk: row.churnRisk, factors: (row.churnFactors as { factor: string; contribution: number }[] | null) ?? [] },
    occurredAt: iso(row.occurredAt),
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
    acknowledgedAt: iso(row.acknowledgedAt),
    understoodAt: iso(row.understoodAt),
    resolvedAt: iso(row.resolvedAt),
    closedAt: iso(row.closedAt),
  };
}

export type CaseView = Awaited<ReturnType<typeof getCase>>;
