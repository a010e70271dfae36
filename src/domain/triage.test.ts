import { describe, expect, it } from 'vitest';
import { detect } from './detection/index.ts';
import { DEFAULT_TRIAGE_RULES, priorityFromTone, triage } from './triage.ts';
import { checkReply } from './reply-check.ts';

describe('triage rules (P-2.7)', () => {
  const threat = detect('If you do not refund me I will come to your shop and you will regret it!!!');

  it('never lowers a priority staff set', () => {
    const calm = detect('Could you tell me when the shop opens on Sunday?');
    expect(triage(calm, { highValueCustomer: false, current: 'urgent' }, DEFAULT_TRIAGE_RULES).priority).toBe('urgent');
    expect(priorityFromTone(calm)).toBe('normal');
  });

  it('fires the safety rule on a threat and skips disabled rules', () => {
    const out = triage(threat, { highValueCustomer: false, current: 'normal' }, DEFAULT_TRIAGE_RULES);
    expect(out).toMatchObject({ priority: 'urgent', bring: ['supervisor'], safetyNote: true, lead: null });
    expect(out.fired[0]!.signals[0]!.type).toBe('threat');
    const disabled = DEFAULT_TRIAGE_RULES.map((r) => ({ ...r, enabled: false }));
    expect(triage(threat, { highValueCustomer: false, current: 'normal' }, disabled).fired).toEqual([]);
  });

  it('honours minIntensity and highValueCustomer conditions', () => {
    const rule = { id: 'x', description: '', enabled: true, when: { anySignal: ['threat' as const], minIntensity: 3, highValueCustomer: true }, then: { lead: 'head' as const } };
    expect(triage(threat, { highValueCustomer: false, current: 'normal' }, [rule]).fired).toEqual([]);
    expect(triage(threat, { highValueCustomer: true, current: 'normal' }, [rule]).lead).toBe(threat.intensity >= 3 ? 'head' : null);
  });
});

describe('reply checker (P-2.5, P-2.6)', () => {
  const ctx = { customerName: 'Klaus Becker', caseTexts: ['Die Gebühr wurde doppelt abgebucht'], channel: 'email' };
  it('recognises apology and ownership in German', () => {
    expect(checkReply({ ...ctx, intensity: 2, body: 'Herr Becker, es tut mir leid wegen der doppelten Gebühr. Ich kümmere mich persönlich um die Erstattung.' })).toEqual([]);
  });
  it('flags a template, a missing apology and missing ownership', () => {
    const codes = checkReply({ ...ctx, intensity: 2, body: 'Vielen Dank für Ihre Nachricht.' }).map((w) => w.code);
    expect(codes).toEqual(['TEMPLATE_UNCHANGED', 'NO_APOLOGY', 'NO_OWNERSHIP']);
  });
  it('asks only for personal words when the customer is calm', () => {
    expect(checkReply({ ...ctx, intensity: 0, body: 'Klaus, here is the invoice.' })).toEqual([]);
  });
});
