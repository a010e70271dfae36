// A deadline clock on a case: running → paused → running, then met or
// breached. One writer (STYLE 4): every change goes through `transition`
// over an explicit table, and an illegal move is an error. The state is
// derived from the recorded facts (start, pauses, holding reply, met) and the
// `now` the caller passes, so the same clock read twice at the same instant
// gives the same answer and nothing depends on a timer having fired.
import { AppError } from '../errors.ts';
import {
  addBusinessMinutes,
  businessMinutesBetween,
  isOpen,
  lastOpenBefore,
  subtractBusinessMinutes,
  type BusinessCalendar,
} from './calendar.ts';
import { countsBusinessTime, dueAt, type ClockRule } from './regulatory.ts';

export type ClockState = 'running' | 'paused' | 'met' | 'breached';

export interface Pause {
  from: Date;
  to: Date | null;
  reason?: string;
}

/** The recorded facts of one clock. Immutable: transitions return a new value. */
export interface Clock {
  rule: ClockRule;
  calendar: BusinessCalendar;
  startedAt: Date;
  /** When the holding reply went out, switching to the rule's extension (PSD2 35 days). */
  extendedAt: Date | null;
  pauses: Pause[];
  metAt: Date | null;
}

export type ClockEvent =
  | { type: 'pause'; at: Date; reason?: string }
  | { type: 'resume'; at: Date }
  | { type: 'extend'; at: Date }
  | { type: 'meet'; at: Date };

/** Which events each state accepts. `meet` on a breached clock records a late answer; it stays breached. */
const TRANSITIONS: Record<ClockState, readonly ClockEvent['type'][]> = {
  running: ['pause', 'extend', 'meet'],
  paused: ['resume', 'extend', 'meet'],
  breached: ['meet'],
  met: [],
};

/** Starts a clock at receipt (or at resolution, for the P-4.1 follow-up). */
export function startClock(rule: ClockRule, calendar: BusinessCalendar, startedAt: Date): Clock {
  return { rule, calendar, startedAt, extendedAt: null, pauses: [], metAt: null };
}

function lastEventAt(clock: Clock): number {
  const times = [+clock.startedAt, clock.extendedAt ? +clock.extendedAt : 0];
  for (const p of clock.pauses) times.push(+p.from, p.to ? +p.to : 0);
  return Math.max(...times);
}

/**
 * The due instant as of `now`: the rule's due time from receipt (or its
 * extension), moved later by the time spent paused — open business time for
 * business-day and business-hour clocks, elapsed time for calendar clocks.
 * An open pause counts up to `now`, so a paused clock's due time keeps moving.
 */
export function clockDueAt(clock: Clock, now: Date): Date {
  const base = dueAt(clock.rule, clock.calendar, clock.startedAt, { extended: clock.extendedAt !== null });
  const business = countsBusinessTime(clock.extendedAt && clock.rule.extension ? clock.rule.extension.measure : clock.rule.measure);
  let paused = 0;
  for (const p of clock.pauses) {
    const to = p.to ?? now;
    if (+to <= +p.from) continue;
    paused += business ? businessMinutesBetween(clock.calendar, p.from, to) : (+to - +p.from) / 60_000;
  }
  if (paused === 0) return base;
  return business ? addBusinessMinutes(clock.calendar, base, paused) : new Date(+base + paused * 60_000);
}

/** The state of a clock at `now`. */
export function clockState(clock: Clock, now: Date): ClockState {
  if (clock.metAt) return +clock.metAt <= +clockDueAt(clock, clock.metAt) ? 'met' : 'breached';
  const open = clock.pauses.at(-1);
  if (open && open.to === null) return 'paused';
  return +now >= +clockDueAt(clock, now) ? 'breached' : 'running';
}

/** The one writer of a clock: applies an event or throws CLOCK_STATE_CONFLICT naming the illegal move. */
export function transition(clock: Clock, event: ClockEvent): Clock {
  const state = clockState(clock, event.at);
  const refuse = (why: string): never => {
    throw new AppError('CLOCK_STATE_CONFLICT', `cannot ${event.type} the ${clock.rule.id} clock: ${why}`, { state, event: event.type });
  };
  if (!TRANSITIONS[state].includes(event.type)) refuse(`it is ${state}`);
  if (+event.at < lastEventAt(clock)) refuse('the event is earlier than the clock’s last recorded change');
  switch (event.type) {
    case 'pause': {
      // Only where the policy allows waiting on the customer; regulators' clocks never stop.
      if (!clock.rule.pausable) refuse('this clock may not be paused');
      const pause: Pause = event.reason === undefined ? { from: event.at, to: null } : { from: event.at, to: null, reason: event.reason };
      return { ...clock, pauses: [...clock.pauses, pause] };
    }
    case 'resume': {
      const pauses = clock.pauses.slice(0, -1);
      const open = clock.pauses.at(-1) as Pause;
      return { ...clock, pauses: [...pauses, { ...open, to: event.at }] };
    }
    case 'extend':
      if (!clock.rule.extension) refuse('the rule has no extension');
      if (clock.extendedAt) refuse('it is already extended');
      return { ...clock, extendedAt: event.at };
    case 'meet': {
      const pauses = clock.pauses.map((p) => (p.to === null ? { ...p, to: event.at } : p));
      return { ...clock, pauses, metAt: event.at };
    }
  }
}

export interface ClockStatus {
  status: ClockState;
  dueAt: Date;
  /**
   * Time left at `now` (at the moment it was met, for a met clock): open
   * business minutes for business clocks, elapsed minutes otherwise.
   * Negative once overdue.
   */
  remaining: { minutes: number; business: boolean };
  /** When the warning starts: always inside opening hours, so no escalation mail goes out at midnight. */
  warnAt: Date;
  warning: boolean;
}

/**
 * What a screen or a job needs about a clock at `now`. `warnBeforeMinutes`
 * is measured like the clock: business minutes for business clocks, so a
 * "two hours before" warning means two working hours. For calendar clocks
 * whose warning would fall outside opening hours, it is brought forward to
 * the last close before it, when someone is there to act.
 */
export function clockStatus(clock: Clock, now: Date, warnBeforeMinutes: number): ClockStatus {
  const status = clockState(clock, now);
  const at = clock.metAt ?? now;
  const due = clockDueAt(clock, at);
  const measure = clock.extendedAt && clock.rule.extension ? clock.rule.extension.measure : clock.rule.measure;
  const business = countsBusinessTime(measure);
  const minutes = business ? businessMinutesBetween(clock.calendar, at, due) : (+due - +at) / 60_000;
  let warnAt: Date;
  if (business) warnAt = subtractBusinessMinutes(clock.calendar, due, warnBeforeMinutes);
  else {
    const plain = new Date(+due - warnBeforeMinutes * 60_000);
    warnAt = isOpen(clock.calendar, plain) ? plain : lastOpenBefore(clock.calendar, plain);
  }
  if (+warnAt < +clock.startedAt) warnAt = clock.startedAt;
  const warning = (status === 'running' || status === 'paused') && +now >= +warnAt;
  return { status, dueAt: due, remaining: { minutes, business }, warnAt, warning };
}
