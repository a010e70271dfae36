// Intake: one transaction turns an arriving complaint into a case that is
// acknowledged at once (P-1.5) and owned by a named person (P-2.4); the mail
// to the customer is a durable job that runs after commit.
import { intakeChurn, signalsOf } from '../refresh-churn-risk.ts';
import { eq } from 'drizzle-orm';
import { caseEvents, caseParticipants, cases, clocks, jobs, messages, orders, portalTokens } from '../../db/schema.ts';
import { jobRow, type JobRow } from '../../db/jobs.ts';
import { insertRows, insertRowsTogether, type RowsInsert } from '../../db/bulk-insert.ts';
import { planClocks } from '../../domain/clock-policy.ts';
import { type Queryable, type Tx } from '../../db/client.ts';
import { deriveSubject } from '../../domain/subject.ts';
import { primaryEmail } from '../../customers/customer-mail.ts';
import { newId } from '../../db/ids.ts';
import { formatCaseNumber, priorityRank, transition, type Priority } from '../../domain/case-lifecycle.ts';
import { renderAcknowledgement } from '../../domain/acknowledgement.ts';
import { suggestCategory } from '../../domain/category-suggester.ts';
import { type CaseRow } from '../case-store.ts';
import { planTriage } from './plan-triage.ts';
import { detect, FALLBACK_BELOW } from '../../domain/detection/index.ts';
import { activeStaff, pickOwner } from '../choose-owner.ts';
import { identifyCustomerAndNumber, type CustomerHint } from '../../customers/identify-customer.ts';
import { identifyCustomersAndNumbers } from '../../customers/identify-customers.ts';
import { hashToken, newPortalToken, newReplyToken, portalUrlFor } from '../../portal/portal-tokens.ts';
import { actorId, type Actor, type Services } from '../../context.ts';
import { publicUrl } from '../../config.ts';
import { isLanguage } from '../../domain/languages.ts';
import type { Channel, ChannelClockId, JourneyStage } from '../../domain/channels.ts';
import { cachedSettings, calendarFor } from '../../settings/business-settings.ts';


export interface OpenCaseInput {
  channel: Channel;
  customer: CustomerHint;
  subject?: string | null;
  body: string;
  orderRef?: string | null;
  journeyStage?: JourneyStage | null;
  occurredAt?: Date | null;
  language?: string | null;
  priority?: Priority;
  /** What arrived, kept as it came (form JSON, MIME source, webhook body). */
  rawSource?: string | null;
  externalId?: string | null;
  /** The shop, branch or department it concerns: its own opening hours drive the clocks. */
  businessUnit?: string | null;
  /** The channel's own clock when it is not the channel's default (a dropped call: call back in 5 minutes, P-1.4). */
  channelClock?: ChannelClockId | null;
  /**
   * The language the channel's mail is usually written in (a mailbox's configured language):
   * short or ambiguous text is read in it when the customer's own language is not known (issue 11).
   */
  fallbackLanguage?: string | null;
  /** The message's detection when the channel already ran it (a review): not run twice (issue 11). */
  detection?: ReturnType<typeof detect>;
}

export interface OpenedCase {
  case: CaseRow;
  portalUrl: string;
  acknowledgementMessageId: string;
  /** The customer's message that opened the case. */
  inboundMessageId: string;
}

/** Who complains and the case's number, with the detection that chose the language. */
export interface Identified {
  detection: ReturnType<typeof detect>;
  detectedLanguage: string | null;
  customer: Awaited<ReturnType<typeof identifyCustomerAndNumber>>['customer'];
  number: number;
  /** The instant the case is received: one for every complaint of a batch (they commit together). */
  receivedAt?: Date;
}

/**
 * Scores the message (P-1.2, in the customer's own language) and finds or creates the customer,
 * taking the case number — one statement. Intake under load runs this for many complaints at once
 * on separate connections, before their shared transaction (a customer created for a case whose
 * write then fails is simply found again next time).
 */
export async function identifyFor(q: Queryable, services: Services, input: OpenCaseInput): Promise<Identified> {
  const detection = detectFor(input);
  const { customer, number } = await identifyCustomerAndNumber(q as Tx, hintFor(input, detection), services.config.CURRENCY);
  return identified(input, detection, customer, number);
}

