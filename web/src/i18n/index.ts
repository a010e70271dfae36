// The UI in seven languages. English is bundled (the fallback); the others
// load on demand so each visitor downloads only the language they use.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
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

/** Switches the UI language, loading its strings first; remembers the choice unless told not to. */
export async function setLanguage(code: string, remember = true): Promise<void> {
  const lng: Language = isLanguage(code) ? code : 'en';
  if (lng !== 'en' && !i18next.hasResourceBundle(lng, 'translation')) {
    i18next.addResourceBundle(lng, 'translation', (await loaders[lng]()).default);
  }
  if (remember) localStorage.setItem(STORAGE_KEY, lng);
  document.documentElement.lang = lng;
  await i18next.changeLanguage(lng);
}

/** The language the visitor chose before, if any. */
export function rememberedLanguage(): string | null {
  return localStorage.getItem(STORAGE_KEY);
}

/** Starts i18next with the remembered or the browser's language. */
export async function initI18n(): Promise<void> {
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en } },
    lng: 'en',
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
  const wanted = rememberedLanguage() ?? navigator.language.slice(0, 2);
  if (wanted !== 'en') await setLanguage(wanted, false);
}
