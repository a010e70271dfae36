// The case's clocks (P-1.4–P-1.6, P-2.11, regulatory packs): red when
// breached, amber from the warning on, green otherwise (the queue's "next
// deadline" badge, in the same colours, is DeadlineBadge in badges.tsx).
import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../api.ts';
import { formatAge, formatDateTime } from '../format.ts';

const KNOWN = ['acknowledgement', 'first_response', 'resolution'];

type Clock = CaseDetail['clocks'][number];

/** Every clock of the case with its state and due time. */
export function ClocksCard({ clocks }: { clocks: CaseDetail['clocks'] }) {
  const { t, i18n } = useTranslation();
  if (clocks.length === 0) return null;
  const order = { breached: 0, running: 1, paused: 2, met: 3 } as Record<string, number>;
  // A clock without a due time sorts after those with one.
  const due = (k: Clock) => (k.dueAt ? Date.parse(k.dueAt) : Number.MAX_SAFE_INTEGER);
  const sorted = [...clocks].sort((a, b) => (order[a.status] ?? 9) - (order[b.status] ?? 9) || due(a) - due(b));
  return (
    <Card withBorder data-testid="clocks">
      <Title order={4} mb="xs">{t('clocks.title')}</Title>
      <Stack gap={6}>
        {sorted.map((k) => (
          <Group key={k.id} justify="space-between" wrap="nowrap" data-testid="clock" data-color={k.color}>
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Text size="sm" fw={500} truncate>{KNOWN.includes(k.kind) ? t(`clocks.kind.${k.kind}`) : t(`desk.clock.${k.kind.split('/').pop()}`, { defaultValue: k.label ?? k.kind })}</Text>
              {k.dueAt && (
                <Text size="xs" c="dimmed">
                  {t('clocks.due', { when: formatDateTime(k.dueAt, i18n.language) })}
                  {k.status === 'running' || k.status === 'breached' ? ` · ${formatAge(k.dueAt, i18n.language)}` : ''}
                </Text>
              )}
            </Stack>
            <Badge color={k.color === 'red' ? 'red' : k.color === 'amber' ? 'orange' : k.status === 'met' ? 'teal' : 'green'} variant={k.status === 'met' ? 'light' : 'filled'}>
              {t(`clocks.status.${k.status}`)}
            </Badge>
          </Group>
        ))}
      </Stack>
    </Card>
  );
}
