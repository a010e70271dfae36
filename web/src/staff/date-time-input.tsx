// A due date and time chosen in the interface language. The browser's own
// datetime-local field follows the browser's locale (US month/day order in an
// English Chromium whatever the desk's language); two selects labelled through
// Intl read "pirmd., 7. dec." and "14:30" in Latvian, "Mon, Dec 7" in English.
import { Group, NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const DAYS = 90;
const pad = (n: number) => String(n).padStart(2, '0');
/** A local calendar day as YYYY-MM-DD. */
const dayKey = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** Tomorrow at the next full hour, the usual due time of a promise. */
export function defaultDue(now = new Date()): Date {
  const d = new Date(now.getTime() + 86_400_000);
  d.setMinutes(0, 0, 0);
  d.setHours(d.getHours() + 1);
  return d;
}

/** Picks a day (today to 90 days ahead) and a half hour, labelled in the reader's language. */
export function DateTimeInput({ label, value, onChange, testId }: { label: string; value: Date; onChange: (d: Date) => void; testId?: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const dayFmt = new Intl.DateTimeFormat(lng, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
  const timeFmt = new Intl.DateTimeFormat(lng, { timeStyle: 'short' });
  const today = new Date();
  today.setHours(0, 0, 0, 0);
  const days = Array.from({ length: DAYS }, (_, i) => new Date(today.getFullYear(), today.getMonth(), today.getDate() + i));
  const times = Array.from({ length: 48 }, (_, i) => new Date(2000, 0, 1, Math.floor(i / 2), (i % 2) * 30));
  const day = dayKey(value);
  const time = `${pad(value.getHours())}:${pad(value.getMinutes() - (value.getMinutes() % 30))}`;
  const set = (d: string, hm: string) => {
    const [y, m, dd] = d.split('-').map(Number);
    const [h, mi] = hm.split(':').map(Number);
    onChange(new Date(y!, m! - 1, dd!, h!, mi!));
  };
  return (
    <Group gap={4} wrap="nowrap" align="end" data-testid={testId}>
      <NativeSelect label={label} value={day} onChange={(e) => set(e.currentTarget.value, time)} data={days.map((d) => ({ value: dayKey(d), label: dayFmt.format(d) }))} data-testid={testId && `${testId}-day`} />
      <NativeSelect aria-label={t('desk.date.time')} value={time} onChange={(e) => set(day, e.currentTarget.value)} data={times.map((d) => ({ value: `${pad(d.getHours())}:${pad(d.getMinutes())}`, label: timeFmt.format(d) }))} data-testid={testId && `${testId}-time`} />
    </Group>
  );
}
