// Playbook progress (PLAYBOOK §2–4) computed from the case's events alone, so
// it is always what the timeline says and never a second truth to keep in step.

/** The event types a case timeline holds; the playbook reads a subset. */
export type CaseEventType =
  | 'case_opened'
  | 'message_received'
  | 'message_sent'
  | 'acknowledged'
  | 'acknowledgement_delivered'
  | 'delivery_failed'
  | 'call_event'
  | 'review_received'
  | 'complaint_recorded'
  | 'customer_merged'
  | 'acknowledgement_not_sent'
  | 'owner_assigned'
  | 'participant_added'
  | 'note_added'
  | 'status_changed'
  | 'apology_recorded'
  | 'restatement_proposed'
  | 'restatement_confirmed'
  | 'restatement_corrected'
  | 'options_proposed'
  | 'option_chosen'
  | 'commitment_made'
  | 'commitment_kept'
  | 'commitment_broken'
  | 'compensation_granted'
  | 'compensation_requested'
  | 'compensation_approved'
  | 'compensation_rejected'
  | 'offer_made'
  | 'offer_chosen'
  | 'bonus_issued'
  | 'bonus_redeemed'
  | 'bonus_reminder'
  | 'bonus_expired'
  | 'recovery_cost_recorded'
  | 'resolved'
  | 'follow_up_scheduled'
  | 'follow_up_due'
  | 'follow_up_sent'
  | 'follow_up_cancelled'
  | 'commitment_reminder'
  | 'clock_met'
  | 'clock_warning'
  | 'clock_breached'
  | 'clock_paused'
  | 'clock_resumed'
  | 'closed'
  | 'reopened'
  | 'step_skipped'
  | 'rating_received'
  | 'portal_link_issued'
  | 'detection_scored'
  | 'triage_rule_fired'
  | 'priority_changed'
  | 'dissatisfaction_flagged'
  | 'category_set'
  | 'root_cause_linked'
  | 'root_cause_unlinked'
  | 'customer_thanked'
  | 'praise_received'
  | 'complaint_justified'
  | 'case_merged'
  | 'merged_into'
  | 'case_split'
  | 'split_from';

export interface PlaybookEvent {
  type: string;
  data: Record<string, unknown>;
  /** A Date, or the ISO 8601 text Date.toISOString writes (the case view reads its events as text). */
  createdAt: Date | string;
}

export const PLAYBOOK_STEPS = [
  { key: 'acknowledged', rule: 'P-1.5', title: 'Acknowledge at once' },
  { key: 'owned', rule: 'P-2.4', title: 'One named owner' },
  { key: 'apologised', rule: 'P-2.5', title: 'Apologise personally' },
  { key: 'restated', rule: 'P-2.3', title: 'Restate the complaint' },
  { key: 'confirmed', rule: 'P-2.3', title: 'Customer confirms the restatement' },
  { key: 'options', rule: 'P-2.9', title: 'Offer at least three options' },
  { key: 'choice', rule: 'P-2.9', title: 'Record the customer’s choice' },
  { key: 'commitments', rule: 'P-2.11', title: 'Keep every promise on time' },
  { key: 'compensated', rule: 'P-3.1', title: 'Compensate, regardless of fault' },
  { key: 'follow_up', rule: 'P-4.1', title: 'Schedule the follow-up' },
] as const;

export type PlaybookStepKey = (typeof PLAYBOOK_STEPS)[number]['key'];
export type StepStatus = 'done' | 'pending' | 'skipped' | 'failed';

export type PlaybookStep = {
  key: PlaybookStepKey;
  rule: string;
  title: string;
  status: StepStatus;
  at: string | null;
  reason?: string;
  detail?: Record<string, unknown>;
};

export type PlaybookProgress = {
  steps: PlaybookStep[];
  /** The first step still pending: what the owner should do next. */
  next: PlaybookStepKey | null;
  done: number;
  total: number;
};

/** Minimum options before a choice is informed (P-2.9). */
export const MIN_OPTIONS = 3;

/** Events that complete a step by merely happening. */
const MARKS: Partial<Record<string, PlaybookStepKey>> = {
  acknowledged: 'acknowledged',
  apology_recorded: 'apologised',
  option_chosen: 'choice',
  compensation_granted: 'compensated',
  follow_up_scheduled: 'follow_up',
};

/**
 * Walks the events once and derives every step's state. Every case view computes this
 * (each case action answers with one), so the steps are written as plain literals: object
 * spreads per step cost more than the walk itself.
 */
