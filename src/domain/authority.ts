// Compensation within authority (P-3.1, P-3.3): the front line grants at once
// within the limit of its role; above it the compensation waits for the
// lowest role whose limit covers it. Limits are configurable per business.
import { AppError } from './errors.ts';

export const ROLES = ['agent', 'supervisor', 'head', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The chain of approvers, lowest first (admin approves as the business owner). */
const APPROVAL_CHAIN: readonly Role[] = ['agent', 'supervisor', 'head', 'admin'];

/** Per role the largest single compensation, in minor units of the business currency; null = unlimited. */
export type AuthorityLimits = Record<Role, number | null>;

/** Defaults of P-3.3: agent 50, supervisor 500, head unlimited (in the business currency). */
export const DEFAULT_AUTHORITY_LIMITS: AuthorityLimits = {
  agent: 50_00,
  supervisor: 500_00,
  head: null,
  admin: null,
};

/** Whether a role may grant or approve this value on its own. */
export function withinAuthority(role: Role, valueMinor: number, limits: AuthorityLimits): boolean {
  const limit = limits[role];
  return limit === null || valueMinor <= limit;
}

/** The lowest role that may approve the value; null when no role may (all limits too low). */
export function approvalRoleFor(valueMinor: number, limits: AuthorityLimits): Role | null {
  return APPROVAL_CHAIN.find((r) => withinAuthority(r, valueMinor, limits)) ?? null;
}

export type CompensationDecision = { status: 'granted' } | { status: 'pending_approval'; approvalRole: Role };

/** Whether a role may decide a pending compensation: its limit covers the value and it is at least the role asked (P-3.3 per case). */
export function mayDecide(role: Role, valueMinor: number, approvalRole: string | null, limits: AuthorityLimits): boolean {
  const asked = APPROVAL_CHAIN.indexOf((approvalRole ?? 'agent') as Role);
  return withinAuthority(role, valueMinor, limits) && APPROVAL_CHAIN.indexOf(role) >= asked;
}

/** Approving or rejecting needs a role whose limit covers the value, and at least the role the request names (P-3.3). */
export function assertMayDecide(role: Role, valueMinor: number, limits: AuthorityLimits, approvalRole: string | null = null): void {
  if (!mayDecide(role, valueMinor, approvalRole, limits)) {
    throw new AppError('AUTHORITY_EXCEEDED', `a ${role} may not decide on a compensation of this value`, {
      role,
      limit: limits[role],
      requiredRole: approvalRole ?? approvalRoleFor(valueMinor, limits),
    });
  }
}

/** What has been granted on own authority: on this case (by anyone) and by this staff member this month (P-3.3). */
export interface AuthorityUsage {
  caseTotal: number;
  monthTotal: number;
}


/**
 * P-3.1: fault does not enter into it — any customer with a problem may be compensated.
 * P-3.3 by case and by month: the case's total with this compensation must fit the role's
 * per-case limit, and the actor's month with it the role's monthly limit. Otherwise it waits
 * for the lowest role above the actor whose per-case limit covers the case total.
 */
export function decideWithUsage(
  actorRole: Role,
  valueMinor: number,
  usage: AuthorityUsage,
  perCase: AuthorityLimits,
  perMonth: AuthorityLimits,
): CompensationDecision & { reason?: 'case_limit' | 'month_limit' } {
  if (valueMinor <= 0) throw new AppError('VALIDATION_FAILED', 'a compensation must be worth more than zero');
  const caseTotal = usage.caseTotal + valueMinor;
  const caseOk = withinAuthority(actorRole, caseTotal, perCase);
  const monthLimit = perMonth[actorRole];
  const monthOk = monthLimit === null || usage.monthTotal + valueMinor <= monthLimit;
  if (caseOk && monthOk) return { status: 'granted' };
  const rank = APPROVAL_CHAIN.indexOf(actorRole);
  const approvalRole = APPROVAL_CHAIN.slice(rank + 1).find((r) => withinAuthority(r, caseTotal, perCase)) ?? null;
  if (!approvalRole) {
    throw new AppError('AUTHORITY_EXCEEDED', 'no role has the authority for a compensation this large', { valueMinor, caseTotal });
  }
  return { status: 'pending_approval', approvalRole, reason: caseOk ? 'month_limit' : 'case_limit' };
}

/** Limits for a customer worth more (P-3.3 by customer, P-3.7): every role's limit times the factor of the customer's tier. */
export function scaleLimits(limits: AuthorityLimits, factor: number): AuthorityLimits {
  if (factor === 1) return limits;
  return Object.fromEntries(ROLES.map((r) => [r, limits[r] === null ? null : Math.round(limits[r]! * factor)])) as AuthorityLimits;
}
