// What the customer sees behind their link: status, the restatement to
// confirm, options and offers to choose, what happens next (P-2.11) and
// the conversation — never staff-only data.
import type { Queryable } from '../db/client.ts';
import { getCaseForPortal } from '../cases/get-case.ts';

export async function getPortalView(q: Queryable, caseId: string) {
  // P-4.8: whether the customer has already praised the person handling the case comes with the case.
  const { view: c, praisedOwner } = await getCaseForPortal(q, caseId);
  return {
    caseNumber: c.number,
    status: c.status,
    language: c.language,
    subject: c.subject,
    customerName: c.customer.name ?? null,
    owner: c.owner ? { name: c.owner.name } : null,
    praisedOwner,
    restatement: c.restatement ? { text: c.restatement.text, status: c.restatement.status, correction: c.restatement.correction } : null,
    options: c.options.map((o) => ({ id: o.id, title: o.title, description: o.description, chosen: o.chosen })),
    offers: c.offers.map((o) => ({ id: o.id, status: o.status, gift: o.gift, bonus: o.bonus, choice: o.choice })),
    commitments: c.commitments.map((m) => ({ description: m.description, dueAt: m.dueAt, status: m.status })),
    compensations: c.compensations.filter((m) => m.status === 'granted').map((m) => ({ kind: m.kind, value: m.value, description: m.description })),
    messages: c.messages.map((m) => ({ direction: m.direction, kind: m.kind, subject: m.subject, body: m.body, at: m.createdAt })),
    rating: c.rating ? { score: c.rating.score } : null,
    createdAt: c.createdAt,
  };
}
