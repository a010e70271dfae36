// Phone events (P-1.4): every missed call is recorded and called back (the
// missed-call clock: 30 open minutes), a dropped call within five minutes
// (urgent), the caller identified by number and greeted by name; how many
// rings before an answer is kept so slow answering shows. One row per call
// and event: a phone system that repeats its webhook changes nothing.
import { and, desc, eq, inArray } from 'drizzle-orm';
import { callEvents, cases, clocks, customerContacts, customers } from '../../db/schema.ts';
import type { Queryable, Tx } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { OPEN_STATUSES, formatCaseNumber, priorityName, priorityRank } from '../../domain/case-lifecycle.ts';
import { planClocks } from '../../domain/clock-policy.ts';
import { openCase } from '../../cases/intake/open-case.ts';
import { recordMessage } from '../../cases/record-message.ts';
import { appendEvent } from '../../cases/case-store.ts';
import { refreshNextDue } from '../../clocks/meet-clocks.ts';
import { normalisePhone } from '../../customers/identify-customer.ts';
import type { Services } from '../../context.ts';
import { cachedSettings, calendarFor } from '../../settings/business-settings.ts';

export const CALL_EVENTS = ['ringing', 'answered', 'missed', 'dropped', 'voicemail'] as const;
export type CallEventKind = (typeof CALL_EVENTS)[number];

/** P-1.4: answer within 2–3 rings; more is recorded as a slow answer. */
export const RINGS_TARGET = 3;

export interface CallEventInput {
  callId: string;
  event: CallEventKind;
  from: string;
  to?: string | null;
  at?: Date | null;
  rings?: number | null;
  waitSeconds?: number | null;
  durationSeconds?: number | null;
  recordingUrl?: string | null;
  callerName?: string | null;
  businessUnit?: string | null;
}

export interface CallEventResult {
  id: string;
  duplicate: boolean;
  action: 'recorded' | 'case_opened' | 'case_updated';
  customerId: string | null;
  caseId: string | null;
  caseNumber: string | null;
  slowAnswer: boolean;
}

const ACTOR = { type: 'system', name: 'phone' } as const;

/** P-1.4: an answered call that rang more than the target is a slow answer. */
const isSlowAnswer = (event: string, rings: number | null | undefined) => event === 'answered' && (rings ?? 0) > RINGS_TARGET;

/** A number we can call back: digits, at least five (not "anonymous" or "unknown"). */
function callable(number: string): string | null {
  const n = normalisePhone(number);
  return n.replace('+', '').length >= 5 ? n : null;
}

