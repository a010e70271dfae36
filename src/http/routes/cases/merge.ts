// Merging a duplicate case into another and splitting a message out into a new case.
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { staffActor } from '../../auth.ts';
import { mutate } from '../../mutate.ts';
import { errorResponses, IdParams } from '../../schemas.ts';
import { getCase } from '../../../cases/get-case.ts';
import { mergeCases } from '../../../cases/merge-cases.ts';
import { splitCase } from '../../../cases/split-case.ts';
import { CaseSchema, withCase } from './schemas.ts';
import { recordAudit } from '../../../audit/record-audit.ts';
import { auditFrom } from '../../audit-context.ts';

const MergeBody = z.object({
  into: z.string().trim().min(1).max(100).describe('the surviving case: its id or its number (C-000123)'),
  reason: z.string().trim().max(2000).optional(),
});
const SplitBody = z.object({ messageId: z.string().min(1).max(100), reason: z.string().trim().max(2000).optional() });

/** POST /cases/:id/merge and /cases/:id/split. */
export async function mergeRoutes(app: TypedApp, deps: RouteDeps) {
  app.post(
    '/api/v1/cases/:id/merge',
    {
      config: { permission: 'cases:write' },
      schema: {
        description:
          "Merge this case (a duplicate) into another open case of the same customer: its messages and attachments move, its portal links open the surviving case, its clocks stop, and it closes with a pointer. Answers the surviving case.",
        tags: ['cases'],
        params: IdParams,
        body: MergeBody,
        response: withCase,
      },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 200, null, async (tx) => {
        const merged = await mergeCases(tx, staffActor(req), { caseId: req.params.id, ...req.body });
        await recordAudit(tx, auditFrom(req), { action: 'case.merge', targetType: 'case', targetId: merged.caseId, before: { duplicateId: req.params.id }, after: { into: merged.caseId, reason: req.body.reason ?? null } });
        return getCase(tx, merged.caseId);
      }),
  );
  app.post(
    '/api/v1/cases/:id/split',
    {
      config: { permission: 'cases:write' },
      schema: {
        description: 'Split one message (with its attachments) out of this case into a new case of the same customer, owner and priority. Answers the new case (201).',
        tags: ['cases'],
        params: IdParams,
        body: SplitBody,
        response: { 201: CaseSchema, ...errorResponses },
      },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 201, null, async (tx) => {
        const split = await splitCase(tx, staffActor(req), { caseId: req.params.id, ...req.body });
        await recordAudit(tx, auditFrom(req), { action: 'case.split', targetType: 'case', targetId: split.caseId, before: { fromId: req.params.id, messageId: req.body.messageId }, after: { newCaseId: split.caseId } });
        return getCase(tx, split.caseId);
      }),
  );
}
