// Which timeline events are routine (the system's own bookkeeping: clocks,
// scoring, deliveries) and the folding of consecutive routine events into one
// group, for the case timeline (case-timeline.tsx).
import type { CaseDetail } from '../api.ts';

export type Event = CaseDetail['timeline'][number];
export type Entry = { at: string; key: string; message?: CaseDetail['messages'][number]; event?: Event };

/** Routine: what the system records on its own (clocks, scores, deliveries), not a person's move. */
const ROUTINE = new Set(['detection_scored', 'triage_rule_fired', 'acknowledgement_delivered', 'portal_link_issued', 'follow_up_scheduled', 'commitment_reminder', 'call_event']);
export const isRoutine = (e: Event) => !e.internal && (e.type.startsWith('clock_') || ROUTINE.has(e.type) || (e.actor.type === 'system' && e.type !== 'case_opened' && e.type !== 'reopened' && e.type !== 'priority_changed'));

/** Consecutive routine events become one group; everything else stays one entry. */
export function groupEntries(entries: Entry[]): (Entry | Entry[])[] {
  const out: (Entry | Entry[])[] = [];
  for (const e of entries) {
    const last = out.at(-1);
    if (e.event && isRoutine(e.event)) {
      if (Array.isArray(last)) last.push(e);
      else out.push([e]);
    } else out.push(e);
  }
  // A lone routine event is shown as itself.
  return out.map((g) => (Array.isArray(g) && g.length === 1 ? g[0]! : g));
}
