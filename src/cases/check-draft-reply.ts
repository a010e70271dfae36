// The reply checker on a draft (P-2.5, P-2.6): warnings before a reply is
// sent, for a case named by id. Reads only; changes nothing.
import { eq } from 'drizzle-orm';
import { cases } from '../db/schema.ts';
import type { Queryable } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { isUuid } from './case-store.ts';
import { checkReplyFor } from './record-message.ts';
import type { ReplyWarning } from '../domain/reply-check.ts';

/** Warnings about a draft reply on a case; the staff page calls it while the agent types. */
export async function checkDraftReply(q: Queryable, caseId: string, input: { body: string; channel: string }): Promise<{ warnings: ReplyWarning[] }> {
  const [row] = await q.select().from(cases).where(eq(cases.id, isUuid(caseId) ? caseId : '00000000-0000-0000-0000-000000000000'));
  if (!row) throw new AppError('CASE_NOT_FOUND', 'no such case');
  return { warnings: await checkReplyFor(q, row, input.body, input.channel) };
}
