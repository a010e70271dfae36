// The composer's search: templates with their placeholders filled in for one
// case — the customer's name, the case number, the owner's name — in the
// case's language first.
import { eq } from 'drizzle-orm';
import { cases, customers, users } from '../db/schema.ts';
import type { Queryable } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { formatCaseNumber } from '../domain/case-lifecycle.ts';
import { fillPlaceholders, type PlaceholderValues } from '../domain/canned-replies.ts';
import { isUuid } from '../cases/case-store.ts';
import { listCannedReplies, type CannedReply } from './list-canned-replies.ts';

/** What fills the placeholders on this case. */
export async function placeholderValues(q: Queryable, caseId: string): Promise<{ values: PlaceholderValues; language: string }> {
  const [row] = isUuid(caseId)
    ? await q
        .select({ number: cases.number, language: cases.language, customerName: customers.name, ownerName: users.name })
        .from(cases)
        .innerJoin(customers, eq(customers.id, cases.customerId))
        .leftJoin(users, eq(users.id, cases.ownerId))
        .where(eq(cases.id, caseId))
    : [];
  if (!row) throw new AppError('CASE_NOT_FOUND', 'no such case');
  return { values: { customerName: row.customerName ?? '', caseNumber: formatCaseNumber(row.number), ownerName: row.ownerName ?? '' }, language: row.language };
}

/** Templates for a case, filled in; the case's language unless another is asked for (language "all": every one). */
export async function cannedRepliesForCase(q: Queryable, caseId: string, input: { q?: string; language?: string }): Promise<(CannedReply & { filled: string })[]> {
  const { values, language } = await placeholderValues(q, caseId);
  const lang = input.language === 'all' ? undefined : (input.language ?? language);
  const list = await listCannedReplies(q, { q: input.q, language: lang });
  return list.map((r) => ({ ...r, filled: fillPlaceholders(r.body, values) }));
}
