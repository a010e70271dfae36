// Business calendars and deadline clocks: the public surface other modules use.
export {
  addBusinessDays,
  addBusinessHours,
  addBusinessMinutes,
  businessDayOf,
  businessMinutesBetween,
  endOfBusinessDay,
  isBusinessDay,
  isOpen,
  lastOpenBefore,
  nextOpening,
  parseCalendar,
  subtractBusinessMinutes,
  withHolidays,
  type BusinessCalendar,
  type BusinessDayOptions,
  type CalendarError,
  type DayOfReceipt,
  type Holiday,
  type Span,
  type Weekday,
} from './calendar.ts';
export { importIcalHolidays, type IcalImport, type IcalSkip } from './ical.ts';
export { clockRule, countsBusinessTime, dueAt, PACKS, type ClockMeasure, type ClockPack, type ClockRule, type MeetsOn, type PackId, type RegulatoryPackId } from './regulatory.ts';
export { clockDueAt, clockState, clockStatus, startClock, transition, type Clock, type ClockEvent, type ClockState, type ClockStatus } from './clock.ts';
