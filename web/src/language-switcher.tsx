// The language switcher, on every screen (staff and customer). In the desk's
// header on a phone (compact) it names the languages by their codes ("LV"), so
// it keeps its words whole beside the bell, the name and "Sign out".
import { NativeSelect } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage } from './i18n/index.ts';

/** Lets anyone read the UI in one of the seven languages; `compact`: codes below 36em. */
export function LanguageSwitcher({ compact = false }: { compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const phone = useMediaQuery('(max-width: 36em)', false, { getInitialValueInEffect: false });
  const short = compact && phone;
  return (
    <NativeSelect
      aria-label={t('common.language')}
      data-testid="language-switcher"
      data-compact={short || undefined}
      size="xs"
      w={short ? 64 : undefined}
      style={{ flexShrink: 0 }}
      value={i18n.language}
      onChange={(e) => void setLanguage(e.currentTarget.value)}
      data={LANGUAGES.map((l) => ({ value: l.code, label: short ? l.code.toUpperCase() : l.name }))}
    />
  );
}
