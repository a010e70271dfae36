// Root causes and corrective actions (P-4.3, P-4.4): the status an action moves through,
// when a cause counts as systemic, how effectiveness is measured, and the thank-you a
// customer gets when their case led to a change — pure rules, no I/O.
import type { Language } from './languages.ts';

export const ROOT_CAUSE_KINDS = ['accidental', 'systemic'] as const;
export type RootCauseKind = (typeof ROOT_CAUSE_KINDS)[number];

/** open → in_progress → done → verified; a done action may be reopened (in_progress) if it did not hold. */
export const ROOT_CAUSE_STATUSES = ['open', 'in_progress', 'done', 'verified'] as const;
export type RootCauseStatus = (typeof ROOT_CAUSE_STATUSES)[number];

const MOVES: Record<RootCauseStatus, readonly RootCauseStatus[]> = {
  open: ['in_progress', 'done'],
  in_progress: ['open', 'done'],
  done: ['verified', 'in_progress'],
  verified: ['in_progress'],
};

/** Whether a corrective action may move from one status to another (staying put is always allowed). */
export function canMoveRootCause(from: RootCauseStatus, to: RootCauseStatus): boolean {
  return from === to || MOVES[from].includes(to);
}

/** Learning settings: the systemic threshold (P-4.4) and the effectiveness window. */
export interface LearningSettings {
  /** Linked to cases of at least this many different customers, a cause is flagged systemic. */
  systemicCustomers: number;
  /** Weeks before and after the action was done that effectiveness compares. */
  effectivenessWeeks: number;
}
export const DEFAULT_LEARNING: LearningSettings = { systemicCustomers: 3, effectivenessWeeks: 8 };

/** P-4.4: a cause seen across enough customers is no accident. */
export function isSystemicBySpread(distinctCustomers: number, s: LearningSettings): boolean {
  return distinctCustomers >= s.systemicCustomers;
}

export interface EffectivenessWindow {
  cases: number;
  weeks: number;
  perWeek: number;
  /** Cases per 100 customers the business had at the window's end; null without customers. */
  per100Customers: number | null;
}

/** One window's rates, rounded to two decimals; a window of zero weeks has no rate. */
export function windowRates(cases: number, weeks: number, customers: number): EffectivenessWindow {
  const r = (x: number) => Math.round(x * 100) / 100;
  return { cases, weeks: r(weeks), perWeek: weeks > 0 ? r(cases / weeks) : 0, per100Customers: customers > 0 ? r((cases * 100) / customers) : null };
}

/** The change in cases per week after the action, in percent of before (negative is better); null when there was nothing before. */
export function changePercent(before: EffectivenessWindow, after: EffectivenessWindow): number | null {
  if (before.perWeek === 0) return null;
  return Math.round(((after.perWeek - before.perWeek) / before.perWeek) * 1000) / 10;
}

/** P-4.3: tell the customer what changed and thank them, in their language. */
export const THANKS: Record<Language, { subject: (n: string) => string; body: (v: { name: string; caseNumber: string; change: string; business: string }) => string }> = {
  en: {
    subject: (n) => `Thanks to you we changed something (${n})`,
    body: (v) => `Dear ${v.name},\n\nyour complaint (${v.caseNumber}) showed us a fault in how we work. We have changed it:\n\n${v.change}\n\nThank you for telling us — it helps every customer after you.\n\n${v.business}`,
  },
  de: {
    subject: (n) => `Dank Ihnen haben wir etwas geändert (${n})`,
    body: (v) => `Guten Tag ${v.name},\n\nIhre Beschwerde (${v.caseNumber}) hat uns einen Fehler in unseren Abläufen gezeigt. Wir haben ihn behoben:\n\n${v.change}\n\nVielen Dank, dass Sie es uns gesagt haben — das hilft allen Kundinnen und Kunden nach Ihnen.\n\n${v.business}`,
  },
  es: {
    subject: (n) => `Gracias a usted hemos cambiado algo (${n})`,
    body: (v) => `Estimado/a ${v.name}:\n\nsu reclamación (${v.caseNumber}) nos mostró un fallo en nuestra forma de trabajar. Lo hemos cambiado:\n\n${v.change}\n\nGracias por contárnoslo: ayuda a todos los clientes que vengan después.\n\n${v.business}`,
  },
  fi: {
    subject: (n) => `Teidän ansiostanne muutimme jotain (${n})`,
    body: (v) => `Hyvä ${v.name},\n\nvalituksenne (${v.caseNumber}) paljasti virheen toimintatavassamme. Olemme muuttaneet sen:\n\n${v.change}\n\nKiitos, että kerroitte meille — se auttaa jokaista asiakasta jälkeenne.\n\n${v.business}`,
  },
  lv: {
    subject: (n) => `Pateicoties jums, mēs kaut ko mainījām (${n})`,
    body: (v) => `Labdien, ${v.name}!\n\nJūsu sūdzība (${v.caseNumber}) parādīja kļūdu mūsu darbā. Mēs to esam mainījuši:\n\n${v.change}\n\nPaldies, ka pastāstījāt — tas palīdz ikvienam klientam pēc jums.\n\n${v.business}`,
  },
  ro: {
    subject: (n) => `Datorită dumneavoastră am schimbat ceva (${n})`,
    body: (v) => `Stimate/Stimată ${v.name},\n\nreclamația dumneavoastră (${v.caseNumber}) ne-a arătat o greșeală în felul în care lucrăm. Am schimbat-o:\n\n${v.change}\n\nVă mulțumim că ne-ați spus — îi ajută pe toți clienții care vin după dumneavoastră.\n\n${v.business}`,
  },
  ru: {
    subject: (n) => `Благодаря вам мы кое-что изменили (${n})`,
    body: (v) => `Здравствуйте, ${v.name}!\n\nВаша жалоба (${v.caseNumber}) показала нам ошибку в нашей работе. Мы её исправили:\n\n${v.change}\n\nСпасибо, что сообщили нам, — это помогает всем клиентам после вас.\n\n${v.business}`,
  },
};