/**
 * identifyFor for a whole batch: one statement for everyone (src/customers/identify-customers.ts)
 * instead of one per complaint — in the caller's transaction, or given the pool, committed alone.
 */
export async function identifyAllFor(q: Queryable, services: Services, inputs: OpenCaseInput[], scored?: ReturnType<typeof detect>[]): Promise<Identified[]> {
  // The batcher scores each complaint as it arrives (detectFor), while the commit before it is in flight.
  const detections = scored ?? inputs.map(detectFor);
  const found = await identifyCustomersAndNumbers(q, inputs.map((input, i) => hintFor(input, detections[i]!)), services.config.CURRENCY);
  const receivedAt = new Date();
  return inputs.map((input, i) => ({ ...identified(input, detections[i]!, found[i]!.customer, found[i]!.number), receivedAt }));
}

/** The message's first scoring (P-1.2): in the customer's language when given, else as detected. */
export function detectFor(input: OpenCaseInput): ReturnType<typeof detect> {
  const text = input.subject ? `${input.subject}\n${input.body}` : input.body;
  if (input.detection) return input.detection;
  if (isLanguage(input.language)) return detect(text, { language: input.language });
  return detect(text, isLanguage(input.fallbackLanguage) ? { fallbackLanguage: input.fallbackLanguage } : {});
}

const languageOf = (detection: ReturnType<typeof detect>) => (detection.languageConfidence >= 0.3 ? detection.language : null);

function hintFor(input: OpenCaseInput, detection: ReturnType<typeof detect>): CustomerHint {
  return { ...input.customer, language: input.language ?? languageOf(detection) };
}

function identified(input: OpenCaseInput, detection: ReturnType<typeof detect>, customer: Identified['customer'], number: number): Identified {
  // Too short to tell ("ok??"): read it in the customer's known language instead, else in the
  // mailbox's (detectFor already did) (issue 11).
  const known = !input.language && !input.detection && isLanguage(customer.language) && customer.language !== detection.language && detection.languageConfidence <= FALLBACK_BELOW ? customer.language : null;
  const final = known ? detect(input.subject ? `${input.subject}\n${input.body}` : input.body, { fallbackLanguage: known }) : detection;
  return { detection: final, detectedLanguage: known ?? languageOf(detection), customer, number };
}

/**
 * planClocks for intake: the complaints of a batch share their instant, so a plan (a walk through
 * the business calendar, a measurable share of intake's CPU) is made once per kind of complaint
 * and instant. The plans are only read (each case copies them into its own clock rows).
 */
const plans = { cal: null as object | null, policy: null as object | null, at: NaN, byKey: new Map<string, ReturnType<typeof planClocks>>() };
function plannedClocks(...[cal, policy, c]: Parameters<typeof planClocks>): ReturnType<typeof planClocks> {
  if (plans.cal !== cal || plans.policy !== policy || plans.at !== +c.receivedAt) Object.assign(plans, { cal, policy, at: +c.receivedAt }).byKey.clear();
  const key = `${c.channel}|${c.priority}|${c.tier ?? ''}|${c.channelClock ?? ''}`;
  let plan = plans.byKey.get(key);
  if (!plan) plans.byKey.set(key, (plan = planClocks(cal, policy, c)));
  return plan;
}

