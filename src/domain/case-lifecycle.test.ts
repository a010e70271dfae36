import { describe, expect, it } from 'vitest';
import { CASE_STATUSES, canTransition, formatCaseNumber, parseCaseNumber, transition, TRANSITIONS, type CaseAction } from './case-lifecycle.ts';
import { AppError } from './errors.ts';

describe('case lifecycle', () => {
  it('follows the path of API.md', () => {
    let s = transition('new', 'acknowledge');
    expect(s).toBe('acknowledged');
    s = transition(s, 'confirm');
    expect(s).toBe('understood');
    s = transition(s, 'propose_options');
    expect(s).toBe('resolving');
    s = transition(s, 'resolve');
    expect(s).toBe('resolved');
    s = transition(s, 'close');
    expect(s).toBe('closed');
    expect(transition(s, 'reopen')).toBe('resolving');
    expect(transition('resolved', 'reopen')).toBe('resolving');
  });

  it('refuses every move the table does not list, with a 409 code', () => {
    let refused = 0;
    for (const status of CASE_STATUSES) {
      for (const action of Object.keys(TRANSITIONS) as CaseAction[]) {
        if (canTransition(status, action)) continue;
        refused++;
        try {
          transition(status, action);
          expect.unreachable(`${action} from ${status} should fail`);
        } catch (err) {
          expect(err).toBeInstanceOf(AppError);
          expect((err as AppError).code).toBe('CASE_STATE_CONFLICT');
          expect((err as AppError).status).toBe(409);
        }
      }
    }
    expect(refused).toBeGreaterThan(20);
    expect(canTransition('closed', 'resolve')).toBe(false);
    expect(canTransition('new', 'reopen')).toBe(false);
    expect(canTransition('acknowledged', 'propose_options')).toBe(false); // understand first (P-2.3)
  });

  it('formats and parses human case numbers', () => {
    expect(formatCaseNumber(123)).toBe('C-000123');
    expect(formatCaseNumber(1234567)).toBe('C-1234567');
    expect(parseCaseNumber('C-000123')).toBe(123);
    expect(parseCaseNumber('c123')).toBe(123);
    expect(parseCaseNumber('abc')).toBeNull();
  });
});
