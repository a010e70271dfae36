// P-2.7, P-3.7: how likely is this customer to leave? An estimate between 0 and 1,
// explained by its factors, so the desk can sort the queue by who is about to be lost
// and a supervisor can see why. Pure: the same inputs give the same answer.
//
// The priors are the playbook's figures (PLAYBOOK "Why it matters", from the seeds):
// - 63% of customers with a problem on a purchase up to $5 do not come back; 91% when
//   the purchase is over $100 (seed 000): without help most dissatisfied customers leave,
//   and more so the more the order was worth.
// - After a really bad experience a third never return, two thirds can be won back with
//   effort (seed 002): being helped moves the odds by about that much.
// - A customer whose problem is fixed quickly, and compensated, often becomes more loyal
//   than one who never had a problem (the service-recovery paradox): a quick resolution
//   turns "most leave" into "most stay".
// The contributions are in log-odds (logit) and add up; the estimate is the logistic of the sum.

/** What the estimate reads; every field is optional data the case may not have. */
export interface ChurnInput {
  /** The order the complaint is about, in major units of the business currency. */
  orderValue: number | null;
  /** The customer's lifetime value and order count (their history with the business). */
  lifetimeValue: number;
  orderCount: number;
  /** Earlier complaints of this customer (not counting this case). */
  previousCases: number;
  /** The customer has left before (a departure on record). */
  departedBefore: boolean;
  /** The detection score 0–1 and the signals detection found (P-1.2, P-1.3). */
  score: number | null;
  signals: readonly string[];
  /** How the case is going. */
  status: 'new' | 'acknowledged' | 'understood' | 'resolving' | 'resolved' | 'closed';
  breachedClocks: number;
  brokenPromises: number;
  /** Business days from receipt to resolution, when resolved. */
  resolvedInBusinessDays: number | null;
  /** The value from which a customer counts as valuable (settings.highValueThreshold, major units). */
  highValue: number;
}

export interface ChurnFactor {
  /** A stable key the web app translates. */
  factor: 'order_value' | 'loyal_history' | 'new_customer' | 'repeat_complaints' | 'departed_before' | 'tone' | 'signal' | 'helped' | 'resolved_quickly' | 'resolved_slowly' | 'clock_breached' | 'promise_broken';
  /** Its contribution in log-odds: positive raises the risk. */
  contribution: number;
}

export interface ChurnEstimate {
  risk: number;
  factors: ChurnFactor[];
}

const logit = (p: number) => Math.log(p / (1 - p));
const round = (v: number) => Math.round(v * 1000) / 1000;

/** 63% at $5 or less, 91% above $100 (seed 000), logarithmic in between; unknown value: the midpoint (77%). */
export function orderValuePrior(value: number | null): number {
  if (value === null || !Number.isFinite(value)) return 0.77;
  if (value <= 5) return 0.63;
  if (value >= 100) return 0.91;
  return 0.63 + (0.91 - 0.63) * (Math.log(value / 5) / Math.log(20));
}

/** Signals that say the customer is on the way out (P-1.3). */
const LEAVING_SIGNALS = new Set(['churn', 'legal', 'public', 'threat']);

/** The estimate and its factors; the first factor is the prior from the order value. */
export function estimateChurn(x: ChurnInput): ChurnEstimate {
  const f: ChurnFactor[] = [];
  const add = (factor: ChurnFactor['factor'], contribution: number) => {
    if (contribution !== 0) f.push({ factor, contribution: round(contribution) });
  };
  add('order_value', logit(orderValuePrior(x.orderValue)));
  // History: a long, valuable relationship holds a little; a first-time buyer has nothing to lose.
  if (x.orderCount >= 5 || (x.highValue > 0 && x.lifetimeValue >= x.highValue)) add('loyal_history', -0.4);
  else if (x.orderCount <= 1) add('new_customer', 0.3);
  add('repeat_complaints', Math.min(x.previousCases, 4) * 0.25);
  if (x.departedBefore) add('departed_before', 0.8);
  // Tone (P-1.2): the angrier, the closer to leaving; a calm message lowers it.
  if (x.score !== null) add('tone', (x.score - 0.5) * 1.2);
  const leaving = x.signals.filter((s) => LEAVING_SIGNALS.has(s)).length;
  add('signal', Math.min(leaving, 2) * 0.5);
  // Help (seed 002): two thirds can be won back with effort; once someone owns and answers the case the odds move by about logit(2/3).
  const helped = x.status !== 'new';
  if (x.status === 'resolved' || x.status === 'closed') {
    // Quick resolution (the recovery paradox): most stay — down to about 15% from a typical 77%.
    const days = x.resolvedInBusinessDays;
    if (days !== null && days <= 3) add('resolved_quickly', logit(0.15) - logit(0.77));
    else add('resolved_slowly', logit(0.4) - logit(0.77));
  } else if (helped) add('helped', -logit(2 / 3));
  add('clock_breached', Math.min(x.breachedClocks, 3) * 0.5);
  add('promise_broken', Math.min(x.brokenPromises, 3) * 0.7);
  const sum = f.reduce((s, g) => s + g.contribution, 0);
  return { risk: round(1 / (1 + Math.exp(-sum))), factors: f };
}
