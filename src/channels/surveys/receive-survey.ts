// Survey answers after resolution (CSAT 1–5, NPS 0–10). A detractor (CSAT ≤ 2,
// NPS ≤ 6) is a dissatisfied customer speaking up (P-1.1): the case the survey
// was about is reopened (or told, if still open), else a new case opens.
import { and, eq } from 'drizzle-orm';
import { cases, surveyResponses } from '../../db/schema.ts';
import type { Tx } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { OPEN_STATUSES, formatCaseNumber, parseCaseNumber, type CaseStatus } from '../../domain/case-lifecycle.ts';
import { openCase } from '../../cases/open-case.ts';
import { recordMessage } from '../../cases/record-message.ts';
import { reopenCase } from '../../cases/reopen-case.ts';
import { identifyCustomer, type CustomerHint } from '../../cases/identify-customer.ts';
import { isUuid } from '../../cases/case-store.ts';
import type { Services } from '../../cases/context.ts';

export interface SurveyInput {
  source: string;
  externalId: string;
  kind: 'csat' | 'nps';
  score: number;
  comment?: string | null;
  /** The case it asks about: its id or number (C-000123). */
  caseRef?: string | null;
  customer?: CustomerHint | null;
  respondedAt?: Date | null;
}

export interface SurveyResult {
  id: string;
  duplicate: boolean;
  detractor: boolean;
  action: 'recorded' | 'case_reopened' | 'case_updated' | 'case_opened';
  caseId: string | null;
  caseNumber: string | null;
}

export function isDetractor(kind: 'csat' | 'nps', score: number): boolean {
  return kind === 'nps' ? score <= 6 : score <= 2;
}

const ACTOR = { type: 'system', name: 'survey' } as const;

export async function receiveSurvey(tx: Tx, services: Services, input: SurveyInput): Promise<SurveyResult> {
  const detractor = isDetractor(input.kind, input.score);
  const [prior] = await tx.select().from(surveyResponses).where(and(eq(surveyResponses.source, input.source), eq(surveyResponses.externalId, input.externalId)));
  if (prior) return { id: prior.id, duplicate: true, detractor: prior.detractor, action: 'recorded', caseId: prior.caseId, caseNumber: null };

  const number = input.caseRef ? parseCaseNumber(input.caseRef) : null;
  const [linked] = input.caseRef
    ? await tx
        .select({ id: cases.id, status: cases.status, customerId: cases.customerId, number: cases.number })
        .from(cases)
        .where(number !== null ? eq(cases.number, number) : isUuid(input.caseRef) ? eq(cases.id, input.caseRef) : eq(cases.id, '00000000-0000-0000-0000-000000000000'))
    : [];
  let customerId = linked?.customerId ?? null;
  if (!customerId && input.customer && (input.customer.email || input.customer.phone || input.customer.externalRef)) {
    customerId = (await identifyCustomer(tx, input.customer, services.config.CURRENCY)).id;
  }
  const label = input.kind === 'nps' ? `NPS ${input.score}/10` : `CSAT ${input.score}/5`;
  const text = `Survey answer (${input.source}): ${label}${input.comment ? ` — “${input.comment}”` : ''}`;
  let action: SurveyResult['action'] = 'recorded';
  let caseId: string | null = linked?.id ?? null;
  let caseNumber = linked ? formatCaseNumber(linked.number) : null;
  if (detractor) {
    if (linked) {
      if (!OPEN_STATUSES.includes(linked.status as CaseStatus)) {
        await reopenCase(tx, ACTOR, linked.id, `survey detractor: ${label}`);
        action = 'case_reopened';
      } else action = 'case_updated';
      await recordMessage(tx, services, { type: 'customer', caseId: linked.id }, linked.id, { direction: 'inbound', channel: 'survey', body: text });
    } else {
      const opened = await openCase(tx, services, ACTOR, {
        channel: 'survey',
        customer: customerId ? { ...input.customer } : (input.customer ?? {}),
        subject: `Survey detractor: ${label}`,
        body: input.comment ? `${input.comment}\n\n(${label})` : text,
        occurredAt: input.respondedAt ?? null,
        rawSource: JSON.stringify(input),
      });
      caseId = opened.case.id;
      customerId = opened.case.customerId;
      caseNumber = formatCaseNumber(opened.case.number);
      action = 'case_opened';
    }
  }
  const id = newId();
  await tx.insert(surveyResponses).values({
    id,
    source: input.source,
    externalId: input.externalId,
    kind: input.kind,
    score: input.score,
    comment: input.comment ?? null,
    detractor,
    customerId,
    caseId,
    respondedAt: input.respondedAt ?? new Date(),
  });
  return { id, duplicate: false, detractor, action, caseId, caseNumber };
}
