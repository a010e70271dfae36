// Triage (P-1.2, P-1.3, P-2.7): every inbound message is scored; priority
// follows the dissatisfaction; rules bring in the "heavy artillery". The rules
// are data an admin can change; each that fires is written to the timeline.
import type { Detection, SignalType } from './detection/index.ts';
import type { Priority } from './case-lifecycle.ts';
import { PRIORITIES } from './case-lifecycle.ts';

export interface TriageRule {
  id: string;
  description: string;
  enabled: boolean;
  when: {
    /** Fires when any of these signals is present. */
    anySignal?: SignalType[];
    /** …and the message is at least this intense (0–3). */
    minIntensity?: number;
    /** …and the customer is valuable (tier or lifetime value at or above the threshold). */
    highValueCustomer?: boolean;
  };
  then: {
    priority?: Priority;
    /** Adds a senior colleague to the case (P-2.7). */
    bring?: 'supervisor' | 'head';
    /** A department head takes over as owner (P-2.7: a valuable customer is led by a head). */
    lead?: 'head';
    /** Shows the agent a safety note (P-1.3: involve the police and a supervisor). */
    safetyNote?: boolean;
  };
}

/** The defaults of P-2.7; an admin may edit, disable or add rules. */
export const DEFAULT_TRIAGE_RULES: TriageRule[] = [
  {
    id: 'safety-first',
    description: 'Threats or danger: urgent, a supervisor joins, the agent is shown the safety note',
    enabled: true,
    when: { anySignal: ['threat', 'safety'] },
    then: { priority: 'urgent', bring: 'supervisor', safetyNote: true },
  },
  {
    id: 'legal-to-head',
    description: 'Courts, lawyers, regulators: the department head joins',
    enabled: true,
    when: { anySignal: ['legal'] },
    then: { priority: 'high', bring: 'head' },
  },
  {
    id: 'senior-colleague',
    description: 'The customer asks for a manager or doubts the agent: a supervisor joins',
    enabled: true,
    when: { anySignal: ['manager_request', 'credibility'] },
    then: { bring: 'supervisor' },
  },
  {
    id: 'valuable-customer-at-risk',
    description: 'A valuable customer says they will leave: the department head leads',
    enabled: true,
    when: { anySignal: ['churn'], highValueCustomer: true },
    then: { priority: 'high', lead: 'head' },
  },
];

export const SAFETY_NOTE =
  'Safety first (P-1.3): this message contains a threat or a danger. Do not meet the customer alone; involve your supervisor, and the police if anyone is at risk.';

export interface FiredRule {
  rule: string;
  description: string;
  signals: { type: SignalType; phrases: string[] }[];
  actions: TriageRule['then'];
}

export interface TriageOutcome {
  priority: Priority;
  fired: FiredRule[];
  bring: ('supervisor' | 'head')[];
  lead: 'head' | null;
  safetyNote: boolean;
}

const rank = (p: Priority) => PRIORITIES.indexOf(p);
const max = (a: Priority, b: Priority): Priority => (rank(a) >= rank(b) ? a : b);

/** Priority from the tone alone: clearly upset or angry messages come first. */
export function priorityFromTone(d: Pick<Detection, 'dissatisfied' | 'intensity'>): Priority {
  if (!d.dissatisfied) return 'normal';
  return d.intensity >= 2 ? 'high' : 'normal';
}

/** Applies the rules to one message's detection; never lowers the current priority. */
export function triage(d: Detection, ctx: { highValueCustomer: boolean; current: Priority }, rules: readonly TriageRule[]): TriageOutcome {
  let priority = max(ctx.current, priorityFromTone(d));
  const fired: FiredRule[] = [];
  const bring = new Set<'supervisor' | 'head'>();
  let lead: 'head' | null = null;
  let safetyNote = false;
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const w = rule.when;
    const matched = w.anySignal ? d.signals.filter((s) => w.anySignal!.includes(s.type)) : [];
    if (w.anySignal && matched.length === 0) continue;
    if (w.minIntensity !== undefined && d.intensity < w.minIntensity) continue;
    if (w.highValueCustomer && !ctx.highValueCustomer) continue;
    fired.push({ rule: rule.id, description: rule.description, signals: matched.map((s) => ({ type: s.type, phrases: s.phrases })), actions: rule.then });
    if (rule.then.priority) priority = max(priority, rule.then.priority);
    if (rule.then.bring) bring.add(rule.then.bring);
    if (rule.then.lead) lead = rule.then.lead;
    if (rule.then.safetyNote) safetyNote = true;
  }
  return { priority, fired, bring: [...bring], lead, safetyNote };
}

/** What the case keeps of a message's detection (and the API shows). */
export function detectionSummary(d: Detection, messageId: string) {
  return {
    messageId,
    language: d.language,
    dissatisfied: d.dissatisfied,
    score: d.score,
    intensity: d.intensity,
    signals: d.signals,
    phrases: d.phrases,
  };
}
