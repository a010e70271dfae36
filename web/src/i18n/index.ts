// The UI in seven languages. English is the fallback: the entry bundles the
// desk's first screen's English (first-screen.ts) and the rest loads once that
// screen is shown (or at once on any other page); the others load on demand so
// each visitor downloads only the language they use.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import firstScreen from './en.json?first-screen';
import { LANGUAGES as DOMAIN_LANGUAGES, isLanguage, type Language } from '../../../src/domain/languages.ts';

/** Each language's own name, for the switcher; a language added in src/domain does not compile until named here. */
const NAMES: Record<Language, string> = { en: 'English', ru: 'Русский', ro: 'Română', lv: 'Latviešu', fi: 'Suomi', de: 'Deutsch', es: 'Español' };

/** The languages of the UI (the domain's list, in its order), with their own names for the switcher. */
export const LANGUAGES = DOMAIN_LANGUAGES.map((code) => ({ code, name: NAMES[code] }));

/** English is bundled; every other language's strings load on demand. */
const loaders: Record<Exclude<Language, 'en'>, () => Promise<{ default: Record<string, unknown> }>> = {
  ru: () => import('./ru.json'),
  ro: () => import('./ro.json'),
  lv: () => import('./lv.json'),
  fi: () => import('./fi.json'),
  de: () => import('./de.json'),
  es: () => import('./es.json'),
};

const STORAGE_KEY = 'amends.lang';

/** The choice also goes in a cookie: the server writes the desk's first rows in it (src/http/first-rows.ts). */
function rememberInCookie(lng: string): void {
  document.cookie = `amends_lang=${lng}; path=/; max-age=31536000; samesite=lax`;
}

let english: Promise<void> | undefined;

/** All of English (the entry has the first screen's), loaded once; later screens and parts wait for it (lazy.ts). */
export function englishStrings(): Promise<void> {
  return (english ??= import('./en.json').then(
    (m) => void i18next.addResourceBundle('en', 'translation', m.default, true, true),
    (err: unknown) => {
      english = undefined; // a dropped connection: the next screen asks again
      throw err;
    },
  ));
}

/** Switches the UI language, loading its strings first; remembers the choice unless told not to. */
export async function setLanguage(code: string, remember = true): Promise<void> {
  const lng: Language = isLanguage(code) ? code : 'en';
  if (lng !== 'en' && !i18next.hasResourceBundle(lng, 'translation')) {
    i18next.addResourceBundle(lng, 'translation', (await loaders[lng]()).default);
  }
  if (remember) {
    localStorage.setItem(STORAGE_KEY, lng);
    rememberInCookie(lng);
  }
  document.documentElement.lang = lng;
  await i18next.changeLanguage(lng);
}

/** The language the visitor chose before, if any. */
export function rememberedLanguage(): string | null {
  return localStorage.getItem(STORAGE_KEY);
}

/**
 * Starts i18next with the remembered or the browser's language. With firstScreenOnly (the desk's
 * queue) the rest of English is left to the parts loaded after the queue (lazy.ts); any other page
 * waits for it.
 */
export async function initI18n(firstScreenOnly = false): Promise<void> {
  const rest = firstScreenOnly ? undefined : englishStrings();
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: firstScreen } },
    lng: 'en',
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
  const remembered = rememberedLanguage();
  // Chosen before the cookie existed: the server learns it for the next page.
  if (remembered && isLanguage(remembered) && !document.cookie.includes('amends_lang=')) rememberInCookie(remembered);
  const wanted = remembered ?? navigator.language.slice(0, 2);
  if (wanted !== 'en') await setLanguage(wanted, false);
  if (rest) await rest;
}
