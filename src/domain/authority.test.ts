import { describe, expect, it } from 'vitest';
import { approvalRoleFor, assertMayDecide, decideWithUsage, DEFAULT_AUTHORITY_LIMITS, type AuthorityLimits, type Role } from './authority.ts';

/** A first compensation on a case, with no monthly limits. */
const decideCompensation = (role: Role, value: number, limits: AuthorityLimits) => {
  const { reason: _reason, ...decision } = decideWithUsage(role, value, { caseTotal: 0, monthTotal: 0 }, limits, { agent: null, supervisor: null, head: null, admin: null });
  return decision;
};

const L = DEFAULT_AUTHORITY_LIMITS;

describe('compensation within authority (P-3.3)', () => {
  it('grants within the actor’s own limit', () => {
    expect(decideCompensation('agent', 50_00, L)).toEqual({ status: 'granted' });
    expect(decideCompensation('supervisor', 500_00, L)).toEqual({ status: 'granted' });
    expect(decideCompensation('head', 1_000_000_00, L)).toEqual({ status: 'granted' });
  });

  it('above the limit waits for the lowest role that may approve', () => {
    expect(decideCompensation('agent', 50_01, L)).toEqual({ status: 'pending_approval', approvalRole: 'supervisor' });
    expect(decideCompensation('agent', 500_01, L)).toEqual({ status: 'pending_approval', approvalRole: 'head' });
    expect(decideCompensation('supervisor', 800_00, L)).toEqual({ status: 'pending_approval', approvalRole: 'head' });
  });

  it('uses configured limits', () => {
    const limits = { agent: 100_00, supervisor: 1000_00, head: 5000_00, admin: null };
    expect(decideCompensation('agent', 80_00, limits).status).toBe('granted');
    expect(approvalRoleFor(6000_00, limits)).toBe('admin');
    expect(() => decideCompensation('agent', 1_00, { agent: 0, supervisor: 0, head: 0, admin: 0 })).toThrow(/no role has the authority/);
  });

  it('only a role whose limit covers the value may decide', () => {
    expect(() => assertMayDecide('supervisor', 800_00, L)).toThrow(expect.objectContaining({ code: 'AUTHORITY_EXCEEDED' }));
    expect(() => assertMayDecide('head', 800_00, L)).not.toThrow();
  });

  it('refuses zero and negative amounts', () => {
    expect(() => decideCompensation('agent', 0, L)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
