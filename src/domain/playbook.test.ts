import { describe, expect, it } from 'vitest';
import { computePlaybook, readsAsApology, type PlaybookEvent } from './playbook.ts';

let clock = Date.parse('2026-11-01T09:00:00Z');
const ev = (type: string, data: Record<string, unknown> = {}): PlaybookEvent => ({ type, data, createdAt: new Date((clock += 60_000)) });
const status = (events: PlaybookEvent[], key: string) => computePlaybook(events).steps.find((s) => s.key === key)!;

describe('playbook progress from events', () => {
  it('starts with every step pending and names the next one', () => {
    const p = computePlaybook([]);
    expect(p.steps.map((s) => s.status)).toEqual(Array(10).fill('pending'));
    expect(p.next).toBe('acknowledged');
    expect(p.done).toBe(0);
  });

  it('marks steps done as their events arrive', () => {
    const events = [ev('acknowledged'), ev('owner_assigned', { ownerId: 'u1' }), ev('apology_recorded'), ev('restatement_proposed'), ev('restatement_confirmed')];
    const p = computePlaybook(events);
    expect(p.steps.slice(0, 5).every((s) => s.status === 'done')).toBe(true);
    expect(p.next).toBe('options');
    expect(status(events, 'acknowledged').at).toBe((events[0]!.createdAt as Date).toISOString());
  });

  it('takes event times as ISO text too (the case view reads them so) and answers them as they came', () => {
    const at = '2026-12-06T14:01:51.394Z';
    const p = computePlaybook([{ type: 'acknowledged', data: {}, createdAt: at }, { type: 'commitment_made', data: { commitmentId: 'c' }, createdAt: at }, { type: 'commitment_kept', data: { commitmentId: 'c' }, createdAt: '2026-12-07T09:00:00.000Z' }]);
    expect(p.steps.find((s) => s.key === 'acknowledged')!.at).toBe(at);
    expect(p.steps.find((s) => s.key === 'commitments')!.at).toBe('2026-12-07T09:00:00.000Z');
  });

  it('an owner assignment to nobody does not count as owned', () => {
    expect(status([ev('owner_assigned', { ownerId: null })], 'owned').status).toBe('pending');
  });

  it('a new restatement needs a new confirmation', () => {
    const events = [ev('restatement_proposed'), ev('restatement_confirmed'), ev('restatement_proposed')];
    expect(status(events, 'confirmed')).toMatchObject({ status: 'pending', detail: { awaitingCustomer: true } });
  });

  it('needs three options or a recorded reason (P-2.9)', () => {
    expect(status([ev('options_proposed', { count: 2 })], 'options').status).toBe('pending');
    expect(status([ev('options_proposed', { count: 2 }), ev('options_proposed', { count: 1 })], 'options').status).toBe('done');
    expect(status([ev('options_proposed', { count: 1, reason: 'only one fix exists' })], 'options')).toMatchObject({ status: 'done', detail: { reason: 'only one fix exists' } });
  });

  it('commitments: done when all kept, failed when one is broken, pending while open', () => {
    const made = [ev('commitment_made', { commitmentId: 'a' }), ev('commitment_made', { commitmentId: 'b' })];
    expect(status(made, 'commitments')).toMatchObject({ status: 'pending', detail: { open: 2 } });
    expect(status([...made, ev('commitment_kept', { commitmentId: 'a' }), ev('commitment_kept', { commitmentId: 'b' })], 'commitments').status).toBe('done');
    expect(status([...made, ev('commitment_kept', { commitmentId: 'a' }), ev('commitment_broken', { commitmentId: 'b' })], 'commitments')).toMatchObject({
      status: 'failed',
      detail: { kept: 1, broken: 1, open: 0 },
    });
  });

  it('compensated only once granted or approved; a pending request is shown as such', () => {
    expect(status([ev('compensation_requested')], 'compensated')).toMatchObject({ status: 'pending', detail: { pendingApproval: 1 } });
    expect(status([ev('compensation_requested'), ev('compensation_rejected')], 'compensated')).toMatchObject({ status: 'pending', detail: { pendingApproval: 0 } });
    expect(status([ev('compensation_requested'), ev('compensation_approved')], 'compensated').status).toBe('done');
  });

  it('a step may be skipped with a reason, but done wins', () => {
    expect(status([ev('step_skipped', { step: 'apologised', reason: 'praise, not a complaint' })], 'apologised')).toMatchObject({ status: 'skipped', reason: 'praise, not a complaint' });
    expect(status([ev('step_skipped', { step: 'apologised', reason: 'x' }), ev('apology_recorded')], 'apologised').status).toBe('done');
  });

  it('recognises apologies in our languages', () => {
    for (const s of ['We are so sorry', 'Приносим извинения', 'Es tut mir leid', 'Lo siento mucho', 'Ne cerem scuze', 'Atvainojos par kavēšanos', 'Pahoittelemme viivettä']) {
      expect(readsAsApology(s), s).toBe(true);
    }
    expect(readsAsApology('Your order has shipped.')).toBe(false);
  });
});
