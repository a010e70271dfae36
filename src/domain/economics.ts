// The economics of compensation (PLAYBOOK §3), pure and without I/O: the
// catalog presets (P-3.2), the bonus computed from the problem order (P-3.5),
// what a discount does to margin (P-3.6), replacement first for a visible
// defect (P-2.10), double compensation for a valuable customer at risk
// (P-3.7), repeat-claimant flags (P-3.8) and the return on recovery (P-3.7).
// Money is integer minor units; percentages are basis points (1% = 100).
import { AppError } from './errors.ts';
import { toMinor } from './money.ts';
import type { Role } from './authority.ts';

/** A percentage as basis points: 10 → 1000, 12.5 → 1250. Two decimals at most. */
export function percentToBp(percent: number): number {
  const bp = Math.round(percent * 100);
  if (!Number.isFinite(percent) || Math.abs(percent * 100 - bp) > 1e-6) throw new AppError('VALIDATION_FAILED', `a percentage has at most two decimals, got ${percent}`);
  return bp;
}

/** amount × bp / 10000, rounded half away from zero, exact for any amount (BigInt inside). */
export function applyBp(amountMinor: number, bp: number): number {
  const p = BigInt(amountMinor) * BigInt(bp);
  const half = p >= 0n ? 5000n : -5000n;
  return Number((p + half) / 10000n);
}

export const COMPENSATION_KINDS = ['gift', 'bonus', 'refund', 'replacement', 'discount', 'voucher'] as const;
export type CompensationKind = (typeof COMPENSATION_KINDS)[number];

export interface PresetItem {
  name: string;
  kind: CompensationKind;
  /** What it costs the business and what it is worth to the customer, in the business currency. */
  cost: string;
  value: string;
  /** Replaces or re-makes the product (P-2.10). */
  remedy?: boolean;
}

/** P-3.2: amends that are valuable to the customer and cheap to the business, by kind of business. An admin loads and edits them. */
export const CATALOG_PRESETS: Record<string, PresetItem[]> = {
  restaurant: [
    { name: 'A bottle of wine', kind: 'gift', cost: '6.00', value: '25.00' },
    { name: 'Free dinner for two voucher', kind: 'voucher', cost: '30.00', value: '90.00' },
    { name: 'The dish re-made at once', kind: 'replacement', cost: '4.00', value: '18.00', remedy: true },
  ],
  bookshop: [
    { name: 'A book of the customer’s choice', kind: 'gift', cost: '8.00', value: '20.00' },
    { name: 'Replacement copy of the damaged book', kind: 'replacement', cost: '9.00', value: '22.00', remedy: true },
  ],
  clothing: [
    { name: 'Free replacement of the damaged item', kind: 'replacement', cost: '15.00', value: '60.00', remedy: true },
    { name: 'Large discount on the next purchase', kind: 'bonus', cost: '12.00', value: '40.00' },
    { name: 'Free alteration', kind: 'gift', cost: '5.00', value: '20.00' },
  ],
  beauty_salon: [
    { name: 'A free haircut', kind: 'gift', cost: '10.00', value: '35.00' },
    { name: 'The treatment re-done free of charge', kind: 'replacement', cost: '10.00', value: '40.00', remedy: true },
  ],
  manufacturer: [
    { name: 'Our own products from stock', kind: 'gift', cost: '20.00', value: '80.00' },
    { name: 'Free delivery of the next order', kind: 'voucher', cost: '15.00', value: '40.00' },
    { name: 'Defective goods re-made', kind: 'replacement', cost: '50.00', value: '150.00', remedy: true },
  ],
  bank: [
    { name: 'Refund of the fee', kind: 'refund', cost: '10.00', value: '10.00' },
    { name: 'A year without account fees', kind: 'voucher', cost: '12.00', value: '36.00' },
  ],
  ecommerce: [
    { name: 'Free shipping on the next order', kind: 'voucher', cost: '4.00', value: '9.00' },
    { name: 'A voucher for the next order', kind: 'voucher', cost: '5.00', value: '15.00' },
    { name: 'Replacement sent by express', kind: 'replacement', cost: '12.00', value: '30.00', remedy: true },
  ],
};
export const PRESET_NAMES = Object.keys(CATALOG_PRESETS);

/** A preset's items in minor units of the business currency. */
export function presetItems(preset: string, currency: string) {
  const items = CATALOG_PRESETS[preset];
  if (!items) throw new AppError('NOT_FOUND', `no preset "${preset}"`, { presets: PRESET_NAMES });
  return items.map((i, position) => ({
    name: i.name,
    kind: i.kind,
    cost: toMinor({ amount: i.cost, currency }),
    value: toMinor({ amount: i.value, currency }),
    remedy: i.remedy ?? false,
    position,
  }));
}