/** Everything intake decides and renders for one complaint, before writing it (one DB round trip). */
export async function prepareCase(tx: Queryable, services: Services, actor: Actor, input: OpenCaseInput, pre?: Identified): Promise<PreparedCase> {
  const cfg = services.config;
  const { detection, detectedLanguage, customer, number, receivedAt } = pre ?? (await identifyFor(tx, services, input));
  const language = input.language ?? detectedLanguage ?? customer.language ?? 'en';

  let orderId: string | null = null;
  let orderTotal: number | null = null;
  if (input.orderRef) {
    const [order] = await tx.select({ id: orders.id, customerId: orders.customerId, total: orders.total }).from(orders).where(eq(orders.ref, input.orderRef));
    // Link only the customer's own order; a stranger's order number is kept as text.
    if (order && order.customerId === customer.id) {
      orderId = order.id;
      orderTotal = order.total;
    }
  }

  const [staff, settings] = [await activeStaff(tx, services), await cachedSettings(tx, services)];
  const firstOwner = pickOwner(staff, language, number);
  const inboundId = newId();
  const plan = planTriage(
    detection,
    inboundId,
    {
      caseNumber: number,
      current: input.priority ?? 'normal',
      ownerId: firstOwner?.id ?? null,
      ownerSupervisorId: staff.find((u) => u.id === firstOwner?.id)?.supervisorId ?? null,
      customer,
    },
    settings,
    staff,
  );
  // P-2.7: a valuable customer at risk is led by a department head from the start.
  const owner = plan.newOwner ?? firstOwner;
  const id = newId();
  const now = receivedAt ?? new Date();
  // "acknowledged" means the acknowledgement is out AND someone owns the case (API.md);
  // with nobody on staff the case stays new until it is assigned. The move still goes
  // through the one transition table.
  const status = owner ? transition('new', 'acknowledge') : 'new';
  const planned = plannedClocks(calendarFor(settings, input.businessUnit), settings.clockPolicy, { channel: input.channel, priority: plan.priority, tier: customer.tier, receivedAt: now, channelClock: input.channelClock ?? undefined });
  const running = planned.filter((c) => c.status === 'running').map((c) => +c.dueAt);
  const row: CaseRow = {
    id,
    number,
    customerId: customer.id,
    channel: input.channel,
    status,
    priority: priorityRank(plan.priority),
    language,
    journeyStage: input.journeyStage ?? null,
    orderId,
    orderRef: input.orderRef ?? null,
    // No subject (a web form, a call): the customer's first sentence, so the queue shows something.
    subject: input.subject ?? deriveSubject(input.body),
    ownerId: owner?.id ?? null,
    businessUnit: input.businessUnit ?? null,
    score: plan.score,
    intensity: plan.intensity,
    detection: plan.detection,
    regulatoryPack: null,
    categoryId: null,
    // A suggestion only (the agent accepts it on the case page): stems of the starter categories, O(text length).
    suggestedCategory: suggestCategory(`${input.subject ?? ''} ${input.body}`, language),
    closeReason: null,
    occurredAt: input.occurredAt ?? null,
    createdAt: now,
    updatedAt: now,
    acknowledgedAt: owner ? now : null,
    understoodAt: null,
    resolvedAt: null,
    closedAt: null,
    reopenCount: 0,
    nextDueAt: running.length ? new Date(Math.min(...running)) : null,
    replyToken: newReplyToken(),
    erasedAt: null,
    // P-2.7: a first estimate from what intake knows; the worker's churn sweep adds the history (cases/refresh-churn-risk.ts).
    ...intakeChurn({ orderTotal, customer, score: plan.score, signals: signalsOf(plan.detection), status, highValue: settings.highValueThreshold, currency: services.config.CURRENCY }),
  };

  // P-1.5: the acknowledgement is recorded now and sent by a durable job after commit.
  const token = newPortalToken();
  const portalUrl = portalUrlFor(publicUrl(cfg), token);
  const ack = renderAcknowledgement(language, {
    customerName: customer.name,
    caseNumber: formatCaseNumber(number),
    ownerName: owner?.name ?? cfg.BUSINESS_NAME,
    portalUrl,
    businessName: cfg.BUSINESS_NAME,
  });
  const ackId = newId();
  const email = input.customer.email?.trim() || (await primaryEmail(tx, customer.id)) || undefined;
  const actorRef = { actorType: actor.type, actorId: actorId(actor) };
  const sys = { actorType: 'system', actorId: null };
  const events: (typeof caseEvents.$inferInsert)[] = [
    { caseId: id, type: 'case_opened', ...actorRef, data: { channel: input.channel, customerId: customer.id, newCustomer: customer.created } },
    { caseId: id, type: 'message_received', ...actorRef, data: { messageId: inboundId, channel: input.channel } },
    {
      caseId: id,
      type: 'owner_assigned',
      ...sys,
      data: owner
        ? { ownerId: owner.id, ownerName: owner.name, rule: plan.newOwner ? plan.newOwner.reason : 'round_robin' }
        : { ownerId: null, reason: 'no active staff member' },
    },
    ...plan.events.map((e) => ({ ...e, caseId: id })),
  ];
  if (!email) events.push({ caseId: id, type: 'acknowledgement_not_sent', ...sys, data: { messageId: ackId, reason: 'no email address' } });
  if (owner) {
    events.push({ caseId: id, type: 'acknowledged', ...sys, data: { messageId: ackId, language } });
    events.push({ caseId: id, type: 'status_changed', ...sys, data: { from: 'new', to: status, action: 'acknowledge' } });
  }
  const prepared: PreparedCase = {
    case: row,
    messages: [
      {
        id: inboundId,
        caseId: id,
        direction: 'inbound',
        channel: input.channel,
        subject: input.subject ?? null,
        body: input.body,
        language,
        rawSource: input.rawSource ?? null,
        externalId: input.externalId ?? null,
        detection: plan.detection,
        createdAt: now,
      },
      {
        id: ackId,
        caseId: id,
        direction: 'outbound',
        channel: 'email',
        kind: 'acknowledgement',
        subject: ack.subject,
        body: ack.body,
        language,
        recipient: email ?? null,
        deliveryStatus: email ? 'queued' : 'not_sent',
        deliveryNote: email ? null : 'the customer gave no email address; the acknowledgement is shown in the portal',
        createdAt: new Date(now.getTime() + 1),
      },
    ],
    events,
    participants: plan.participants.map((p) => ({ caseId: id, ...p })),
    portalToken: { tokenHash: hashToken(token), caseId: id, expiresAt: new Date(now.getTime() + cfg.PORTAL_LINK_DAYS * 86_400_000) },
    clocks: planned.map((c) => ({
      id: newId(),
      caseId: id,
      ...c,
      stoppedAt: c.status === 'met' ? now : null,
    })),
    jobs: email ? [jobRow('message.send', { messageId: ackId }, { dedupeKey: `message.send:${ackId}` })] : [],
    opened: { case: row, portalUrl, acknowledgementMessageId: ackId, inboundMessageId: inboundId },
  };
  return prepared;
}

