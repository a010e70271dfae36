// Contract endings (P-1.1): the reasons customers give when they leave are
// complaints nobody filed. The customer is marked departed with the reason;
// when the reason is a failure of ours (stated, or read as dissatisfied by
// detection) a recovery case opens — two thirds can be won back with effort.
import { eq } from 'drizzle-orm';
import { customers } from '../../db/schema.ts';
import type { Tx } from '../../db/client.ts';
import { detect } from '../../domain/detection/index.ts';
import { formatCaseNumber } from '../../domain/case-lifecycle.ts';
import { openCase } from '../../cases/intake/open-case.ts';
import { identifyCustomer, type CustomerHint } from '../../customers/identify-customer.ts';
import type { Services } from '../../context.ts';
import { recordDeparture as markDeparted } from '../../customers/record-departure.ts';
import { isLanguage } from '../../domain/languages.ts';

export const DEPARTURE_CATEGORIES = ['failure', 'price', 'moved', 'no_longer_needed', 'competitor', 'other'] as const;

export interface ContractEndInput {
  customer: CustomerHint;
  reason: string;
  category?: (typeof DEPARTURE_CATEGORIES)[number] | null;
  endedAt?: Date | null;
  language?: string | null;
}

export interface ContractEndResult {
  customerId: string;
  duplicate: boolean;
  failure: boolean;
  caseId: string | null;
  caseNumber: string | null;
}

export async function recordContractEnd(tx: Tx, services: Services, input: ContractEndInput): Promise<ContractEndResult> {
  const customer = await identifyCustomer(tx, input.customer, services.config.CURRENCY);
  const [row] = await tx.select({ status: customers.status, departedAt: customers.departedAt }).from(customers).where(eq(customers.id, customer.id)).for('update');
  const endedAt = input.endedAt ?? new Date();
  // The same ending sent twice (same day) changes nothing.
  if (row?.status === 'departed' && row.departedAt && row.departedAt.toISOString().slice(0, 10) === endedAt.toISOString().slice(0, 10)) {
    return { customerId: customer.id, duplicate: true, failure: false, caseId: null, caseNumber: null };
  }
  // Failure and competitor are ours to mend; no category or "other" is read in the customer's own words.
  const failure =
    input.category === 'failure' ||
    input.category === 'competitor' ||
    ((input.category == null || input.category === 'other') && detect(input.reason, isLanguage(input.language) ? { language: input.language } : {}).dissatisfied);
  // The one writer of departures (keep-in-touch follows from it). Accidental or systemic (P-4.4)
  // is for staff to judge (POST /customers/:id/departure); until then it stays as it was, or unknown.
  await markDeparted(tx, customer.id, { reason: input.reason, at: endedAt });
  if (!failure) return { customerId: customer.id, duplicate: false, failure, caseId: null, caseNumber: null };
  const opened = await openCase(tx, { type: 'system', name: 'contract end' }, { channel: 'contract_end', customer: input.customer, subject: 'Contract ended — win the customer back', body: input.reason, language: input.language ?? null, occurredAt: endedAt, priority: 'high', rawSource: JSON.stringify(input) }, { services });
  return { customerId: customer.id, duplicate: false, failure, caseId: opened.case.id, caseNumber: formatCaseNumber(opened.case.number) };
}