/** Business figures an admin sets once (settings key `economics`). */
export interface EconomicsSettings {
  /** P-3.5: the bonus as a share of the problem order (default 10%). */
  bonusPercent: number;
  /** P-3.5: how long a bonus lasts (default 3 months, at most 6). */
  bonusValidMonths: number;
  /** Days before expiry the customer is reminded. */
  bonusReminderDays: number;
  /** The business's gross margin (P-3.6). */
  marginPercent: number;
  /** A tax on what is left, where the business sets one (P-3.6). */
  taxPercent: number | null;
  /** P-3.7: how long after a case purchases count as won back (default 12 months). */
  recoveryWindowMonths: number;
  /** P-3.8: a customer is flagged for review past either threshold within the period. */
  abusePeriodDays: number;
  abuseMaxCount: number;
  abuseMaxValue: number;
  /** P-3.3: what a role may grant in a month, in minor units; null = unlimited. */
  monthlyAuthorityLimits: Record<Role, number | null>;
  /** P-3.3 by customer: every role's limits times this factor for customers of the tier (P-3.7: the valuable ones). */
  tierAuthorityFactors: Record<string, number>;
}

export const DEFAULT_ECONOMICS: EconomicsSettings = {
  bonusPercent: 10,
  bonusValidMonths: 3,
  bonusReminderDays: 14,
  marginPercent: 30,
  taxPercent: null,
  recoveryWindowMonths: 12,
  abusePeriodDays: 90,
  abuseMaxCount: 3,
  abuseMaxValue: 300_00,
  // Off until the business sets them: the per-case limits alone are the P-3.3 defaults.
  monthlyAuthorityLimits: { agent: null, supervisor: null, head: null, admin: null },
  tierAuthorityFactors: { key: 2, vip: 2 },
};

export const MAX_BONUS_MONTHS = 6;

/** P-3.5: the bonus is a share of the problem order — never "10% off the next order", which may be huge. */
export function bonusFor(problemOrderMinor: number, bonusPercent: number): number {
  return applyBp(problemOrderMinor, percentToBp(bonusPercent));
}

/** When a bonus granted now expires: months clamped to 1..6 (P-3.5). */
export function bonusExpiry(from: Date, months: number): Date {
  const m = Math.min(MAX_BONUS_MONTHS, Math.max(1, Math.trunc(months)));
  const d = new Date(from);
  d.setUTCMonth(d.getUTCMonth() + m);
  return d;
}

// P-2.10: words that say the complaint is about a product defect, in the seven languages.
const DEFECT = new RegExp(
  [
    'defect', 'faulty', 'broken', 'damaged', '\\btorn\\b', 'scratch', '\\bstain', 'cracked', "doesn'?t work", 'misprint', 'ripped', 'leak',
    'брак', 'дефект', 'слома', 'поврежд', 'порван', 'трещин', 'не работает', 'испорчен',
    'deteriorat', 'stricat', '\\brupt', 'zgâria', 'defectă', 'nu funcționează',
    'bojāt', 'defekt', 'saplīs', 'salūz', 'nestrādā', 'saplēst',
    'viallinen', 'vioittu', 'rikki', 'vaurio', 'revennyt', 'ei toimi',
    'kaputt', 'beschädigt', 'mangelhaft', 'gerissen', 'zerkratzt', 'funktioniert nicht',
    'defectuos', '\\brot[oa]s?\\b', 'dañad', 'rayad', 'estropead', 'no funciona',
  ].join('|'),
  'iu',
);

/** Whether the complaint concerns a visible product defect (P-2.10). */
export function concernsDefect(text: string): boolean {
  return DEFECT.test(text);
}

/** P-2.10: for a defect, items that replace or re-make come before discounts and the rest; else the catalog order. */
export function orderForCase<T extends { remedy: boolean; kind: string; position: number }>(items: T[], defect: boolean): T[] {
  const rank = (i: T) => (defect ? (i.remedy || i.kind === 'replacement' ? 0 : i.kind === 'discount' ? 2 : 1) : 0);
  return [...items].sort((a, b) => rank(a) - rank(b) || a.position - b.position);
}

export interface DoubleInput {
  lifetimeValue: number;
  problemOrder: number | null;
  tier: string;
  highValueThreshold: number;
  highValueTiers: string[];
  signals: string[];
  intensity: number;
}

/** P-3.7: gift and bonus together for a very valuable customer at risk; the reasons say which facts made it so. */
export function doubleCompensation(i: DoubleInput): { suggested: boolean; valuable: boolean; atRisk: boolean; reasons: string[] } {
  const reasons: string[] = [];
  if (i.highValueTiers.includes(i.tier)) reasons.push(`tier:${i.tier}`);
  if (i.lifetimeValue >= i.highValueThreshold) reasons.push('lifetime_value');
  if (i.problemOrder !== null && i.problemOrder * 2 >= i.highValueThreshold) reasons.push('order_value');
  const valuable = reasons.length > 0;
  const risk = i.signals.filter((s) => ['churn', 'legal', 'public'].includes(s)).map((s) => `signal:${s}`);
  if (i.intensity >= 3) risk.push('intensity');
  const atRisk = risk.length > 0;
  return { suggested: valuable && atRisk, valuable, atRisk, reasons: [...reasons, ...risk] };
}

