// Which clocks a new case starts (P-1.4, P-1.5, P-1.6, P-2.11) and when each
// falls due and warns, on the business calendar. Pure: the caller passes the
// calendar, the policy and the moment of receipt.
import type { Priority } from './case-lifecycle.ts';
import {
  addBusinessDays,
  addBusinessHours,
  dueAt as packDueAt,
  countsBusinessTime,
  PACKS,
  subtractBusinessMinutes,
  type BusinessCalendar,
  type MeetsOn,
  type RegulatoryPackId,
} from './calendar/index.ts';
import { DEFAULT_CHANNEL_CLOCK, type Channel } from './channels.ts';

export type { MeetsOn };

export interface ClockPolicy {
  /** Business hours to the first personal reply, by priority. */
  firstResponseHours: Record<Priority, number>;
  /** Business days to resolution, by priority (the day of receipt excluded). */
  resolutionDays: Record<Priority, number>;
  /** Faster first response for customer tiers (e.g. key: 1 hour); the shorter of tier and priority wins. */
  firstResponseHoursByTier: Record<string, number>;
  /** Warn the owner this many business minutes before a clock breaches. */
  warnBeforeMinutes: number;
  /** Regulatory packs that bind the business (each adds its clocks to every case). */
  regulatoryPacks: RegulatoryPackId[];
}

export const DEFAULT_CALENDAR: BusinessCalendar = {
  timeZone: 'UTC',
  week: { 1: [{ start: '09:00', end: '17:00' }], 2: [{ start: '09:00', end: '17:00' }], 3: [{ start: '09:00', end: '17:00' }], 4: [{ start: '09:00', end: '17:00' }], 5: [{ start: '09:00', end: '17:00' }] },
  holidays: [],
};

export const DEFAULT_CLOCK_POLICY: ClockPolicy = {
  firstResponseHours: { urgent: 1, high: 2, normal: 4, low: 8 },
  resolutionDays: { urgent: 1, high: 3, normal: 5, low: 10 },
  firstResponseHoursByTier: { key: 1, vip: 1 },
  warnBeforeMinutes: 60,
  regulatoryPacks: [],
};

export interface PlannedClock {
  kind: string;
  label: string;
  meetsOn: MeetsOn;
  startedAt: Date;
  dueAt: Date;
  warnAt: Date;
  status: 'running' | 'met';
  /** Waiting on the customer may stop it. */
  pausable: boolean;
  businessTime: boolean;
}

/** The clocks of a case received at `receivedAt` on `channel` with `priority`. */
export function planClocks(cal: BusinessCalendar, policy: ClockPolicy, c: { channel: Channel; priority: Priority; tier?: string; receivedAt: Date; channelClock?: string }): PlannedClock[] {
  const at = c.receivedAt;
  const warn = (due: Date) => {
    const w = subtractBusinessMinutes(cal, due, policy.warnBeforeMinutes);
    return +w < +at ? at : w;
  };
  const clock = (kind: string, label: string, meetsOn: MeetsOn, due: Date, pausable = false, businessTime = true): PlannedClock => ({
    kind,
    pausable,
    businessTime,
    label,
    meetsOn,
    startedAt: at,
    dueAt: due,
    warnAt: warn(due),
    // Intake acknowledges at once (P-1.5): an acknowledgement clock is met as it starts.
    status: meetsOn === 'acknowledgement' ? 'met' : 'running',
  });
  const out: PlannedClock[] = [
    clock('acknowledgement', 'Acknowledge at once', 'acknowledgement', at),
    clock(
      'first_response',
      'First personal response',
      'first_response',
      addBusinessHours(cal, at, Math.min(policy.firstResponseHours[c.priority], (c.tier && policy.firstResponseHoursByTier[c.tier]) || Infinity)),
    ),
    // The service's own resolution target stops while the business waits on the customer.
    clock('resolution', 'Resolution target', 'resolve', addBusinessDays(cal, at, policy.resolutionDays[c.priority], { dayOfReceipt: 'excluded' }), true),
  ];
  const playbook = PACKS['amends-playbook'];
  const own = c.channelClock ?? DEFAULT_CHANNEL_CLOCK[c.channel];
  const ownRule = own ? playbook.clocks.find((r) => r.id === own) : undefined;
  if (ownRule) out.push(clock(ownRule.id, ownRule.label, ownRule.meetsOn, packDueAt(ownRule, cal, at), ownRule.pausable, countsBusinessTime(ownRule.measure)));
  for (const packId of policy.regulatoryPacks) {
    for (const rule of PACKS[packId].clocks) {
      out.push(clock(`${packId}:${rule.id}`, rule.label, rule.meetsOn, packDueAt(rule, cal, at), rule.pausable, countsBusinessTime(rule.measure)));
    }
  }
  return out;
}
