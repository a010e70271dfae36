// Survey answers (P-1.1): detractors first — each one is a dissatisfied
// customer speaking up, and has a case — then the others, newest first.
import { Alert, Anchor, Badge, Button, Card, Group, Loader, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type ApiResponse } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { Link } from '../router.tsx';
import { CaseNumber } from './badges.tsx';

type Page = ApiResponse<'/api/v1/channels/surveys', 'get'>;

/** The survey answers, detractors first. */
export function Surveys() {
  const { t, i18n } = useTranslation();
  const [show, setShow] = useState<'all' | 'true' | 'false'>('all');
  const list = useInfiniteQuery({
    queryKey: ['surveys', show],
    initialPageParam: '',
    queryFn: ({ pageParam }) => api<Page>('GET', `/api/v1/channels/surveys?limit=50${show === 'all' ? '' : `&detractor=${show}`}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`),
    getNextPageParam: (p) => p.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack>
      <Title order={2}>{t('desk.surveys.title')}</Title>
      <Text c="dimmed" size="sm">{t('desk.surveys.intro')}</Text>
      <SegmentedControl value={show} onChange={(v) => setShow(v as typeof show)} data={[{ value: 'all', label: t('desk.surveys.all') }, { value: 'true', label: t('desk.surveys.detractors') }, { value: 'false', label: t('desk.surveys.others') }]} style={{ alignSelf: 'start' }} />
      {list.isPending && <Loader aria-label={t('common.loading')} />}
      {list.isError && <Alert color="red">{list.error.message}</Alert>}
      {!list.isPending && rows.length === 0 && <Text c="dimmed">{t('desk.surveys.empty')}</Text>}
      {rows.map((s) => (
        <Card key={s.id} withBorder data-testid="survey-card" data-detractor={s.detractor} style={s.detractor ? { borderLeft: '4px solid var(--mantine-color-red-9)' } : undefined}>
          <Stack gap={6}>
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Group gap="xs" wrap="wrap">
                <Badge color={s.detractor ? 'red' : 'teal'} variant={s.detractor ? 'filled' : 'light'} data-testid="survey-score">{s.kind === 'nps' ? `NPS ${s.score}/10` : `CSAT ${s.score}/5`}</Badge>
                {s.detractor && <Badge color="red" variant="light">{t('desk.surveys.detractor')}</Badge>}
                <Badge color="gray" variant="outline">{s.source}</Badge>
              </Group>
              <Text size="xs" c="dimmed">{formatDateTime(s.respondedAt, i18n.language)}</Text>
            </Group>
            {s.customer && <Anchor component={Link} href={`/customers/${s.customer.id}`} fw={600} dir="auto">{s.customer.name ?? '—'}</Anchor>}
            {s.comment ? <Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} lineClamp={6} data-testid="survey-comment">{s.comment}</Text> : <Text size="sm" c="dimmed">{t('desk.surveys.noComment')}</Text>}
            {s.caseId && s.caseNumber && (
              <Group gap={6}>
                <Anchor component={Link} href={`/cases/${s.caseId}`} size="sm"><CaseNumber number={s.caseNumber} /></Anchor>
                {s.caseStatus && <Text size="xs" c="dimmed">{t(`status.${s.caseStatus}`)}</Text>}
              </Group>
            )}
          </Stack>
        </Card>
      ))}
      {list.hasNextPage && <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>{t('queue.more')}</Button>}
    </Stack>
  );
}
