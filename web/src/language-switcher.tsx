// The language switcher, on every screen (staff and customer).
import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage } from './i18n/index.ts';

/** Lets anyone read the UI in one of the seven languages. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  return (
    <NativeSelect
      aria-label={t('common.language')}
      data-testid="language-switcher"
      size="xs"
      value={i18n.language}
      onChange={(e) => void setLanguage(e.currentTarget.value)}
      data={LANGUAGES.map((l) => ({ value: l.code, label: l.name }))}
    />
  );
}
