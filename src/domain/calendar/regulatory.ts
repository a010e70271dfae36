// Regulatory packs: the complaint-handling deadlines of a jurisdiction as
// data, and one function that turns a clock rule, a receipt time and a
// business calendar into a due instant. Calendar days and business days are
// different kinds of rule here, never a flag, so a reader cannot mix them up.
// Beside the regulators' packs sits the playbook's own service standards
// (P-1.4, P-1.6, P-4.1), which a business may pause while it waits on the
// customer; regulators' clocks do not stop.
import {
  addBusinessDays,
  addBusinessMinutes,
  localDate,
  shiftDate,
  wallTimeToMillis,
  type BusinessCalendar,
  type DayOfReceipt,
} from './calendar.ts';

/** How a clock's allowance is measured. */
export type ClockMeasure =
  /** Close of business of the n-th business day counted from receipt. */
  | { kind: 'business-days'; days: number; dayOfReceipt: DayOfReceipt; cutoff?: string }
  /** End (local midnight) of the n-th calendar day after the day of receipt. */
  | { kind: 'calendar-days'; days: number }
  /** Open hours of the calendar after receipt. */
  | { kind: 'business-hours'; hours: number }
  /** Plain elapsed hours, open or not. */
  | { kind: 'elapsed-hours'; hours: number };

/** What stops a clock: it is met when this happens. */
export type MeetsOn = 'acknowledgement' | 'first_response' | 'resolve';

/** One deadline a pack imposes. */
export interface ClockRule {
  id: string;
  label: string;
  /** The event that meets the deadline (declared with the rule, never inferred from its id). */
  meetsOn: MeetsOn;
  measure: ClockMeasure;
  /** A longer allowance that applies once the named step was taken (PSD2 holding reply). */
  extension?: { measure: ClockMeasure; requires: 'holding-reply' };
  /** Whether the clock may stop while the business waits on the customer. */
  pausable: boolean;
  /** Where the rule comes from, for the people who must defend it. */
  source: string;
}

export type RegulatoryPackId = 'uk-fca-disp' | 'psd2' | 'us-cfpb' | 'au-asic-rg271';
export type PackId = RegulatoryPackId | 'amends-playbook';

export interface ClockPack {
  id: PackId;
  name: string;
  clocks: ClockRule[];
}

