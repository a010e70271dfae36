// Survey answers after resolution (CSAT 1–5, NPS 0–10). A detractor (CSAT ≤ 2,
// NPS ≤ 6) is a dissatisfied customer speaking up (P-1.1): the case the survey
// was about is reopened (or told, if still open), else a new case opens.
import { and, eq } from 'drizzle-orm';
import { cases, surveyResponses } from '../../db/schema.ts';
import type { Tx } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { OPEN_STATUSES, formatCaseNumber, parseCaseNumber, type CaseStatus } from '../../domain/case-lifecycle.ts';
import { openCase } from '../../cases/intake/open-case.ts';
import { recordMessage } from '../../cases/record-message.ts';
import { reopenCase } from '../../cases/reopen-case.ts';
import { identifyCustomer, type CustomerHint } from '../../customers/identify-customer.ts';
import { isUuid } from '../../cases/case-store.ts';
import type { Services } from '../../context.ts';

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
  const number = input.caseRef ? parseCaseNumber(input.caseRef) : null;
  const [linked] =
    number !== null || (input.caseRef && isUuid(input.caseRef))
      ? await tx
          .select({ id: cases.id, status: cases.status, customerId: cases.customerId, number: cases.number })
          .from(cases)
          .where(number !== null ? eq(cases.number, number) : eq(cases.id, input.caseRef!))
      : [];
  // The answer is kept first: a feed that sends it twice at once gets one case, the second hears "duplicate".
  const id = newId();
  const [fresh] = await tx
    .insert(surveyResponses)
    .values({
      id,
      source: input.source,
      externalId: input.externalId,
      kind: input.kind,
      score: input.score,
      comment: input.comment ?? null,
      detractor,
      customerId: linked?.customerId ?? null,
      caseId: linked?.id ?? null,
      respondedAt: input.respondedAt ?? new Date(),
    })
    .onConflictDoNothing()
    .returning({ id: surveyResponses.id });
  if (!fresh) {
    const [prior] = await tx
      .select({ id: surveyResponses.id, detractor: surveyResponses.detractor, caseId: surveyResponses.caseId, caseNumber: cases.number })
      .from(surveyResponses)
      .leftJoin(cases, eq(cases.id, surveyResponses.caseId))
      .where(and(eq(surveyResponses.source, input.source), eq(surveyResponses.externalId, input.externalId)));
    return { id: prior!.id, duplicate: true, detractor: prior!.detractor, action: 'recorded', caseId: prior!.caseId, caseNumber: prior!.caseNumber !== null ? formatCaseNumber(prior!.caseNumber) : null };
  }

  const label = input.kind === 'nps' ? `NPS ${input.score}/10` : `CSAT ${input.score}/5`;
  const text = `Survey answer (${input.source}): ${label}${input.comment ? ` — “${input.comment}”` : ''}`;
  const hint = input.customer ?? {};
  if (linked) {
    if (!detractor) return { id, duplicate: false, detractor, action: 'recorded', caseId: linked.id, caseNumber: formatCaseNumber(linked.number) };
    let action: SurveyResult['action'] = 'case_updated';
    if (!OPEN_STATUSES.includes(linked.status as CaseStatus)) {
      await reopenCase(tx, ACTOR, { caseId: linked.id, reason: `survey detractor: ${label}` });
      action = 'case_reopened';
    }
    await recordMessage(tx, { type: 'customer', caseId: linked.id }, { caseId: linked.id, direction: 'inbound', channel: 'survey', body: text }, { services });
    return { id, duplicate: false, detractor, action, caseId: linked.id, caseNumber: formatCaseNumber(linked.number) };
  }
  if (detractor) {
    // Intake identifies the customer (once) as it opens the case.
    const opened = await openCase(tx, ACTOR, { channel: 'survey', customer: hint, subject: `Survey detractor: ${label}`, body: input.comment ? `${input.comment}\n\n(${label})` : text, occurredAt: input.respondedAt ?? null, rawSource: JSON.stringify(input) }, { services });
    await tx.update(surveyResponses).set({ customerId: opened.case.customerId, caseId: opened.case.id }).where(eq(surveyResponses.id, id));
    return { id, duplicate: false, detractor, action: 'case_opened', caseId: opened.case.id, caseNumber: formatCaseNumber(opened.case.number) };
  }
  // A content answer about no case: counted, and put with the customer when they can be named.
  if (hint.email || hint.phone || hint.externalRef) {
    const customer = await identifyCustomer(tx, hint, services.config.CURRENCY);
    await tx.update(surveyResponses).set({ customerId: customer.id }).where(eq(surveyResponses.id, id));
  }
  return { id, duplicate: false, detractor, action: 'recorded', caseId: null, caseNumber: null };
}
