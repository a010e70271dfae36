import { isLanguage, type Language } from './languages.ts';
// Keep in touch with customers who left (P-4.5): respected, not bribed — no
// special terms, but not forgotten. A holiday greeting once a year, a short
// check-in from their manager every few months, and news an admin sends.
// Pure: which touches are due, and their words in the customer's language.

export interface KeepInTouchSettings {
  enabled: boolean;
  /** The yearly greeting's date (month 1–12, day 1–31) in the business time zone; null: none. */
  greeting: { month: number; day: number } | null;
  /** A check-in from the customer's manager every N months after they left; null: none. */
  checkInMonths: number | null;
  /** An admin's own words for the greeting, per language (others fall back to ours). */
  greetingText: Partial<Record<Language, { subject: string; body: string }>>;
}

export const DEFAULT_KEEP_IN_TOUCH: KeepInTouchSettings = {
  enabled: true,
  greeting: { month: 12, day: 20 },
  checkInMonths: 6,
  greetingText: {},
};

/** A greeting still goes out this many days after its date (the server may have been down that day). */
export const GREETING_GRACE_DAYS = 14;

/**
 * The greeting due on `today` (a calendar date in the business time zone), if any:
 * its key and its date. Only customers who left before that date receive it.
 */
export function greetingDue(s: KeepInTouchSettings, today: { year: number; month: number; day: number }): { key: string; date: string } | null {
  if (!s.enabled || !s.greeting) return null;
  for (const year of [today.year, today.year - 1]) {
    const date = isoDate(year, s.greeting.month, Math.min(s.greeting.day, daysInMonth(year, s.greeting.month)));
    const diff = (Date.parse(isoDate(today.year, today.month, today.day)) - Date.parse(date)) / 86_400_000;
    if (diff >= 0 && diff <= GREETING_GRACE_DAYS) return { key: `greeting:${year}`, date };
  }
  return null;
}

