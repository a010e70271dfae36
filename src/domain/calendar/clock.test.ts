// The clock state machine: running → paused → running, met, breached; pausing
// only where the rule allows; paused time moves the due instant (business time
// for business clocks, elapsed time for calendar clocks); warnings fall inside
// opening hours.
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { clockDueAt, clockState, clockStatus, startClock, transition, type Clock } from './clock.ts';
import { clockRule, type ClockRule } from './regulatory.ts';
import { at, local, office } from '../../../test/helpers/calendar.ts';

const london = office('Europe/London');
const riga = office('Europe/Riga');
const newYork = office('America/New_York');
const review = clockRule('amends-playbook', 'review-response'); // 3 business days, pausable (P-1.6)
const received = at('2026-02-02T10:00:00+00:00'); // Monday

function expectRefused(fn: () => unknown, message: RegExp): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('CLOCK_STATE_CONFLICT');
    expect((e as AppError).message).toMatch(message);
    return;
  }
  throw new Error('expected the transition to be refused');
}

describe('running, met and breached', () => {
  const clock = startClock(review, london, received);

  it('runs until the due instant and is breached from it', () => {
    expect(local(london, clockDueAt(clock, received))).toBe('2026-02-05T17:30:00+00:00');
    expect(clockState(clock, at('2026-02-05T17:29:59+00:00'))).toBe('running');
    expect(clockState(clock, at('2026-02-05T17:30:00+00:00'))).toBe('breached');
  });

  it('met in time stays met forever, with the slack it had', () => {
    const met = transition(clock, { type: 'meet', at: at('2026-02-05T16:00:00+00:00') });
    expect(clockStatus(met, at('2026-03-01T12:00:00+00:00'), 60)).toMatchObject({ status: 'met', remaining: { minutes: 90, business: true }, warning: false });
  });

  it('an answer after the due instant is recorded but the clock stays breached', () => {
    const late = transition(clock, { type: 'meet', at: at('2026-02-06T09:30:00+00:00') });
    expect(clockStatus(late, at('2026-02-06T12:00:00+00:00'), 60)).toMatchObject({ status: 'breached', remaining: { minutes: -30, business: true } });
  });
});

describe('pause and resume', () => {
  const paused = transition(startClock(review, london, received), { type: 'pause', at: at('2026-02-03T15:00:00+00:00'), reason: 'waiting for the customer’s photos' });

  it('while paused the remaining business time is frozen and the due instant moves', () => {
    // At the pause: Tuesday 15:00–17:30, Wednesday and Thursday = 150 + 510 + 510.
    expect(clockStatus(paused, at('2026-02-03T15:00:00+00:00'), 60).remaining.minutes).toBe(1170);
    const wednesday = clockStatus(paused, at('2026-02-04T10:00:00+00:00'), 60);
    expect(wednesday.status).toBe('paused');
    expect(wednesday.remaining.minutes).toBe(1170);
    expect(local(london, wednesday.dueAt)).toBe('2026-02-06T12:30:00+00:00'); // Thursday 17:30 + 210 business minutes
  });

  it('after resuming, the due instant has moved by the paused business time only (150 + 120 minutes)', () => {
    const resumed = transition(paused, { type: 'resume', at: at('2026-02-04T11:00:00+00:00') });
    const s = clockStatus(resumed, at('2026-02-04T11:00:00+00:00'), 60);
    expect(s.status).toBe('running');
    expect(local(london, s.dueAt)).toBe('2026-02-06T13:30:00+00:00');
    expect(s.remaining.minutes).toBe(1170);
  });

  it('a pause over a weekend costs no business time', () => {
    // Received Thursday 5 February: due Tuesday 10 February 17:30; paused from Friday's close to Monday's opening.
    const overWeekend = transition(
      transition(startClock(review, london, at('2026-02-05T10:00:00+00:00')), { type: 'pause', at: at('2026-02-06T17:30:00+00:00') }),
      { type: 'resume', at: at('2026-02-09T09:00:00+00:00') },
    );
    expect(local(london, clockDueAt(overWeekend, at('2026-02-09T09:00:00+00:00')))).toBe('2026-02-10T17:30:00+00:00');
  });

  it('meeting a paused clock closes the pause', () => {
    const met = transition(paused, { type: 'meet', at: at('2026-02-04T10:00:00+00:00') });
    expect(met.pauses.at(-1)?.to?.toISOString()).toBe('2026-02-04T10:00:00.000Z');
    expect(clockState(met, at('2026-02-20T10:00:00+00:00'))).toBe('met');
  });

  it('a pausable calendar-day clock moves by elapsed time, nights and weekends included', () => {
    const rule: ClockRule = { id: 'custom', label: '10 days', meetsOn: 'resolve', measure: { kind: 'calendar-days', days: 10 }, pausable: true, source: 'test' };
    let clock: Clock = startClock(rule, london, received);
    expect(local(london, clockDueAt(clock, received))).toBe('2026-02-13T00:00:00+00:00');
    clock = transition(clock, { type: 'pause', at: at('2026-02-03T12:00:00+00:00') });
    clock = transition(clock, { type: 'resume', at: at('2026-02-05T12:00:00+00:00') });
    expect(local(london, clockDueAt(clock, at('2026-02-06T00:00:00+00:00')))).toBe('2026-02-15T00:00:00+00:00');
  });
});