export interface DiscountInput {
  monthlyRevenue: number;
  months: number;
  discountPercent: number;
  marginPercent: number;
  taxPercent: number | null;
  /** For the alternatives: the customer's average order and the business's bonus share. */
  averageOrder: number;
  bonusPercent: number;
  defect: boolean;
}

export interface DiscountStep {
  key: 'revenue' | 'gross_margin' | 'discount_cost' | 'margin_after' | 'tax' | 'left';
  amount: number;
  formula: string;
}

/**
 * P-3.6: what a discount does to margin over its duration, step by step.
 * 30,000 a month at 30% margin, 20% off for six months: margin 54,000 → 18,000 (two thirds gone).
 * Then the advice: replacement for a defect (P-2.10), a bonus when it costs less (P-3.5).
 */
export function discountImpact(i: DiscountInput, show: (minor: number) => string = String) {
  if (i.months < 1 || !Number.isInteger(i.months)) throw new AppError('VALIDATION_FAILED', 'months is a whole number from 1');
  if (i.monthlyRevenue <= 0) throw new AppError('VALIDATION_FAILED', 'the monthly revenue must be more than zero');
  const marginBp = percentToBp(i.marginPercent);
  const discountBp = percentToBp(i.discountPercent);
  const revenue = i.monthlyRevenue * i.months;
  const grossMargin = applyBp(revenue, marginBp);
  const discountCost = applyBp(revenue, discountBp);
  const marginAfter = grossMargin - discountCost;
  const steps: DiscountStep[] = [
    { key: 'revenue', amount: revenue, formula: `${show(i.monthlyRevenue)} × ${i.months} months` },
    { key: 'gross_margin', amount: grossMargin, formula: `revenue × ${i.marginPercent}%` },
    { key: 'discount_cost', amount: discountCost, formula: `revenue × ${i.discountPercent}%` },
    { key: 'margin_after', amount: marginAfter, formula: 'gross margin − discount' },
  ];
  let left = marginAfter;
  if (i.taxPercent !== null && i.taxPercent > 0) {
    const tax = marginAfter > 0 ? applyBp(marginAfter, percentToBp(i.taxPercent)) : 0;
    left = marginAfter - tax;
    steps.push({ key: 'tax', amount: tax, formula: `margin after discount × ${i.taxPercent}%` });
  }
  steps.push({ key: 'left', amount: left, formula: i.taxPercent ? 'margin after discount − tax' : 'margin after discount' });
  // Share of the gross margin the discount eats, in basis points (6667 = two thirds).
  const marginLostBp = grossMargin > 0 ? Number((BigInt(discountCost) * 10000n + BigInt(grossMargin) / 2n) / BigInt(grossMargin)) : 10000;
  const bonusCost = i.averageOrder > 0 ? applyBp(i.averageOrder, percentToBp(i.bonusPercent)) : null;
  const reasons: { code: string; message: string }[] = [];
  let recommendation: 'replacement' | 'bonus' | 'discount';
  if (i.defect) {
    recommendation = 'replacement';
    reasons.push({ code: 'DEFECT_REPLACE', message: 'The complaint is about a defect: replace or re-make it. A discount is forgotten; the defect is seen every day (P-2.10).' });
  } else if (bonusCost !== null && bonusCost < discountCost) {
    recommendation = 'bonus';
    reasons.push({ code: 'BONUS_CHEAPER', message: `A bonus of ${i.bonusPercent}% of an average order costs ${show(bonusCost)} once, on a purchase the customer makes; the discount costs ${show(discountCost)} of margin (P-3.5, P-3.6).` });
  } else {
    recommendation = 'discount';
  }
  if (marginAfter <= 0) reasons.push({ code: 'MARGIN_GONE', message: 'The discount eats the whole margin: every sale in the period loses money.' });
  else if (marginLostBp >= 5000) reasons.push({ code: 'MARGIN_HALVED', message: `The discount takes ${(marginLostBp / 100).toFixed(0)}% of the gross margin over ${i.months} months.` });
  return { steps, revenue, grossMargin, discountCost, marginAfter, left, marginLostBp, alternatives: { bonusCost }, recommendation, reasons };
}

/** P-3.8: past either threshold in the period a customer is flagged for a manager's review — never refused. */
export function isRepeatClaimant(count: number, totalMinor: number, s: Pick<EconomicsSettings, 'abuseMaxCount' | 'abuseMaxValue'>): boolean {
  return count >= s.abuseMaxCount || totalMinor >= s.abuseMaxValue;
}

/** P-3.7: what the customer bought afterwards, net of bonuses redeemed, over what the recovery cost. */
export function recoveryReturn(cost: number, revenueAfter: number, bonusRedeemed: number) {
  const net = revenueAfter - bonusRedeemed;
  return { cost, revenueAfter, bonusRedeemed, net, ratio: cost > 0 ? Math.round((net / cost) * 100) / 100 : null };
}
