// Case clocks through the API (P-1.4–P-1.6, P-2.11): started at intake on the
// business calendar, met by the first personal reply and by resolution,
// warned and breached by the sweeper — once, even with two workers — and the
// breach brings in the owner's supervisor and shows red.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';
import { addBusinessHours, addBusinessDays } from '../../src/domain/calendar/index.ts';
import { sweepClocks } from '../../src/clocks/sweep-clocks.ts';

type Clock = { id: string; kind: string; status: string; dueAt: string; warnAt: string; color: string; meetsOn: string };

describe.each(TARGETS)('case clocks on %s', (target) => {
  let t: TestApp;
  const riga = {
    timeZone: 'Europe/Riga',
    week: { 1: [{ start: '09:00', end: '13:00' }, { start: '14:00', end: '18:00' }], 2: [{ start: '09:00', end: '18:00' }], 3: [{ start: '09:00', end: '18:00' }], 4: [{ start: '09:00', end: '18:00' }], 5: [{ start: '09:00', end: '17:00' }] },
    holidays: [{ date: '2026-11-18' }],
  };
  beforeAll(async () => {
    t = await createTestApp(target);
    const saved = await t.call('admin', 'PUT', '/api/v1/settings', { calendar: riga, clockPolicy: { regulatoryPacks: ['uk-fca-disp'] } });
    expect(saved.statusCode).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
  });

  const clocksOf = async (id: string): Promise<Clock[]> => (await t.call('agent', 'GET', `/api/v1/cases/${id}`)).data.clocks;

  it('starts the clocks at intake on the business calendar', async () => {
    const c = await t.call('agent', 'POST', '/api/v1/cases', { channel: 'review', customer: { email: 'clock@example.com' }, body: 'Terrible service, nobody answered.' });
    const byKind = Object.fromEntries((c.data.clocks as Clock[]).map((k) => [k.kind, k]));
    expect(Object.keys(byKind).sort()).toEqual(['acknowledgement', 'first_response', 'resolution', 'review-response', 'uk-fca-disp:final-response', 'uk-fca-disp:summary-resolution'].sort());
    expect(byKind.acknowledgement!.status).toBe('met'); // P-1.5: acknowledged at once
    const created = new Date(c.data.createdAt);
    const cal = { ...riga, week: riga.week as never };
    const hours = c.data.priority === 'high' ? 2 : 4;
    expect(byKind.first_response!.dueAt).toBe(addBusinessHours(cal, created, hours).toISOString());
    expect(byKind.resolution!.dueAt).toBe(addBusinessDays(cal, created, c.data.priority === 'high' ? 3 : 5, { dayOfReceipt: 'excluded' }).toISOString());
    // Due times fall inside opening hours in Riga.
    const local = new Date(byKind.first_response!.dueAt).toLocaleString('en-GB', { timeZone: 'Europe/Riga', weekday: 'short', hour: '2-digit', minute: '2-digit' });
    expect(local).not.toMatch(/Sat|Sun/);
    expect(byKind.first_response!.color).toMatch(/green|amber/);
  });

  it('the first personal reply meets the response clocks; resolving meets the rest', async () => {
    const c = await t.call('agent', 'POST', '/api/v1/cases', { channel: 'review', customer: { email: 'met@example.com' }, body: 'The table was dirty.' });
    await t.call('agent', 'POST', `/api/v1/cases/${c.data.id}/messages`, { direction: 'outbound', channel: 'email', body: 'So sorry about the table — I will see to it personally.' });
    let clocks = await clocksOf(c.data.id);
    expect(clocks.filter((k) => k.meetsOn === 'first_response').map((k) => k.status)).toEqual(['met', 'met']);
    expect(clocks.find((k) => k.kind === 'resolution')!.status).toBe('running');
    // The next deadline is the earliest of the clocks still running.
    const nextDue = async () => ((await t.database.db.execute(sql`select next_due_at from cases where id = ${c.data.id}`)) as unknown as { rows: { next_due_at: unknown }[] }).rows[0]!.next_due_at;
    const running = clocks.filter((k) => k.status === 'running').map((k) => new Date(k.dueAt).getTime());
    expect(running.length).toBeGreaterThan(0);
    expect(new Date(String(await nextDue())).getTime()).toBe(Math.min(...running));
    await t.call('agent', 'POST', `/api/v1/cases/${c.data.id}/resolve`, {});
    clocks = await clocksOf(c.data.id);
    expect(clocks.every((k) => k.status === 'met')).toBe(true);
    expect(await nextDue()).toBeNull();
    const timeline = (await t.call('agent', 'GET', `/api/v1/cases/${c.data.id}`)).data.timeline;
    const met = timeline.filter((e: { type: string }) => e.type === 'clock_met');
    expect(met.length).toBeGreaterThanOrEqual(4);
    // Each names its clock, kind and due time (as JavaScript writes it), by the system.
    const resolution = clocks.find((k) => k.kind === 'resolution')!;
    expect(met.find((e: { data: { clockId: string } }) => e.data.clockId === resolution.id)).toMatchObject({ actor: { type: 'system' }, data: { kind: 'resolution', dueAt: new Date(resolution.dueAt).toISOString() } });
  });

  it('resolving keeps pressing the clocks it does not meet: the next deadline is theirs, and the timeline reads move, clocks, follow-up', async () => {
    const c = await t.call('agent', 'POST', '/api/v1/cases', { channel: 'review', customer: { email: 'still@example.com' }, body: 'The soup was cold.' });
    const id = c.data.id;
    // One clock that resolving does not meet (as if it waited for the acknowledgement).
    const before = await clocksOf(id);
    const kept = before.find((k) => k.kind === 'resolution')!;
    await t.database.db.execute(sql`update clocks set meets_on = 'acknowledgement' where id = ${kept.id}`);
    await t.call('agent', 'POST', `/api/v1/cases/${id}/resolve`, {});
    const clocks = await clocksOf(id);
    expect(clocks.find((k) => k.id === kept.id)!.status).toBe('running');
    expect(clocks.filter((k) => k.id !== kept.id).every((k) => k.status === 'met')).toBe(true);
    const [row] = ((await t.database.db.execute(sql`select next_due_at from cases where id = ${id}`)) as unknown as { rows: { next_due_at: unknown }[] }).rows;
    expect(new Date(String(row!.next_due_at)).toISOString()).toBe(new Date(kept.dueAt).toISOString());
    const types = (await t.call('agent', 'GET', `/api/v1/cases/${id}`)).data.timeline.map((e: { type: string }) => e.type) as string[];
    const tail = types.slice(types.indexOf('resolved'));
    const met = clocks.filter((k) => k.id !== kept.id && before.find((b) => b.id === k.id)!.status === 'running').length;
    expect(met).toBeGreaterThan(0);
    expect(tail).toEqual(['resolved', 'status_changed', ...Array(met).fill('clock_met'), 'follow_up_scheduled']);
  });

  it('warns once, then breaches once even with two sweepers; the supervisor joins and the clock is red', async () => {
    const c = await t.call('agent', 'POST', '/api/v1/cases', { channel: 'email', customer: { email: 'late@example.com' }, body: 'Where is my money?' });
    const id = c.data.id;
    await t.database.db.execute(sql`update clocks set warn_at = now() - interval '1 minute' where case_id = ${id} and kind = 'first_response'`);
    await Promise.all([sweepClocks(t.database.db), sweepClocks(t.database.db)]);
    await sweepClocks(t.database.db);
    let view = (await t.call('agent', 'GET', `/api/v1/cases/${id}`)).data;
    expect(view.timeline.filter((e: { type: string }) => e.type === 'clock_warning')).toHaveLength(1);
    expect(view.clocks.find((k: Clock) => k.kind === 'first_response').color).toBe('amber');

    await t.database.db.execute(sql`update clocks set due_at = now() - interval '1 second' where case_id = ${id} and kind = 'first_response'`);
    const results = await Promise.all([sweepClocks(t.database.db), sweepClocks(t.database.db)]);
    expect(results.reduce((s, r) => s + r.breached, 0)).toBe(1);
    view = (await t.call('agent', 'GET', `/api/v1/cases/${id}`)).data;
    const fr = view.clocks.find((k: Clock) => k.kind === 'first_response');
    expect(fr).toMatchObject({ status: 'breached', color: 'red' });
    expect(view.timeline.filter((e: { type: string }) => e.type === 'clock_breached')).toHaveLength(1);
    expect(view.participants).toContainEqual(expect.objectContaining({ userId: t.users.supervisor.id, role: 'supervisor' }));
    // A reply after the breach does not turn it green.
    await t.call('agent', 'POST', `/api/v1/cases/${id}/messages`, { direction: 'outbound', body: 'Sorry for the wait — I am on it.' });
    expect((await clocksOf(id)).find((k) => k.kind === 'first_response')!.status).toBe('breached');
  });

  it('a service guarantee pays out automatically on breach and tells the customer (P-4.9)', async () => {
    const set = await t.call('admin', 'PUT', '/api/v1/settings', {
      serviceGuarantees: [
        { id: 'two-hour-answer', enabled: true, clockKind: 'first_response', standard: 'an answer within two working hours', kind: 'voucher', value: { amount: '10.00', currency: 'EUR' }, description: 'A 10 € voucher' },
      ],
    });
    expect(set.statusCode).toBe(200);
    const c = await t.call('agent', 'POST', '/api/v1/cases', { channel: 'email', language: 'lv', customer: { email: 'guarantee@example.lv' }, body: 'Kur ir mans pasūtījums?' });
    await t.database.db.execute(sql`update clocks set due_at = now() - interval '1 second' where case_id = ${c.data.id} and kind = 'first_response'`);
    await sweepClocks(t.database.db);
    await sweepClocks(t.database.db);
    const view = (await t.call('agent', 'GET', `/api/v1/cases/${c.data.id}`)).data;
    expect(view.compensations).toEqual([expect.objectContaining({ kind: 'voucher', value: { amount: '10.00', currency: 'EUR' }, status: 'granted' })]);
    const note = view.messages.find((m: { kind: string }) => m.kind === 'guarantee');
    expect(note).toMatchObject({ deliveryStatus: 'queued' });
    expect(note.body).toContain('garantij'); // in Latvian
    expect(view.timeline.find((e: { type: string }) => e.type === 'compensation_granted').data.guarantee).toBe('two-hour-answer');
    expect(view.playbook.steps.find((s: { key: string }) => s.key === 'compensated').status).toBe('done');
    await t.call('admin', 'PUT', '/api/v1/settings', { serviceGuarantees: [] });
  });

  it('waiting on the customer pauses the resolution clock; their answer resumes it with the due time moved', async () => {
    const c = await t.call('agent', 'POST', '/api/v1/cases', { channel: 'email', customer: { email: 'pause@example.com' }, body: 'The invoice is wrong.' });
    const before = (c.data.clocks as Clock[]).find((k) => k.kind === 'resolution')!;
    const paused = await t.call('agent', 'POST', `/api/v1/cases/${c.data.id}/clocks/pause`, { reason: 'Asked the customer for the invoice number' });
    expect(paused.statusCode).toBe(200);
    const statuses = Object.fromEntries((paused.data.clocks as Clock[]).map((k) => [k.kind, k.status]));
    expect(statuses).toMatchObject({ resolution: 'paused', first_response: 'running', 'uk-fca-disp:final-response': 'running' }); // regulators' clocks never pause
    // Two business hours pass while paused (moved back in the database to simulate it).
    await t.database.db.execute(sql`update clocks set paused_at = paused_at - interval '3 days' where case_id = ${c.data.id} and kind = 'resolution'`);
    const answered = await t.call('agent', 'POST', `/api/v1/cases/${c.data.id}/messages`, { direction: 'inbound', channel: 'email', body: 'The number is 4411.' });
    expect(answered.statusCode).toBe(201);
    const after = (await clocksOf(c.data.id)).find((k) => k.kind === 'resolution')!;
    expect(after.status).toBe('running');
    expect(Date.parse(after.dueAt)).toBeGreaterThan(Date.parse(before.dueAt));
    const timeline = (await t.call('agent', 'GET', `/api/v1/cases/${c.data.id}`)).data.timeline;
    const resumed = timeline.find((e: { type: string }) => e.type === 'clock_resumed');
    expect(resumed.data.pausedMinutes).toBeGreaterThan(0);
    expect(resumed.data.dueAt).toBe(after.dueAt);
  });

  it('staff resume paused clocks themselves; a closed case cannot pause', async () => {
    const c = await t.call('agent', 'POST', '/api/v1/cases', { channel: 'email', customer: { email: 'resume@example.com' }, body: 'The invoice is wrong again.' });
    const status = (view: { clocks: Clock[] }) => view.clocks.find((k) => k.kind === 'resolution')!.status;
    expect(status((await t.call('agent', 'POST', `/api/v1/cases/${c.data.id}/clocks/pause`, { reason: 'Waiting for the invoice' })).data)).toBe('paused');
    const resumed = await t.call('agent', 'POST', `/api/v1/cases/${c.data.id}/clocks/resume`);
    expect(resumed.statusCode).toBe(200);
    expect(status(resumed.data)).toBe('running');
    expect(resumed.data.timeline.some((e: { type: string }) => e.type === 'clock_resumed')).toBe(true);
    expect((await t.call('agent', 'POST', `/api/v1/cases/${c.data.id}/close`, { reason: 'Duplicate of another case' })).statusCode).toBe(200);
    expect((await t.call('agent', 'POST', `/api/v1/cases/${c.data.id}/clocks/pause`, { reason: 'too late' })).statusCode).toBe(409);
  });

  it('imports holidays from iCalendar text and counts them as closed days', async () => {
    const ics = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', 'SUMMARY:Jāņi', 'DTSTART;VALUE=DATE:20270623', 'DTEND;VALUE=DATE:20270625', 'END:VEVENT', 'BEGIN:VEVENT', 'SUMMARY:Staff party', 'DTSTART:20270301T180000Z', 'END:VEVENT', 'END:VCALENDAR'].join('\r\n');
    const res = await t.call('admin', 'POST', '/api/v1/settings/calendar/holidays', { ics, fromYear: 2027, toYear: 2027 });
    expect(res.statusCode).toBe(200);
    expect(res.data.imported).toBe(2); // 23 and 24 June
    expect(res.data.skipped).toHaveLength(1); // a timed event is not a holiday
    const cal = (await t.call('admin', 'GET', '/api/v1/settings')).data.calendar;
    expect(cal.holidays.map((h: { date: string }) => h.date)).toEqual(expect.arrayContaining(['2027-06-23', '2027-06-24', '2026-11-18']));
    expect((await t.call('agent', 'POST', '/api/v1/settings/calendar/holidays', { ics })).statusCode).toBe(403);
  });

  it('a key customer gets a faster first response (policy per tier)', async () => {
    await t.call('agent', 'POST', '/api/v1/customers', { name: 'Key Account', emails: ['key@example.com'], tier: 'key' });
    const key = await t.call('agent', 'POST', '/api/v1/cases', { channel: 'email', customer: { email: 'key@example.com' }, body: 'A question about the invoice.' });
    const plain = await t.call('agent', 'POST', '/api/v1/cases', { channel: 'email', customer: { email: 'plain@example.com' }, body: 'A question about the invoice.' });
    const due = (c: { data: { clocks: Clock[] } }) => Date.parse(c.data.clocks.find((k) => k.kind === 'first_response')!.dueAt);
    expect(due(key)).toBeLessThan(due(plain));
  });

  it('a business unit with its own opening hours gets its own clocks', async () => {
    const nightClub = { timeZone: 'Europe/Riga', week: { 5: [{ start: '22:00', end: '04:00' }], 6: [{ start: '22:00', end: '04:00' }] }, holidays: [] };
    expect((await t.call('admin', 'PUT', '/api/v1/settings', { unitCalendars: { 'night-club': nightClub } })).statusCode).toBe(200);
    const c = await t.call('agent', 'POST', '/api/v1/cases', { channel: 'email', businessUnit: 'night-club', customer: { email: 'club@example.com' }, body: 'The bouncer was rude.' });
    const fr = (c.data.clocks as Clock[]).find((k) => k.kind === 'first_response')!;
    const local = new Date(fr.dueAt).toLocaleString('en-GB', { timeZone: 'Europe/Riga', weekday: 'short', hour: '2-digit', hour12: false });
    expect(local).toMatch(/^(Fri|Sat|Sun), (2[2-3]|0[0-4])/); // inside the club's night hours
    const bad = await t.call('admin', 'PUT', '/api/v1/settings', { unitCalendars: { broken: { timeZone: 'Nowhere/Land', week: {}, holidays: [] } } });
    expect(bad.statusCode).toBe(400);
  });

  it('refuses an invalid calendar with the reasons', async () => {
    const bad = await t.call('admin', 'PUT', '/api/v1/settings', { calendar: { timeZone: 'Mars/Olympus', week: { 1: [{ start: '18:00', end: '25:00' }] }, holidays: [] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.data.error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(bad.data.error.details)).toMatch(/Mars\/Olympus|time zone/i);
  });
});