export async function recordCallEvent(tx: Tx, services: Services, input: CallEventInput): Promise<CallEventResult> {
  const at = input.at ?? new Date();
  const number = callable(input.from);
  const id = newId();
  const [fresh] = await tx
    .insert(callEvents)
    .values({
      id,
      callId: input.callId,
      event: input.event,
      fromNumber: number ?? input.from.trim().slice(0, 60),
      toNumber: input.to ?? null,
      at,
      rings: input.rings ?? null,
      waitSeconds: input.waitSeconds ?? null,
      durationSeconds: input.durationSeconds ?? null,
      recordingUrl: input.recordingUrl ?? null,
      data: input.callerName ? { callerName: input.callerName } : {},
    })
    .onConflictDoNothing()
    .returning({ id: callEvents.id });
  if (!fresh) {
    const [prior] = await tx
      .select({ id: callEvents.id, customerId: callEvents.customerId, caseId: callEvents.caseId, rings: callEvents.rings, caseNumber: cases.number })
      .from(callEvents)
      .leftJoin(cases, eq(cases.id, callEvents.caseId))
      .where(and(eq(callEvents.callId, input.callId), eq(callEvents.event, input.event)));
    return {
      id: prior!.id,
      duplicate: true,
      action: 'recorded',
      customerId: prior!.customerId,
      caseId: prior!.caseId,
      caseNumber: prior!.caseNumber !== null ? formatCaseNumber(prior!.caseNumber) : null,
      slowAnswer: isSlowAnswer(input.event, prior!.rings),
    };
  }
  const customerId = number ? await customerByPhone(tx, number) : null;
  const slowAnswer = isSlowAnswer(input.event, input.rings);
  let caseId: string | null = null;
  let action: CallEventResult['action'] = 'recorded';
  const when = at.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

  if (input.event === 'missed' || input.event === 'dropped' || input.event === 'voicemail') {
    if (!number) {
      // A withheld number cannot be called back: the event is kept for the figures, no case.
      return { id, duplicate: false, action, customerId: null, caseId: null, caseNumber: null, slowAnswer };
    }
    const kind = input.event === 'dropped' ? 'dropped-call-callback' : 'missed-call-callback';
    const text =
      input.event === 'dropped'
        ? `Dropped call from ${number} at ${when}${input.durationSeconds ? ` after ${input.durationSeconds} s` : ''}. Call back within five minutes and greet them by name (P-1.4).`
        : input.event === 'voicemail'
          ? `Voicemail from ${number} at ${when}${input.recordingUrl ? `: ${input.recordingUrl}` : ''}. Call back (P-1.4).`
          : `Missed call from ${number} at ${when}${input.rings ? ` (${input.rings} rings)` : ''}. Call back by the next opening + 30 minutes at the latest (P-1.4).`;
    // The same call's earlier event, or the caller's open phone case: one callback case per caller.
    const open = await openCallbackCase(tx, input.callId, customerId);
    if (open) {
      caseId = open;
      action = 'case_updated';
      await recordMessage(tx, { type: 'customer', caseId }, { caseId, direction: 'inbound', channel: 'phone', body: text, rawSource: JSON.stringify(input) }, { services });
      if (input.event === 'dropped') await addCallbackClock(tx, services, caseId, 'dropped-call-callback', at);
    } else {
      const opened = await openCase(tx, ACTOR, { channel: 'phone', customer: { phone: number, name: input.callerName ?? null }, subject: input.event === 'dropped' ? 'Dropped call — call back now' : input.event === 'voicemail' ? 'Voicemail — call back' : 'Missed call — call back', body: text, priority: input.event === 'dropped' ? 'urgent' : 'normal', channelClock: kind, occurredAt: at, rawSource: JSON.stringify(input), businessUnit: input.businessUnit ?? null }, { services });
      caseId = opened.case.id;
      action = 'case_opened';
    }
  } else if (customerId && input.event === 'answered') {
    // An answered call of a caller with an open case goes on its timeline (rings and wait: P-1.4).
    const [c] = await tx
      .select({ id: cases.id })
      .from(cases)
      .where(and(eq(cases.customerId, customerId), inArray(cases.status, [...OPEN_STATUSES])))
      .orderBy(desc(cases.createdAt))
      .limit(1);
    if (c) {
      caseId = c.id;
      await appendEvent(tx, c.id, ACTOR, 'call_event', { callId: input.callId, event: input.event, rings: input.rings ?? null, waitSeconds: input.waitSeconds ?? null, slowAnswer });
    }
  }
  const [caseRow] = caseId ? await tx.select({ customerId: cases.customerId, number: cases.number }).from(cases).where(eq(cases.id, caseId)) : [];
  const finalCustomer = customerId ?? caseRow?.customerId ?? null;
  await tx.update(callEvents).set({ customerId: finalCustomer, caseId }).where(eq(callEvents.id, id));
  return { id, duplicate: false, action, customerId: finalCustomer, caseId, caseNumber: caseRow ? formatCaseNumber(caseRow.number) : null, slowAnswer };
}

async function customerByPhone(q: Queryable, number: string): Promise<string | null> {
  const [c] = await q.select({ id: customerContacts.customerId }).from(customerContacts).where(and(eq(customerContacts.kind, 'phone'), eq(customerContacts.value, number)));
  return c?.id ?? null;
}

