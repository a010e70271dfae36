// The case lifecycle of API.md with one writer (STYLE 4): a case's status
// changes only through `transition`, over this explicit table. An illegal
// move is an error (409), never a silent no-op.
import { AppError } from './errors.ts';

export const CASE_STATUSES = ['new', 'acknowledged', 'understood', 'resolving', 'resolved', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Open means someone still has work to do on the case. */
export const OPEN_STATUSES: readonly CaseStatus[] = ['new', 'acknowledged', 'understood', 'resolving'];

/** What can happen to a case, and the states each move is allowed from. */
export const TRANSITIONS = {
  // P-1.5: intake acknowledges at once and names an owner (P-2.4).
  acknowledge: { from: ['new'], to: 'acknowledged' },
  // P-2.3: a (new) restatement waits for the customer's confirmation.
  restate: { from: ['acknowledged', 'understood'], to: 'acknowledged' },
  confirm: { from: ['acknowledged'], to: 'understood' },
  // P-2.9: options offered → resolving.
  propose_options: { from: ['understood', 'resolving'], to: 'resolving' },
  resolve: { from: ['acknowledged', 'understood', 'resolving'], to: 'resolved' },
  close: { from: ['resolved'], to: 'closed' },
  // Closing an unresolved case needs a recorded reason (duplicate, withdrawn, spam …).
  close_unresolved: { from: ['new', 'acknowledged', 'understood', 'resolving'], to: 'closed' },
  reopen: { from: ['resolved', 'closed'], to: 'resolving' },
} as const satisfies Record<string, { from: readonly CaseStatus[]; to: CaseStatus }>;

export type CaseAction = keyof typeof TRANSITIONS;

/** The state a move leads to; throws CASE_STATE_CONFLICT (409) when the move is not allowed. */
export function transition(from: CaseStatus, action: CaseAction): CaseStatus {
  const rule = TRANSITIONS[action];
  if (!(rule.from as readonly CaseStatus[]).includes(from)) {
    throw new AppError('CASE_STATE_CONFLICT', `cannot ${action.replace('_', ' ')} a case that is ${from}`, {
      status: from,
      action,
      allowedFrom: rule.from,
    });
  }
  return rule.to;
}

/** Whether a move is allowed (for showing the right buttons without trying). */
export function canTransition(from: CaseStatus, action: CaseAction): boolean {
  return (TRANSITIONS[action].from as readonly CaseStatus[]).includes(from);
}

/** States in which staff may still work on the case (messages, commitments, compensation). */
export function assertNotClosed(status: CaseStatus): void {
  if (status === 'closed') throw new AppError('CASE_STATE_CONFLICT', 'the case is closed; reopen it first', { status });
}

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Priority as stored (0–3, so the queue sorts on an index). */
export function priorityRank(p: Priority): number {
  return PRIORITIES.indexOf(p);
}

export function priorityName(rank: number): Priority {
  return PRIORITIES[Math.max(0, Math.min(3, rank))]!;
}

/** Human case number as customers and staff say it: C-000123. */
export function formatCaseNumber(n: number): string {
  return `C-${String(n).padStart(6, '0')}`;
}

/** Parses "C-000123", "c-123" or "123" into 123; null when it is not a case number. */
export function parseCaseNumber(s: string): number | null {
  const m = /^\s*(?:c-?)?0*(\d{1,15})\s*$/i.exec(s);
  return m ? Number(m[1]) : null;
}
