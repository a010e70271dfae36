import { describe, expect, it } from 'vitest';
import { ERASED, personalNeedles, scrubPersonal } from './personal-data.ts';

describe('scrubPersonal', () => {
  it('erases free text and contact details, keeps ids, statuses, dates and money', () => {
    const needles = personalNeedles({ names: ['Ilze Bērziņa'], contacts: ['ilze@example.lv', '+37120000009'] });
    const data = {
      messageId: '01890000-0000-7000-8000-000000000000',
      from: 'new',
      to: 'acknowledged',
      note: 'called back',
      value: { amount: '12.50', currency: 'EUR' },
      dueAt: '2026-12-01T10:00:00.000Z',
      customer: { name: 'Ilze', email: 'ilze@example.lv' },
      limit: 'within authority',
      orderRef: 'Ilze order 9',
      score: 0.8,
    };
    expect(scrubPersonal(data, needles)).toEqual({
      messageId: data.messageId,
      from: 'new',
      to: 'acknowledged',
      note: ERASED,
      value: { amount: '12.50', currency: 'EUR' },
      dueAt: data.dueAt,
      customer: { name: ERASED, email: ERASED },
      limit: 'within authority',
      orderRef: ERASED,
      score: 0.8,
    });
  });
  it('finds name parts and contacts as needles, ignoring short words', () => {
    expect(personalNeedles({ names: ['Jo Ann Smith', null], contacts: ['a@b.lv'] }).sort()).toEqual(['Jo Ann Smith', 'Smith', 'a@b.lv'].sort());
  });
});
