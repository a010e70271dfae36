// The weekly digest to heads and supervisors (P-4.6: record, group, draw conclusions):
// the key figures of last week beside the week before, in the reader's language. Pure.
import { isLanguage, type Language } from './languages.ts';

export interface DigestFigures {
  cases: number;
  dissatisfiedShare: number | null;
  slaMet: number | null;
  firstResponseP50Minutes: number | null;
  resolutionP50Minutes: number | null;
  compensationCost: number;
  recoveryRate: number | null;
}

type Key = keyof DigestFigures;
const KEYS: Key[] = ['cases', 'dissatisfiedShare', 'slaMet', 'firstResponseP50Minutes', 'resolutionP50Minutes', 'compensationCost', 'recoveryRate'];

const TEXT: Record<Language, { subject: string; intro: string; before: string; labels: Record<Key, string> }> = {
  en: { subject: 'Complaints: the week of {week}', intro: 'Key figures of the week of {week}, with the week before in brackets:', before: 'week before', labels: { cases: 'Cases', dissatisfiedShare: 'Dissatisfied per 100 customers', slaMet: 'Clocks met', firstResponseP50Minutes: 'First response, median (business minutes)', resolutionP50Minutes: 'Resolution, median (business minutes)', compensationCost: 'Compensation cost', recoveryRate: 'Bought again after a complaint' } },
  de: { subject: 'Beschwerden: die Woche ab {week}', intro: 'Kennzahlen der Woche ab {week}, die Vorwoche in Klammern:', before: 'Vorwoche', labels: { cases: 'Fälle', dissatisfiedShare: 'Unzufriedene je 100 Kunden', slaMet: 'Eingehaltene Fristen', firstResponseP50Minutes: 'Erste Antwort, Median (Geschäftsminuten)', resolutionP50Minutes: 'Lösung, Median (Geschäftsminuten)', compensationCost: 'Kosten der Entschädigungen', recoveryRate: 'Nach einer Beschwerde wieder gekauft' } },
  es: { subject: 'Reclamaciones: la semana del {week}', intro: 'Cifras clave de la semana del {week}, con la semana anterior entre paréntesis:', before: 'semana anterior', labels: { cases: 'Casos', dissatisfiedShare: 'Insatisfechos por cada 100 clientes', slaMet: 'Plazos cumplidos', firstResponseP50Minutes: 'Primera respuesta, mediana (minutos hábiles)', resolutionP50Minutes: 'Resolución, mediana (minutos hábiles)', compensationCost: 'Coste de las compensaciones', recoveryRate: 'Volvieron a comprar tras una reclamación' } },
  fi: { subject: 'Reklamaatiot: viikko alkaen {week}', intro: 'Viikon {week} tärkeimmät luvut, edellinen viikko suluissa:', before: 'edellinen viikko', labels: { cases: 'Tapaukset', dissatisfiedShare: 'Tyytymättömiä 100 asiakasta kohden', slaMet: 'Määräajoissa pysytty', firstResponseP50Minutes: 'Ensimmäinen vastaus, mediaani (työminuuttia)', resolutionP50Minutes: 'Ratkaisu, mediaani (työminuuttia)', compensationCost: 'Hyvitysten kustannus', recoveryRate: 'Ostivat uudelleen reklamaation jälkeen' } },
  lv: { subject: 'Sūdzības: nedēļa no {week}', intro: 'Nedēļas no {week} galvenie rādītāji, iepriekšējā nedēļa iekavās:', before: 'iepriekšējā nedēļa', labels: { cases: 'Lietas', dissatisfiedShare: 'Neapmierinātie uz 100 klientiem', slaMet: 'Ievēroti termiņi', firstResponseP50Minutes: 'Pirmā atbilde, mediāna (darba minūtes)', resolutionP50Minutes: 'Atrisināšana, mediāna (darba minūtes)', compensationCost: 'Kompensāciju izmaksas', recoveryRate: 'Pēc sūdzības pirka atkal' } },
  ro: { subject: 'Reclamații: săptămâna din {week}', intro: 'Cifrele-cheie ale săptămânii din {week}, cu săptămâna anterioară în paranteze:', before: 'săptămâna anterioară', labels: { cases: 'Cazuri', dissatisfiedShare: 'Nemulțumiți la 100 de clienți', slaMet: 'Termene respectate', firstResponseP50Minutes: 'Primul răspuns, mediana (minute lucrătoare)', resolutionP50Minutes: 'Rezolvare, mediana (minute lucrătoare)', compensationCost: 'Costul compensațiilor', recoveryRate: 'Au cumpărat din nou după o reclamație' } },
  ru: { subject: 'Жалобы: неделя с {week}', intro: 'Ключевые показатели недели с {week}, в скобках — предыдущая неделя:', before: 'предыдущая неделя', labels: { cases: 'Обращения', dissatisfiedShare: 'Недовольных на 100 клиентов', slaMet: 'Сроки соблюдены', firstResponseP50Minutes: 'Первый ответ, медиана (рабочие минуты)', resolutionP50Minutes: 'Решение, медиана (рабочие минуты)', compensationCost: 'Стоимость компенсаций', recoveryRate: 'Купили снова после жалобы' } },
};

function show(key: Key, v: number | null): string {
  if (v === null) return '—';
  if (key === 'dissatisfiedShare') return (v * 100).toFixed(1);
  if (key === 'slaMet' || key === 'recoveryRate') return `${Math.round(v * 100)}%`;
  if (key === 'compensationCost') return v.toFixed(2);
  return String(Math.round(v));
}

/** The digest mail in `language` (English when the reader's language is not one we write). */
export function renderDigest(language: string, week: string, now: DigestFigures, before: DigestFigures, currency: string): { subject: string; text: string } {
  const t = TEXT[isLanguage(language) ? language : 'en'];
  const lines = KEYS.map((k) => {
    const a = now[k];
    const b = before[k];
    const arrow = a === null || b === null || a === b ? '' : a > b ? ' ↑' : ' ↓';
    return `- ${t.labels[k]}: ${show(k, a)}${k === 'compensationCost' ? ` ${currency}` : ''}${arrow} (${t.before}: ${show(k, b)})`;
  });
  return { subject: t.subject.replace('{week}', week), text: `${t.intro.replace('{week}', week)}\n\n${lines.join('\n')}\n` };
}