describe('illegal moves are refused', () => {
  const running = startClock(review, london, received);

  it('a regulator’s clock cannot be paused', () => {
    const fca = startClock(clockRule('uk-fca-disp', 'summary-resolution'), london, received);
    expectRefused(() => transition(fca, { type: 'pause', at: at('2026-02-03T10:00:00+00:00') }), /may not be paused/);
  });

  it('resume needs a pause; pause needs a running clock; nothing follows met', () => {
    expectRefused(() => transition(running, { type: 'resume', at: at('2026-02-03T10:00:00+00:00') }), /it is running/);
    const paused = transition(running, { type: 'pause', at: at('2026-02-03T10:00:00+00:00') });
    expectRefused(() => transition(paused, { type: 'pause', at: at('2026-02-03T11:00:00+00:00') }), /it is paused/);
    const met = transition(running, { type: 'meet', at: at('2026-02-03T10:00:00+00:00') });
    expectRefused(() => transition(met, { type: 'meet', at: at('2026-02-03T11:00:00+00:00') }), /it is met/);
  });

  it('a breached clock cannot be paused', () => {
    expectRefused(() => transition(running, { type: 'pause', at: at('2026-02-06T10:00:00+00:00') }), /it is breached/);
  });

  it('events must not go back in time', () => {
    const paused = transition(running, { type: 'pause', at: at('2026-02-03T10:00:00+00:00') });
    expectRefused(() => transition(paused, { type: 'resume', at: at('2026-02-03T09:00:00+00:00') }), /earlier than/);
  });
});

describe('PSD2 holding reply extends 15 to 35 business days', () => {
  const psd2 = startClock(clockRule('psd2', 'final-response'), riga, at('2026-02-02T10:00:00+02:00'));

  it('a holding reply before day 15 moves the due instant to day 35', () => {
    expect(local(riga, clockDueAt(psd2, at('2026-02-02T10:00:00+02:00')))).toBe('2026-02-23T17:30:00+02:00');
    const extended = transition(psd2, { type: 'extend', at: at('2026-02-20T10:00:00+02:00') });
    expect(local(riga, clockStatus(extended, at('2026-02-24T10:00:00+02:00'), 60).dueAt)).toBe('2026-03-23T17:30:00+02:00');
    expect(clockState(extended, at('2026-02-24T10:00:00+02:00'))).toBe('running');
    expectRefused(() => transition(extended, { type: 'extend', at: at('2026-02-21T10:00:00+02:00') }), /already extended/);
  });

  it('a holding reply after day 15 is too late: the clock is already breached', () => {
    expectRefused(() => transition(psd2, { type: 'extend', at: at('2026-02-24T10:00:00+02:00') }), /it is breached/);
  });

  it('a clock without an extension refuses one', () => {
    const fca = startClock(clockRule('uk-fca-disp', 'final-response'), london, received);
    expectRefused(() => transition(fca, { type: 'extend', at: at('2026-02-03T10:00:00+00:00') }), /no extension/);
  });
});

describe('warnings fall inside opening hours', () => {
  it('a business clock warns a number of working minutes before it is due', () => {
    const clock = startClock(review, london, received); // due Thursday 17:30
    expect(local(london, clockStatus(clock, received, 120).warnAt)).toBe('2026-02-05T15:30:00+00:00');
    expect(clockStatus(clock, at('2026-02-05T15:29:00+00:00'), 120).warning).toBe(false);
    expect(clockStatus(clock, at('2026-02-05T15:30:00+00:00'), 120).warning).toBe(true);
    // 600 working minutes: all of Thursday (510) and the last 90 of Wednesday — not 07:30 or midnight.
    expect(local(london, clockStatus(clock, received, 600).warnAt)).toBe('2026-02-04T16:00:00+00:00');
  });

  it('a calendar clock due at midnight on Sunday warns at Friday’s close, not at midnight on Saturday', () => {
    const cfpb = startClock(clockRule('us-cfpb', 'response'), newYork, at('2026-10-30T15:00:00-04:00'));
    const s = clockStatus(cfpb, at('2026-11-13T17:29:00-05:00'), 24 * 60);
    expect(local(newYork, s.dueAt)).toBe('2026-11-15T00:00:00-05:00');
    expect(local(newYork, s.warnAt)).toBe('2026-11-13T17:30:00-05:00');
    expect(s.warning).toBe(false);
    expect(clockStatus(cfpb, at('2026-11-13T17:30:00-05:00'), 24 * 60).warning).toBe(true);
  });

  it('a warning window longer than the clock starts at receipt', () => {
    const ack = startClock(clockRule('au-asic-rg271', 'acknowledgement'), office('Australia/Sydney'), at('2026-04-06T10:00:00+10:00'));
    expect(clockStatus(ack, at('2026-04-06T10:00:00+10:00'), 48 * 60)).toMatchObject({ warning: true, warnAt: at('2026-04-06T10:00:00+10:00') });
  });
});
