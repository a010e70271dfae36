// Triage on intake through the API, signal by signal (P-1.2, P-1.3, P-2.7):
// the case shows score, intensity, signals and phrases; priority follows; the
// rules bring in the heavy artillery; admins change the rules; the reply
// checker warns before a careless reply goes out (P-2.5, P-2.6).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';

type Case = {
  id: string;
  priority: string;
  ownerId: string;
  language: string;
  detection: { dissatisfied: boolean; score: number; intensity: number; signals: { type: string; phrases: string[] }[]; safetyNote?: string };
  participants: { userId: string; role: string }[];
  timeline: { type: string; data: Record<string, any> }[];
};

describe.each(TARGETS)('triage on %s', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(target);
  });
  afterAll(async () => {
    await t?.close();
  });

  const file = async (body: string, customer: Record<string, string> = {}): Promise<Case> => {
    const res = await t.call('agent', 'POST', '/api/v1/cases', { channel: 'email', customer: { email: `c${Math.random()}@example.com`, ...customer }, body });
    expect(res.statusCode).toBe(201);
    return res.data;
  };
  const signal = (c: Case, type: string) => c.detection.signals.find((s) => s.type === type);
  const fired = (c: Case) => c.timeline.filter((e) => e.type === 'triage_rule_fired').map((e) => e.data.rule);

  const cases: [string, string, string][] = [
    ['threat', 'en', 'If this is not fixed by Friday I will come to your office and you will regret it.'],
    ['safety', 'de', 'Das Ladegerät hat Feuer gefangen, mein Kind hätte verletzt werden können!'],
    ['legal', 'ru', 'Я подам на вас в суд и напишу жалобу в Роспотребнадзор.'],
    ['manager_request', 'es', 'Quiero hablar con el gerente ahora mismo, esto es inaceptable.'],
    ['credibility', 'lv', 'Jūs man melojat, jūsu darbinieki ir nekompetenti!'],
    ['churn', 'fi', 'Olemme todella pettyneitä. Lopetamme yhteistyön ja siirrymme kilpailijalle.'],
    ['profanity', 'en', 'This is f***ing ridiculous, you clowns broke my washing machine.'],
    ['public', 'ro', 'Daca nu rezolvati, voi posta recenzii pe Facebook si voi anunta presa.'],
    ['repeat_contact', 'en', 'This is the fifth time I am writing to you about the same broken heater.'],
    ['waiting', 'ru', 'Gde moy zakaz? Zhdu uzhe tri nedeli, nikto ne otvechaet.'],
  ];
  for (const [type, language, text] of cases) {
    it(`${type}: detected in ${language} with the phrases that triggered it`, async () => {
      const c = await file(text);
      expect(c.language).toBe(language);
      expect(c.detection.dissatisfied).toBe(true);
      expect(c.detection.intensity).toBeGreaterThanOrEqual(2);
      const s = signal(c, type);
      expect(s, JSON.stringify(c.detection.signals)).toBeDefined();
      expect(s!.phrases.length).toBeGreaterThan(0);
      for (const p of s!.phrases) expect(text).toContain(p);
      expect(c.priority).not.toBe('normal'); // upset customers come first
      expect(c.timeline.find((e) => e.type === 'detection_scored')!.data.signals.map((x: { type: string }) => x.type)).toContain(type);
    });
  }

  it('threat and safety: urgent, a supervisor joins, the agent sees the safety note', async () => {
    for (const text of [cases[0]![2], cases[1]![2]]) {
      const c = await file(text);
      expect(c.priority).toBe('urgent');
      expect(c.participants).toContainEqual(expect.objectContaining({ userId: t.users.supervisor.id, role: 'supervisor' }));
      expect(c.detection.safetyNote).toMatch(/police/);
      expect(fired(c)).toContain('safety-first');
      const involving = await t.call('supervisor', 'GET', '/api/v1/cases?involving=me&limit=200');
      expect(involving.data.items.map((i: { id: string }) => i.id)).toContain(c.id);
    }
  });

  it('legal: the department head joins', async () => {
    const c = await file(cases[2]![2]);
    expect(fired(c)).toEqual(['legal-to-head']);
    expect(c.participants).toContainEqual(expect.objectContaining({ userId: t.users.head.id, role: 'head' }));
    expect(c.priority).toBe('high');
  });

  it('manager request and credibility: a supervisor joins', async () => {
    for (const text of [cases[3]![2], cases[4]![2]]) {
      const c = await file(text);
      expect(fired(c)).toContain('senior-colleague');
      expect(c.participants.map((p) => p.role)).toContain('supervisor');
    }
  });

  it('churn: a department head leads for a valuable customer, not for everyone', async () => {
    const ordinary = await file(cases[5]![2]);
    expect(fired(ordinary)).toEqual([]);
    expect(ordinary.ownerId).toBe(t.users.agent.id);

    const key = await t.call('agent', 'POST', '/api/v1/customers', { name: 'Kaleva Sports Oy', emails: ['matti@kaleva.example'], tier: 'key' });
    const valuable = await file(cases[5]![2], { email: 'matti@kaleva.example' });
    expect(valuable.ownerId).toBe(t.users.head.id);
    expect(fired(valuable)).toEqual(['valuable-customer-at-risk']);
    expect(valuable.timeline.find((e) => e.type === 'owner_assigned')!.data.rule).toBe('valuable-customer-at-risk');
    void key;
  });

  it('praise is not a complaint', async () => {
    const c = await file('Thank you, the new jacket fits perfectly and the delivery was fast.');
    expect(c.detection.dissatisfied).toBe(false);
    expect(c.detection.signals).toEqual([]);
    expect(c.priority).toBe('normal');
    expect(fired(c)).toEqual([]);
  });

  it('an admin changes the rules; every fired rule is on the timeline', async () => {
    const current = (await t.call('admin', 'GET', '/api/v1/settings')).data.triageRules;
    const rules = [
      ...current.map((r: { id: string }) => (r.id === 'legal-to-head' ? { ...r, enabled: false } : r)),
      { id: 'swearing-to-supervisor', description: 'Insults: a supervisor joins', enabled: true, when: { anySignal: ['profanity'] }, then: { bring: 'supervisor', priority: 'urgent' } },
    ];
    const saved = await t.call('admin', 'PUT', '/api/v1/settings', { triageRules: rules });
    expect(saved.statusCode).toBe(200);
    const sworn = await file(cases[6]![2]);
    expect(fired(sworn)).toEqual(['swearing-to-supervisor']);
    expect(sworn.priority).toBe('urgent');
    const legal = await file(cases[2]![2]);
    expect(fired(legal)).toEqual([]);
    expect(legal.participants).toEqual([]);
    const bad = await t.call('admin', 'PUT', '/api/v1/settings', { triageRules: [{ id: 'x', description: '', enabled: true, when: { anySignal: ['nonsense'] }, then: {} }] });
    expect(bad.statusCode).toBe(400);
    await t.call('admin', 'PUT', '/api/v1/settings', { triageRules: current });
  });

  it('a later message is scored too; a dissatisfied one on a resolved case is flagged', async () => {
    const c = await file('Could you send me the invoice for order 5521?');
    expect(c.priority).toBe('normal');
    await t.call('agent', 'POST', `/api/v1/cases/${c.id}/resolve`, {});
    const angry = await t.call('agent', 'POST', `/api/v1/cases/${c.id}/messages`, {
      direction: 'inbound',
      channel: 'email',
      body: 'The invoice is STILL wrong!!! I have written three times already. I will take this to court.',
    });
    expect(angry.statusCode).toBe(201);
    expect(angry.data.detection).toMatchObject({ dissatisfied: true });
    const after = (await t.call('agent', 'GET', `/api/v1/cases/${c.id}`)).data as Case;
    expect(after.priority).toBe('high');
    expect(after.detection.signals.map((s) => s.type)).toEqual(expect.arrayContaining(['legal', 'repeat_contact']));
    const types = after.timeline.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['dissatisfaction_flagged', 'priority_changed', 'triage_rule_fired']));
    expect(after.participants.map((p) => p.role)).toContain('head');
  });

  it('reply checker: a template to an upset customer gets warnings; a personal reply gets none', async () => {
    const c = await file('Your courier threw my parcel over the fence and the TV screen is cracked!!! Who pays for this?', { name: 'Ilze Bērziņa' });
    expect(c.detection.intensity).toBeGreaterThanOrEqual(2);
    const template = await t.call('agent', 'POST', `/api/v1/cases/${c.id}/replies/check`, { body: 'Thank you for contacting us. We value your feedback. Regards, Customer Service' });
    expect(template.statusCode).toBe(200);
    const codes = template.data.warnings.map((w: { code: string }) => w.code);
    expect(codes).toEqual(expect.arrayContaining(['TEMPLATE_UNCHANGED', 'NO_APOLOGY', 'NO_OWNERSHIP']));
    const personal = await t.call('agent', 'POST', `/api/v1/cases/${c.id}/replies/check`, {
      body: 'Ilze, I am so sorry about the cracked TV screen — that is our courier’s fault. I will bring a replacement TV myself tomorrow morning; my direct number is +371 2000 0000.',
    });
    expect(personal.data.warnings.map((w: { code: string }) => w.code).filter((w: string) => w !== 'PREFER_PHONE')).toEqual([]);
    // The same warnings come back when a reply is recorded.
    const sent = await t.call('agent', 'POST', `/api/v1/cases/${c.id}/messages`, { direction: 'outbound', channel: 'email', body: 'Thank you for contacting us. We value your feedback.' });
    expect(sent.data.warnings.map((w: { code: string }) => w.code)).toContain('TEMPLATE_UNCHANGED');
    // At intensity 3 the checker suggests the phone (P-2.6).
    const raging = await file('THIS IS F***ING UNACCEPTABLE!!! YOU CLOWNS RUINED MY WEDDING CAKE!!!');
    expect(raging.detection.intensity).toBe(3);
    const phone = await t.call('agent', 'POST', `/api/v1/cases/${raging.id}/replies/check`, { body: 'So sorry about the wedding cake, I will fix it.' });
    expect(phone.data.warnings.map((w: { code: string }) => w.code)).toContain('PREFER_PHONE');
  });

  it('the public form detects the language when the customer does not give one', async () => {
    const filed = await t.call(null, 'POST', '/api/v1/public/complaints', { email: 'es@example.com', body: 'El pedido llegó roto y nadie contesta el teléfono. ¡Qué vergüenza!' });
    const id = (await t.call('agent', 'GET', `/api/v1/cases?q=${filed.data.caseNumber}`)).data.items[0].id;
    const c = (await t.call('agent', 'GET', `/api/v1/cases/${id}`)).data;
    expect(c.language).toBe('es');
    expect(c.messages.find((m: { kind: string }) => m.kind === 'acknowledgement').body).toContain('Gracias');
  });
});
