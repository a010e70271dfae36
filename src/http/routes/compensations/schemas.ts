// The compensation as the API shows it, and the presenter that turns a
// compensation row (minor units) into it.
import { z } from 'zod';
import { MoneySchema } from '../../schemas.ts';
import { fromMinor } from '../../../domain/money.ts';

/** A compensation as the API shows it: the ledger entry and its decision. */
export const CompensationSchema = z
  .object({
    id: z.string(),
    caseId: z.string(),
    kind: z.string(),
    value: MoneySchema,
    description: z.string(),
    status: z.enum(['granted', 'pending_approval', 'rejected']),
    approvalRole: z.string().nullable(),
    decisionReason: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Compensation' });

/** The answer type compensationView builds. */
export type CompensationOut = z.input<typeof CompensationSchema>;

/** A compensation row as the API shows it (money as decimal strings). */
export function compensationView(c: {
  id: string;
  caseId: string;
  kind: string;
  value: number;
  currency: string;
  description: string;
  status: string;
  approvalRole: string | null;
  decisionReason: string | null;
  createdAt: Date;
}): CompensationOut {
  return {
    id: c.id,
    caseId: c.caseId,
    kind: c.kind,
    value: fromMinor(c.value, c.currency),
    description: c.description,
    status: c.status as CompensationOut['status'],
    approvalRole: c.approvalRole,
    decisionReason: c.decisionReason,
    createdAt: c.createdAt.toISOString(),
  };
}
