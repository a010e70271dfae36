// The queue on a narrow screen (a phone, a tablet beside the navigation): one
// card per case with the same facts as the table's row, nothing cut or wider
// than the screen.
import { Anchor, Card, Group, Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CaseListItem } from '../api.ts';
import { formatAge } from '../format.ts';
import { Link } from '../router.tsx';
import { CaseNumber, DeadlineBadge, PriorityBadge, StatusBadge } from './badges.tsx';
import { TakeOverButton } from './take-over.tsx';
import { subjectText } from './subject.ts';

/** The queue's rows as cards. */
export function QueueCards({ rows, nameOf, meId }: { rows: CaseListItem[]; nameOf: (id: string | null) => string; meId: string | undefined }) {
  const { t, i18n } = useTranslation();
  return (
    <Stack gap="xs" data-testid="queue-cards">
      {rows.map((c) => (
        <Card key={c.id} withBorder padding="sm" data-testid="queue-row">
          <Stack gap={6}>
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Anchor component={Link} href={`/cases/${c.id}`} fw={600}><CaseNumber number={c.number} /></Anchor>
              <DeadlineBadge dueAt={c.nextDueAt} />
            </Group>
            <Group gap={6} wrap="wrap">
              <PriorityBadge priority={c.priority} />
              <StatusBadge status={c.status} />
              <Text size="xs" c="dimmed">{t(`channel.${c.channel}`)} · {formatAge(c.createdAt, i18n.language)}</Text>
            </Group>
            <Text size="sm" fw={500} dir="auto" truncate>{c.customer.name ?? '—'}</Text>
            {c.subject && <Text size="sm" dir="auto" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>{subjectText(t, c.subject)}</Text>}
            {c.dissatisfaction && (
              <Progress value={c.dissatisfaction.score * 100} size="sm" color={c.dissatisfaction.score > 0.6 ? 'red' : c.dissatisfaction.score > 0.3 ? 'orange' : 'teal'} aria-label={`${t('queue.dissatisfaction')} ${Math.round(c.dissatisfaction.score * 100)}%`} />
            )}
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Text size="sm" data-testid="queue-owner-name">{t('case.owner')}: {nameOf(c.ownerId) || t('case.noOwner')}</Text>
              {c.status !== 'closed' && c.ownerId !== meId && <TakeOverButton caseId={c.id} />}
            </Group>
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}