/** The packs Amends ships. Figures are the regulators'; a business picks the packs that bind it. */
export const PACKS: Record<PackId, ClockPack> = {
  'uk-fca-disp': {
    id: 'uk-fca-disp',
    name: 'UK FCA Dispute Resolution (DISP 1)',
    clocks: [
      {
        id: 'summary-resolution',
        label: 'Summary resolution by close of the third business day after receipt',
        meetsOn: 'resolve',
        measure: { kind: 'business-days', days: 3, dayOfReceipt: 'excluded' },
        pausable: false,
        source: 'FCA DISP 1.5 (complaints resolved by close of the third business day)',
      },
      {
        id: 'final-response',
        label: 'Final response within eight weeks of receipt',
        meetsOn: 'resolve',
        measure: { kind: 'calendar-days', days: 56 },
        pausable: false,
        source: 'FCA DISP 1.6.2R (eight weeks)',
      },
    ],
  },
  psd2: {
    id: 'psd2',
    name: 'Payment services (PSD2 Art. 101; UK DISP 1.6.2A)',
    clocks: [
      {
        id: 'final-response',
        label: 'Final response within 15 business days after the day of receipt; 35 with a holding reply',
        meetsOn: 'resolve',
        measure: { kind: 'business-days', days: 15, dayOfReceipt: 'excluded' },
        extension: { measure: { kind: 'business-days', days: 35, dayOfReceipt: 'excluded' }, requires: 'holding-reply' },
        pausable: false,
        source: 'Directive (EU) 2015/2366 Art. 101(2); FCA DISP 1.6.2A',
      },
    ],
  },
  'us-cfpb': {
    id: 'us-cfpb',
    name: 'US CFPB company complaint portal',
    clocks: [
      {
        id: 'response',
        label: 'Response within 15 calendar days',
        meetsOn: 'first_response',
        measure: { kind: 'calendar-days', days: 15 },
        pausable: false,
        source: 'CFPB company portal expectations (15 days)',
      },
      {
        id: 'final-response',
        label: 'Final response within 60 calendar days',
        meetsOn: 'resolve',
        measure: { kind: 'calendar-days', days: 60 },
        pausable: false,
        source: 'CFPB company portal expectations (60 days)',
      },
    ],
  },
  'au-asic-rg271': {
    id: 'au-asic-rg271',
    name: 'Australia ASIC RG 271 internal dispute resolution',
    clocks: [
      {
        id: 'acknowledgement',
        label: 'Acknowledge within 24 hours',
        meetsOn: 'acknowledgement',
        measure: { kind: 'elapsed-hours', hours: 24 },
        pausable: false,
        source: 'ASIC RG 271 (acknowledge within 24 hours or one business day)',
      },
      {
        id: 'final-response',
        label: 'IDR response within 30 calendar days',
        meetsOn: 'resolve',
        measure: { kind: 'calendar-days', days: 30 },
        pausable: false,
        source: 'ASIC RG 271 (standard complaints: 30 calendar days)',
      },
    ],
  },
  'amends-playbook': {
    id: 'amends-playbook',
    name: 'Amends playbook service standards',
    clocks: [
      {
        id: 'missed-call-callback',
        label: 'Call back a missed call within 30 open minutes (by the next opening + 30 min)',
        meetsOn: 'first_response',
        measure: { kind: 'business-hours', hours: 0.5 },
        pausable: false,
        source: 'PLAYBOOK P-1.4',
      },
      {
        id: 'dropped-call-callback',
        label: 'Call back a dropped call within five minutes',
        meetsOn: 'first_response',
        measure: { kind: 'elapsed-hours', hours: 5 / 60 },
        pausable: false,
        source: 'PLAYBOOK P-1.4',
      },
      {
        id: 'review-response',
        label: 'Respond to a review within three business days',
        meetsOn: 'first_response',
        measure: { kind: 'business-days', days: 3, dayOfReceipt: 'excluded' },
        pausable: true,
        source: 'PLAYBOOK P-1.6',
      },
      {
        id: 'follow-up',
        label: 'Follow up about 30 days after resolution',
        meetsOn: 'resolve',
        measure: { kind: 'calendar-days', days: 30 },
        pausable: false,
        source: 'PLAYBOOK P-4.1',
      },
    ],
  },
};

/** A clock rule by pack and id; throws on an unknown pair so a typo is loud. */
export function clockRule(pack: PackId, clockId: string): ClockRule {
  const rule = PACKS[pack].clocks.find((c) => c.id === clockId);
  if (!rule) throw new RangeError(`pack ${pack} has no clock "${clockId}"`);
  return rule;
}

/** True when the measure counts open time only, so pauses are measured in business minutes. */
export function countsBusinessTime(measure: ClockMeasure): boolean {
  return measure.kind === 'business-days' || measure.kind === 'business-hours';
}

/** The instant a measure runs out for a clock started at `start`. */
export function measureDueAt(measure: ClockMeasure, cal: BusinessCalendar, start: Date): Date {
  switch (measure.kind) {
    case 'business-days':
      return addBusinessDays(cal, start, measure.days, {
        dayOfReceipt: measure.dayOfReceipt,
        ...(measure.cutoff ? { cutoff: measure.cutoff } : {}),
      });
    case 'business-hours':
      return addBusinessMinutes(cal, start, measure.hours * 60);
    case 'elapsed-hours':
      return new Date(+start + measure.hours * 3_600_000);
    case 'calendar-days': {
      const lastDay = shiftDate(localDate(cal, start), measure.days);
      return new Date(wallTimeToMillis(cal.timeZone, shiftDate(lastDay, 1), 0));
    }
  }
}

/** When a pack's clock falls due for a complaint received at `receivedAt`; `extended` once a holding reply went out. */
export function dueAt(rule: ClockRule, cal: BusinessCalendar, receivedAt: Date, options: { extended?: boolean } = {}): Date {
  const measure = options.extended && rule.extension ? rule.extension.measure : rule.measure;
  return measureDueAt(measure, cal, receivedAt);
}