function isoDate(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

interface TouchVars {
  customerName: string | null;
  /** Their manager: the owner of their latest case, else the business. */
  managerName: string;
  businessName: string;
}

type Words = { subject: (v: TouchVars) => string; body: (v: TouchVars) => string };

const GREETING: Record<Language, Words> = {
  en: {
    subject: (v) => `Season's greetings from ${v.businessName}`,
    body: (v) => `${v.customerName ? `Dear ${v.customerName},` : 'Hello,'}\n\nThe year is ending and we remember the time we worked together. We wish you and your family a peaceful holiday and a good new year.\n\nIf there is ever anything we can do, you know where to find me.\n\n${v.managerName}\n${v.businessName}`,
  },
  ru: {
    subject: (v) => `С наступающими праздниками — ${v.businessName}`,
    body: (v) => `${v.customerName ? `Здравствуйте, ${v.customerName}!` : 'Здравствуйте!'}\n\nГод подходит к концу, и мы помним время, когда работали вместе. Желаем вам и вашим близким спокойных праздников и хорошего нового года.\n\nЕсли когда-нибудь понадобится помощь — вы знаете, где меня найти.\n\n${v.managerName}\n${v.businessName}`,
  },
  ro: {
    subject: (v) => `Sărbători fericite de la ${v.businessName}`,
    body: (v) => `${v.customerName ? `Stimate/Stimată ${v.customerName},` : 'Bună ziua,'}\n\nAnul se încheie și ne amintim de perioada în care am lucrat împreună. Vă dorim sărbători liniștite și un an nou bun, alături de cei dragi.\n\nDacă vreodată vă putem fi de folos, știți unde mă găsiți.\n\n${v.managerName}\n${v.businessName}`,
  },
  lv: {
    subject: (v) => `Priecīgus svētkus no ${v.businessName}`,
    body: (v) => `${v.customerName ? `Labdien, ${v.customerName}!` : 'Labdien!'}\n\nGads tuvojas beigām, un mēs atceramies laiku, kad strādājām kopā. Novēlam jums un jūsu tuviniekiem mierīgus svētkus un labu jauno gadu.\n\nJa kādreiz varam palīdzēt, jūs zināt, kur mani atrast.\n\n${v.managerName}\n${v.businessName}`,
  },
  fi: {
    subject: (v) => `Hyvää juhlakautta — ${v.businessName}`,
    body: (v) => `${v.customerName ? `Hei ${v.customerName},` : 'Hei,'}\n\nVuosi on lopuillaan, ja muistamme yhteisen aikamme. Toivotamme sinulle ja läheisillesi rauhallista juhlakautta ja hyvää uutta vuotta.\n\nJos voimme joskus auttaa, tiedät mistä minut löytää.\n\n${v.managerName}\n${v.businessName}`,
  },
  de: {
    subject: (v) => `Frohe Festtage von ${v.businessName}`,
    body: (v) => `${v.customerName ? `Guten Tag ${v.customerName},` : 'Guten Tag,'}\n\ndas Jahr geht zu Ende, und wir denken gern an die Zeit unserer Zusammenarbeit. Wir wünschen Ihnen und Ihren Lieben erholsame Feiertage und ein gutes neues Jahr.\n\nWenn wir einmal etwas für Sie tun können, wissen Sie, wo Sie mich finden.\n\n${v.managerName}\n${v.businessName}`,
  },
  es: {
    subject: (v) => `Felices fiestas de parte de ${v.businessName}`,
    body: (v) => `${v.customerName ? `Estimado/a ${v.customerName}:` : 'Hola:'}\n\nEl año termina y recordamos el tiempo en que trabajamos juntos. Le deseamos unas fiestas tranquilas y un buen año nuevo junto a los suyos.\n\nSi alguna vez podemos ayudarle, ya sabe dónde encontrarme.\n\n${v.managerName}\n${v.businessName}`,
  },
};

const CHECK_IN: Record<Language, Words> = {
  en: {
    subject: (v) => `How are you doing? — ${v.businessName}`,
    body: (v) => `${v.customerName ? `Dear ${v.customerName},` : 'Hello,'}\n\nIt has been a while since we last worked together, and I wanted to say hello and ask how you are. No offer and no obligation — if you ever have a question or need advice in our field, just reply to this message and it reaches me.\n\n${v.managerName}\n${v.businessName}`,
  },
  ru: {
    subject: (v) => `Как у вас дела? — ${v.businessName}`,
    body: (v) => `${v.customerName ? `Здравствуйте, ${v.customerName}!` : 'Здравствуйте!'}\n\nПрошло время с тех пор, как мы работали вместе, и я хотел(а) просто поздороваться и узнать, как у вас дела. Никаких предложений и обязательств — если появится вопрос или понадобится совет по нашей части, просто ответьте на это письмо, и оно придёт лично мне.\n\n${v.managerName}\n${v.businessName}`,
  },
  ro: {
    subject: (v) => `Ce mai faceți? — ${v.businessName}`,
    body: (v) => `${v.customerName ? `Stimate/Stimată ${v.customerName},` : 'Bună ziua,'}\n\nA trecut ceva timp de când am lucrat împreună și am vrut doar să vă salut și să întreb ce mai faceți. Nicio ofertă, nicio obligație — dacă aveți vreodată o întrebare sau nevoie de un sfat în domeniul nostru, răspundeți la acest mesaj și îmi ajunge direct mie.\n\n${v.managerName}\n${v.businessName}`,
  },
  lv: {
    subject: (v) => `Kā jums klājas? — ${v.businessName}`,
    body: (v) => `${v.customerName ? `Labdien, ${v.customerName}!` : 'Labdien!'}\n\nKopš mūsu sadarbības ir pagājis laiks, un es vēlējos vienkārši sasveicināties un pajautāt, kā jums klājas. Bez piedāvājumiem un saistībām — ja kādreiz rodas jautājums vai vajadzīgs padoms mūsu jomā, vienkārši atbildiet uz šo vēstuli, un tā nonāks pie manis.\n\n${v.managerName}\n${v.businessName}`,
  },
  fi: {
    subject: (v) => `Mitä kuuluu? — ${v.businessName}`,
    body: (v) => `${v.customerName ? `Hei ${v.customerName},` : 'Hei,'}\n\nYhteistyöstämme on kulunut jonkin aikaa, ja halusin vain tervehtiä ja kysyä, mitä kuuluu. Ei tarjouksia eikä velvoitteita — jos sinulla joskus on kysyttävää tai tarvitset neuvoa alaltamme, vastaa tähän viestiin, niin se tulee suoraan minulle.\n\n${v.managerName}\n${v.businessName}`,
  },
  de: {
    subject: (v) => `Wie geht es Ihnen? — ${v.businessName}`,
    body: (v) => `${v.customerName ? `Guten Tag ${v.customerName},` : 'Guten Tag,'}\n\nunsere Zusammenarbeit liegt eine Weile zurück, und ich wollte einfach Hallo sagen und fragen, wie es Ihnen geht. Kein Angebot, keine Verpflichtung — wenn Sie einmal eine Frage haben oder einen Rat aus unserem Fach brauchen, antworten Sie einfach auf diese Nachricht; sie erreicht mich persönlich.\n\n${v.managerName}\n${v.businessName}`,
  },
  es: {
    subject: (v) => `¿Qué tal le va? — ${v.businessName}`,
    body: (v) => `${v.customerName ? `Estimado/a ${v.customerName}:` : 'Hola:'}\n\nHa pasado un tiempo desde que trabajamos juntos y quería saludarle y preguntarle qué tal le va. Sin ofertas ni compromisos: si alguna vez tiene una pregunta o necesita un consejo de nuestro ámbito, responda a este mensaje y me llegará a mí.\n\n${v.managerName}\n${v.businessName}`,
  },
};

/** Subject and body of a greeting or check-in in the customer's language (English when unknown). */
export function renderTouch(kind: 'greeting' | 'check_in', language: string, vars: TouchVars, s: KeepInTouchSettings = DEFAULT_KEEP_IN_TOUCH): { subject: string; body: string } {
  const lang: Language = isLanguage(language) ? language : 'en';
  if (kind === 'greeting') {
    const own = s.greetingText[lang];
    if (own) return { subject: fill(own.subject, vars), body: fill(own.body, vars) };
  }
  const w = (kind === 'greeting' ? GREETING : CHECK_IN)[lang];
  return { subject: w.subject(vars), body: w.body(vars) };
}

/** An admin's text may name {customerName}, {managerName} and {businessName}. */
function fill(text: string, v: TouchVars): string {
  return text
    .replaceAll('{customerName}', v.customerName ?? '')
    .replaceAll('{managerName}', v.managerName)
    .replaceAll('{businessName}', v.businessName);
}
