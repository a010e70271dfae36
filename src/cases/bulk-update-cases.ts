// Bulk actions from the queue: assign (or take over), resolve, close, reopen or
// reprioritise up to 500 cases at once. Each case is checked as if it were acted
// on alone (who may act, P-2.4; the lifecycle's transition table) and answers for
// itself: a refusal on one case never undoes the others, and never becomes a 500.
import type { Tx } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import type { Priority } from '../domain/case-lifecycle.ts';
import type { Actor } from '../context.ts';
import { assignCase } from './assign-case.ts';
import { assertHandler, isUuid, lockCase } from './case-store.ts';
import { resolveCase } from './resolve-case.ts';
import { closeCase } from './close-case.ts';
import { reopenCase } from './reopen-case.ts';
import { changeCasesPriority } from './change-cases-priority.ts';

export const BULK_ACTIONS = ['assign', 'resolve', 'close', 'reopen', 'priority'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];
/** The most cases one bulk request moves (one transaction; locks are taken in id order). */
export const MAX_BULK_CASES = 500;

/** Done, or refused with the stable code and message the single-case route would have answered. */
export type CaseOutcome = { ok: true } | { ok: false; code: string; message: string };

export interface BulkInput {
  caseIds: string[];
  action: BulkAction;
  ownerId?: string;
  priority?: Priority;
  reason?: string;
  summary?: string;
}

/** Moves every case it may, in the caller's transaction, and answers per case in the order asked. */
export async function bulkUpdateCases(tx: Tx, actor: Actor, input: BulkInput) {
  if (actor.type !== 'user') throw new AppError('FORBIDDEN', 'bulk actions are for staff members');
  const ids = [...new Set(input.caseIds)];
  if (ids.length === 0 || ids.length > MAX_BULK_CASES) throw new AppError('VALIDATION_FAILED', `between 1 and ${MAX_BULK_CASES} cases`);
  if (input.action === 'assign' && !input.ownerId) throw new AppError('VALIDATION_FAILED', 'assign needs an ownerId');
  if (input.action === 'priority' && !input.priority) throw new AppError('VALIDATION_FAILED', 'priority needs a priority');
  const reason = input.reason?.trim();
  // P-2.4: moving cases to someone else (or taking them over) is said with a reason.
  if (input.action === 'assign' && !reason) throw new AppError('REASON_REQUIRED', 'say why the cases change hands');
  const valid = ids.filter(isUuid).sort();
  const outcomes = new Map<string, CaseOutcome>();
  if (input.action === 'priority') {
    for (const [id, o] of await changeCasesPriority(tx, actor, { caseIds: valid, priority: input.priority!, ...(reason ? { reason } : {}) })) outcomes.set(id, o);
  } else {
    for (const caseId of valid) {
      try {
        // A savepoint per case: a refusal rolls back that case's writes only.
        await tx.transaction(async (sp) => actOnOne(sp as Tx, actor, caseId, input, reason));
        outcomes.set(caseId, { ok: true });
      } catch (err) {
        if (!(err instanceof AppError) || err.status >= 500) throw err;
        outcomes.set(caseId, { ok: false, code: err.code, message: err.message });
      }
    }
  }
  const results = ids.map((caseId) => ({ caseId, ...(outcomes.get(caseId) ?? { ok: false as const, code: 'CASE_NOT_FOUND', message: 'no such case' }) }));
  const succeeded = results.filter((r) => r.ok).length;
  return { results, succeeded, failed: results.length - succeeded };
}

async function actOnOne(tx: Tx, actor: Extract<Actor, { type: 'user' }>, caseId: string, input: BulkInput, reason: string | undefined): Promise<void> {
  switch (input.action) {
    case 'assign': {
      // Taking a case over is open to every agent (P-2.4); handing a colleague's case
      // to a third person is for its handlers and for the roles that answer for the desk.
      if (input.ownerId !== actor.id) await assertHandler(tx, actor, await lockCase(tx, caseId));
      return assignCase(tx, actor, { caseId, ownerId: input.ownerId!, reason: reason! });
    }
    case 'resolve':
      return resolveCase(tx, actor, { caseId, ...(input.summary ? { summary: input.summary } : {}) });
    case 'close':
      return closeCase(tx, actor, { caseId, ...(reason ? { reason } : {}) });
    case 'reopen':
      return reopenCase(tx, actor, { caseId, ...(reason ? { reason } : {}) });
    default:
      throw new AppError('VALIDATION_FAILED', 'unknown bulk action');
  }
}