export function computePlaybook(events: readonly PlaybookEvent[]): PlaybookProgress {
  // A restatement proposed again clears `confirmed` (undefined, not deleted: the object keeps its shape).
  const at: Partial<Record<PlaybookStepKey, Date | string>> = {};
  const skipped: Partial<Record<PlaybookStepKey, string>> = {};
  const commitments = new Map<string, 'open' | 'kept' | 'broken'>();
  let optionCount = 0;
  let optionsReason: string | undefined;
  let pendingCompensations = 0;
  let restatementOpen = false;
  let lastCommitmentAt: Date | string | undefined;

  for (const e of events) {
    const d = e.data;
    const simple = MARKS[e.type];
    if (simple) {
      at[simple] ??= e.createdAt;
      continue;
    }
    switch (e.type) {
      case 'owner_assigned':
        if (d.ownerId) at.owned ??= e.createdAt;
        break;
      case 'restatement_proposed':
        at.restated ??= e.createdAt;
        // A new restatement needs a new confirmation.
        at.confirmed = undefined;
        restatementOpen = true;
        break;
      case 'restatement_confirmed':
        at.confirmed = e.createdAt;
        restatementOpen = false;
        break;
      case 'restatement_corrected':
        restatementOpen = false;
        break;
      case 'options_proposed':
        optionCount += Number(d.count ?? 0);
        if (typeof d.reason === 'string' && d.reason) optionsReason = d.reason;
        if (optionCount >= MIN_OPTIONS || optionsReason) at.options ??= e.createdAt;
        break;
      case 'commitment_made':
        commitments.set(String(d.commitmentId), 'open');
        break;
      case 'commitment_kept':
        commitments.set(String(d.commitmentId), 'kept');
        lastCommitmentAt = e.createdAt;
        break;
      case 'commitment_broken':
        commitments.set(String(d.commitmentId), 'broken');
        break;
      case 'compensation_requested':
        pendingCompensations++;
        break;
      case 'compensation_approved':
        pendingCompensations--;
        at.compensated ??= e.createdAt;
        break;
      case 'compensation_rejected':
        pendingCompensations--;
        break;
      case 'step_skipped':
        skipped[d.step as PlaybookStepKey] = String(d.reason ?? '');
        break;
    }
  }

  let open = 0;
  let kept = 0;
  let broken = 0;
  for (const s of commitments.values()) {
    if (s === 'open') open++;
    else if (s === 'kept') kept++;
    else broken++;
  }

  const steps: PlaybookStep[] = [];
  let next: PlaybookStepKey | null = null;
  let done = 0;
  for (const { key, rule, title } of PLAYBOOK_STEPS) {
    let step: PlaybookStep;
    if (key === 'commitments') {
      const detail = { open, kept, broken };
      if (broken > 0) step = { key, rule, title, status: 'failed', at: null, detail };
      else if (commitments.size > 0 && open === 0) step = { key, rule, title, status: 'done', at: iso(lastCommitmentAt), detail };
      else if (skipped.commitments !== undefined && commitments.size === 0) step = { key, rule, title, status: 'skipped', at: null, reason: skipped.commitments, detail };
      else step = { key, rule, title, status: 'pending', at: null, detail };
    } else {
      const when = at[key];
      const reason = skipped[key];
      if (when) step = { key, rule, title, status: 'done', at: iso(when) };
      else if (reason !== undefined) step = { key, rule, title, status: 'skipped', at: null, reason };
      else step = { key, rule, title, status: 'pending', at: null };
      if (key === 'options') step.detail = optionsReason ? { count: optionCount, minimum: MIN_OPTIONS, reason: optionsReason } : { count: optionCount, minimum: MIN_OPTIONS };
      else if (key === 'compensated') step.detail = { pendingApproval: pendingCompensations };
      else if (key === 'confirmed') step.detail = { awaitingCustomer: restatementOpen };
    }
    if (step.status === 'done') done++;
    else if (step.status === 'pending') next ??= key;
    steps.push(step);
  }

  return { steps, next, done, total: steps.length };
}

function iso(d: Date | string | undefined): string | null {
  return d === undefined ? null : typeof d === 'string' ? d : d.toISOString();
}

const APOLOGY = /\b(sorry|apologi[sz]e|apologies|my apology)|извин|прости|прошу прощения|entschuldig|es tut mir leid|disculp|lo siento|perd[oó]n|scuze|îmi pare rău|imi pare rau|regret|atvaino|atvainoj|piedod|pahoittel|anteeks|valitettavasti/i;

/** Whether an outbound text apologises (P-2.5) in any of our languages; agents may also mark it. */
export function readsAsApology(text: string): boolean {
  return APOLOGY.test(text);
}
