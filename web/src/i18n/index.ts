// The UI in seven languages. English is bundled (the fallback); the others
// load on demand so each visitor downloads only the language they use.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';

/** The languages of the UI, with their own names for the switcher. */
export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'ru', name: 'Русский' },
  { code: 'ro', name: 'Română' },
  { code: 'lv', name: 'Latviešu' },
  { code: 'fi', name: 'Suomi' },
  { code: 'de', name: 'Deutsch' },
  { code: 'es', name: 'Español' },
] as const;

const loaders: Record<string, () => Promise<{ default: Record<string, unknown> }>> = {
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
  const lng = LANGUAGES.some((l) => l.code === code) ? code : 'en';
  if (!i18next.hasResourceBundle(lng, 'translation') && loaders[lng]) {
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
