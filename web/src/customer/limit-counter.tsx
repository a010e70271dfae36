// The counter beside a limited field: "1 234 / 20 000" in the reader's
// language, red once the text is over the limit (limits.ts has the numbers).
import { Text } from '@mantine/core';
import i18next from 'i18next';

/** "1 234 / 20 000", red when over the limit. */
export function Counter({ value, max, id }: { value: string; max: number; id?: string }) {
  const over = value.length > max;
  return (
    <Text component="span" size="xs" c={over ? 'red.9' : 'dimmed'} data-testid={id} aria-live="polite">
      {value.length.toLocaleString(i18next.language)} / {max.toLocaleString(i18next.language)}
    </Text>
  );
}