/** Everything one complaint writes, gathered so that many can be written at once. */
export interface PreparedCase {
  case: CaseRow;
  messages: (typeof messages.$inferInsert)[];
  events: (typeof caseEvents.$inferInsert)[];
  participants: (typeof caseParticipants.$inferInsert)[];
  clocks: (typeof clocks.$inferInsert)[];
  portalToken: typeof portalTokens.$inferInsert;
  /** Built by the job catalogue (`jobRow`), so intake's jobs are typed and validated like every other. */
  jobs: JobRow[];
  opened: OpenedCase;
}

/**
 * Writes prepared cases in ONE statement, however many there are (intake is the hot path):
 * given the pool rather than a transaction, that statement is their transaction — all of
 * the batch's rows or none, committed (synchronously) when it returns. `more`: other rows
 * that commit with them (inbound email's stored mails).
 */
export async function writeCases(tx: Queryable, list: PreparedCase[], more: RowsInsert[] = []): Promise<void> {
  const all = <T>(pick: (p: PreparedCase) => T[]) => list.flatMap(pick);
  const participants = all((p) => p.participants);
  const queued = all((p) => p.jobs);
  const timers = all((p) => p.clocks);
  // One JSON parameter per table (src/db/bulk-insert.ts): the statement's text does not grow with the batch.
  await insertRowsTogether(tx, [
    insertRows(cases, list.map((p) => p.case)),
    insertRows(messages, all((p) => p.messages)),
    insertRows(caseEvents, all((p) => p.events)),
    insertRows(portalTokens, list.map((p) => p.portalToken)),
    ...(participants.length ? [insertRows(caseParticipants, participants)] : []),
    ...(timers.length ? [insertRows(clocks, timers)] : []),
    ...(queued.length ? [insertRows(jobs, queued, { onConflictDoNothing: true })] : []),
    // The channel's own rows in the same statement (inbound email: the raw mail, already routed).
    ...more,
  ]);
}

/** Opens one case in the caller's transaction. */
export async function openCase(tx: Tx, actor: Actor, input: OpenCaseInput, opts: { services: Services }): Promise<OpenedCase> {
  const { services } = opts;
  const prepared = await prepareCase(tx, services, actor, input);
  await writeCases(tx, [prepared]);
  return prepared.opened;
}

/** The customer's email on record, when the complaint came without one (a phone call, say). */
