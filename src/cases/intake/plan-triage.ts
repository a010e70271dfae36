// Turns one inbound message's detection into what changes on the case:
// priority, the detection shown to staff, the people brought in (P-2.7) and
// the timeline events — computed in memory so intake can write it all in one
// statement, and applied with a few statements for later messages.
import { eq, sql } from 'drizzle-orm';
import { caseEvents, caseParticipants, cases } from '../../db/schema.ts';
import type { Tx } from '../../db/client.ts';
import type { Detection } from '../../domain/detection/index.ts';
import { detectionSummary, SAFETY_NOTE, triage, type TriageRule } from '../../domain/triage.ts';
import { formatCaseNumber, priorityName, priorityRank, type Priority } from '../../domain/case-lifecycle.ts';
import { notify } from '../../notifications/notify.ts';
import { activeStaff, type StaffRow } from '../choose-owner.ts';
import type { Services } from '../../context.ts';
import { type BusinessSettings } from '../../settings/business-settings.ts';

export interface TriagePlan {
  priority: Priority;
  detection: Record<string, unknown>;
  score: number;
  intensity: number;
  participants: { userId: string; role: 'supervisor' | 'head'; reason: string }[];
  newOwner: { id: string; name: string; reason: string } | null;
  events: Omit<typeof caseEvents.$inferInsert, 'caseId'>[];
}

export interface CustomerValue {
  tier: string;
  lifetimeValue: number;
}

/** A valuable customer (P-2.7, P-3.7): a key/VIP tier, or lifetime value at or above the threshold. */
export function isHighValue(c: CustomerValue, s: BusinessSettings): boolean {
  return s.highValueTiers.includes(c.tier) || c.lifetimeValue >= s.highValueThreshold;
}

function pickSenior(staff: StaffRow[], role: 'supervisor' | 'head', n: number, preferred: string | null): StaffRow | null {
  if (preferred) {
    const p = staff.find((u) => u.id === preferred);
    if (p) return p;
  }
  const chain = role === 'supervisor' ? ['supervisor', 'head', 'admin'] : ['head', 'admin'];
  for (const r of chain) {
    const pool = staff.filter((u) => u.role === r);
    if (pool.length) return pool[n % pool.length]!;
  }
  return null;
}

export function planTriage(
  d: Detection,
  messageId: string,
  ctx: { caseNumber: number; current: Priority; ownerId: string | null; ownerSupervisorId: string | null; customer: CustomerValue },
  settings: BusinessSettings,
  staff: StaffRow[],
): TriagePlan {
  const rules: readonly TriageRule[] = settings.triageRules;
  const outcome = triage(d, { highValueCustomer: isHighValue(ctx.customer, settings), current: ctx.current }, rules);
  const sys = { actorType: 'system', actorId: null };
  const summary = { ...detectionSummary(d, messageId), ...(outcome.safetyNote ? { safetyNote: SAFETY_NOTE } : {}) };
  const events: TriagePlan['events'] = [
    { type: 'detection_scored', ...sys, data: { messageId, dissatisfied: d.dissatisfied, score: d.score, intensity: d.intensity, language: d.language, signals: d.signals } },
  ];
  const participants: TriagePlan['participants'] = [];
  for (const role of outcome.bring) {
    const who = pickSenior(staff, role, ctx.caseNumber, role === 'supervisor' ? ctx.ownerSupervisorId : null);
    if (who && who.id !== ctx.ownerId) participants.push({ userId: who.id, role, reason: outcome.fired.find((f) => f.actions.bring === role)!.rule });
  }
  let newOwner: TriagePlan['newOwner'] = null;
  if (outcome.lead) {
    const head = pickSenior(staff, 'head', ctx.caseNumber, null);
    if (head && head.id !== ctx.ownerId) newOwner = { id: head.id, name: head.name, reason: outcome.fired.find((f) => f.actions.lead)!.rule };
  }
  for (const f of outcome.fired) {
    events.push({
      type: 'triage_rule_fired',
      ...sys,
      data: {
        rule: f.rule,
        description: f.description,
        signals: f.signals,
        actions: f.actions,
        joined: participants.filter((p) => p.reason === f.rule).map((p) => p.userId),
        ...(newOwner && newOwner.reason === f.rule ? { ledBy: newOwner.id } : {}),
      },
    });
  }
  for (const p of participants) events.push({ type: 'participant_added', ...sys, data: { userId: p.userId, role: p.role, reason: p.reason } });
  if (outcome.priority !== ctx.current) events.push({ type: 'priority_changed', ...sys, data: { from: ctx.current, to: outcome.priority, reason: 'triage' } });
  return { priority: outcome.priority, detection: summary, score: d.score, intensity: d.intensity, participants, newOwner, events };
}

/** Applies triage for a message on an existing case (not the intake hot path). */
export async function applyTriage(tx: Tx, services: Services, settings: BusinessSettings, caseRow: typeof cases.$inferSelect, messageId: string, d: Detection, customer: CustomerValue, ownerSupervisorId: string | null): Promise<TriagePlan> {
  const staff = await activeStaff(tx, services);
  const plan = planTriage(d, messageId, { caseNumber: caseRow.number, current: priorityName(caseRow.priority), ownerId: caseRow.ownerId, ownerSupervisorId, customer }, settings, staff);
  await tx
    .update(cases)
    .set({
      priority: priorityRank(plan.priority),
      detection: plan.detection,
      // The case keeps the strongest dissatisfaction seen so far.
      score: sql`greatest(coalesce(${cases.score}, 0), ${plan.score})`,
      intensity: sql`greatest(coalesce(${cases.intensity}, 0), ${plan.intensity})`,
      updatedAt: new Date(),
      ...(plan.newOwner ? { ownerId: plan.newOwner.id } : {}),
    })
    .where(eq(cases.id, caseRow.id));
  if (plan.participants.length) {
    await tx
      .insert(caseParticipants)
      .values(plan.participants.map((p) => ({ caseId: caseRow.id, ...p })))
      .onConflictDoNothing();
  }
  const events = [...plan.events];
  if (plan.newOwner) events.push({ type: 'owner_assigned', actorType: 'system', actorId: null, data: { ownerId: plan.newOwner.id, ownerName: plan.newOwner.name, previousOwnerId: caseRow.ownerId, reason: plan.newOwner.reason } });
  await tx.insert(caseEvents).values(events.map((e) => ({ ...e, caseId: caseRow.id })));
  // A senior who now leads the case hears of it (issue 13).
  if (plan.newOwner) {
    await notify(tx, [{ userId: plan.newOwner.id, kind: 'assigned', caseId: caseRow.id, data: { caseNumber: formatCaseNumber(caseRow.number), by: 'Amends', reason: plan.newOwner.reason } }]);
  }
  return plan;
}