async function openCallbackCase(tx: Tx, callId: string, customerId: string | null): Promise<string | null> {
  const [same] = await tx
    .select({ caseId: callEvents.caseId })
    .from(callEvents)
    .innerJoin(cases, eq(cases.id, callEvents.caseId))
    .where(and(eq(callEvents.callId, callId), inArray(cases.status, [...OPEN_STATUSES])))
    .limit(1);
  if (same?.caseId) return same.caseId;
  if (!customerId) return null;
  const [open] = await tx
    .select({ id: cases.id })
    .from(cases)
    .where(and(eq(cases.customerId, customerId), eq(cases.channel, 'phone'), inArray(cases.status, [...OPEN_STATUSES])))
    .orderBy(desc(cases.createdAt))
    .limit(1);
  return open?.id ?? null;
}

/** A dropped call on a case already open: its own five-minute clock (as intake plans it), and the case becomes urgent. */
async function addCallbackClock(tx: Tx, services: Services, caseId: string, kind: 'dropped-call-callback', at: Date): Promise<void> {
  const [row] = await tx.select({ unit: cases.businessUnit, priority: cases.priority }).from(cases).where(eq(cases.id, caseId));
  const settings = await cachedSettings(tx, services);
  const planned = planClocks(calendarFor(settings, row?.unit), settings.clockPolicy, { channel: 'phone', priority: 'urgent', receivedAt: at, channelClock: kind });
  const clock = planned.find((c) => c.kind === kind)!;
  await tx.insert(clocks).values({ id: newId(), caseId, ...clock });
  // The queue orders by the nearest due time: the five minutes must show there.
  await refreshNextDue(tx, caseId);
  if (row && row.priority < priorityRank('urgent')) {
    await tx.update(cases).set({ priority: priorityRank('urgent') }).where(eq(cases.id, caseId));
    await appendEvent(tx, caseId, ACTOR, 'priority_changed', { from: priorityName(row.priority), to: 'urgent', reason: 'dropped call' });
  }
}

/** The callback card (P-1.4): who is calling, by name, and what is open for them. */
export async function callerCard(q: Queryable, rawNumber: string) {
  const number = callable(rawNumber);
  const customerId = number ? await customerByPhone(q, number) : null;
  const [customer] = customerId
    ? await q.select({ id: customers.id, name: customers.name, tier: customers.tier, language: customers.language, status: customers.status }).from(customers).where(eq(customers.id, customerId))
    : [];
  const open = customerId
    ? await q
        .select({ id: cases.id, number: cases.number, status: cases.status, priority: cases.priority, channel: cases.channel, subject: cases.subject, createdAt: cases.createdAt })
        .from(cases)
        .where(and(eq(cases.customerId, customerId), inArray(cases.status, [...OPEN_STATUSES])))
        .orderBy(desc(cases.priority), cases.createdAt)
        .limit(20)
    : [];
  const calls = number
    ? await q
        .select({ callId: callEvents.callId, event: callEvents.event, at: callEvents.at, rings: callEvents.rings, waitSeconds: callEvents.waitSeconds, caseId: callEvents.caseId })
        .from(callEvents)
        .where(eq(callEvents.fromNumber, number))
        .orderBy(desc(callEvents.at))
        .limit(10)
    : [];
  const firstName = customer?.name?.trim().split(/\s+/)[0] ?? null;
  return {
    number: number ?? rawNumber,
    customer: customer ?? null,
    greeting: firstName ? `Hello ${firstName}, thank you for calling back.` : null,
    openCases: open.map((c) => ({ ...c, number: formatCaseNumber(c.number), priority: priorityName(c.priority), createdAt: c.createdAt.toISOString() })),
    recentCalls: calls.map((c) => ({ ...c, at: c.at.toISOString() })),
  };
}
