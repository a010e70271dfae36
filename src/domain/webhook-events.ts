// The events a webhook may subscribe to: public, dotted names over the case
// timeline's event types (domain/playbook.ts). One public name may stand for
// several timeline types (compensation.decided: approved or rejected); a
// timeline type has at most one public name. Internal notes are never sent.
import type { CaseEventType } from './playbook.ts';

export const WEBHOOK_EVENTS = {
  'case.opened': { kinds: ['case_opened'], about: 'a complaint became a case (any channel)' },
  'case.status_changed': { kinds: ['status_changed'], about: 'the case moved between statuses; data has from, to and action' },
  'case.assigned': { kinds: ['owner_assigned'], about: 'the case got an owner (intake, reassignment, take-over, the owner sweep)' },
  'case.message_received': { kinds: ['message_received'], about: 'the customer wrote again' },
  'case.message_sent': { kinds: ['message_sent'], about: 'staff answered the customer' },
  'case.restatement_confirmed': { kinds: ['restatement_confirmed'], about: 'the customer confirmed the restated complaint' },
  'case.resolved': { kinds: ['resolved'], about: 'the case was resolved' },
  'case.closed': { kinds: ['closed'], about: 'the case was closed' },
  'case.reopened': { kinds: ['reopened'], about: 'a closed or resolved case was reopened' },
  'case.rated': { kinds: ['rating_received'], about: 'the customer rated the handling' },
  'case.priority_changed': { kinds: ['priority_changed'], about: 'the priority changed' },
  'commitment.made': { kinds: ['commitment_made'], about: 'a promise to the customer was recorded' },
  'commitment.kept': { kinds: ['commitment_kept'], about: 'a promise was kept' },
  'commitment.broken': { kinds: ['commitment_broken'], about: 'a promise passed its due time unkept' },
  'compensation.granted': { kinds: ['compensation_granted'], about: 'compensation was granted (within authority, approved, or by a service guarantee)' },
  'compensation.requested': { kinds: ['compensation_requested'], about: 'compensation above the actor’s authority awaits a decision' },
  'compensation.decided': { kinds: ['compensation_approved', 'compensation_rejected'], about: 'a requested compensation was approved or rejected' },
  'offer.chosen': { kinds: ['offer_chosen'], about: 'the customer chose one of the offered amends' },
  'clock.warning': { kinds: ['clock_warning'], about: 'a deadline is near' },
  'clock.breached': { kinds: ['clock_breached'], about: 'a deadline passed' },
} as const satisfies Record<string, { kinds: readonly CaseEventType[]; about: string }>;

export type WebhookEvent = keyof typeof WEBHOOK_EVENTS;
export const WEBHOOK_EVENT_NAMES = Object.keys(WEBHOOK_EVENTS) as [WebhookEvent, ...WebhookEvent[]];

const BY_KIND = new Map<string, WebhookEvent>(
  WEBHOOK_EVENT_NAMES.flatMap((name) => WEBHOOK_EVENTS[name].kinds.map((kind) => [kind, name] as const)),
);

/** The timeline types a set of public names stands for (what the fan-out matches). */
export function eventKindsFor(names: readonly WebhookEvent[]): string[] {
  return [...new Set(names.flatMap((n) => WEBHOOK_EVENTS[n].kinds))].sort();
}

/** The public name of a timeline event type, if it has one. */
export function webhookEventOf(kind: string): WebhookEvent | null {
  return BY_KIND.get(kind) ?? null;
}

/** Delay before retry number `attempt + 1`: base doubling, at most six hours. */
export function webhookBackoffMs(attempt: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempt - 1), 6 * 3_600_000);
}
