// Reviews (P-1.6): every review from every source with its rating, its case
// and the three-business-day reply clock — replied, waiting (how long is left)
// or late.
import { Alert, Anchor, Badge, Button, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type ApiResponse, type Item } from '../api.ts';
import { formatAge, formatDateTime } from '../format.ts';
import { Link } from '../router.tsx';
import { CaseNumber } from './badges.tsx';

type Page = ApiResponse<'/api/v1/channels/reviews', 'get'>;
type Review = Item<Page['items']>;

/** The reviews, newest first. */
export function Reviews() {
  const { t } = useTranslation();
  const list = useInfiniteQuery({
    queryKey: ['reviews'],
    initialPageParam: '',
    queryFn: ({ pageParam }) => api<Page>('GET', `/api/v1/channels/reviews?limit=30${pageParam ? `&cursor=${pageParam}` : ''}`),
    getNextPageParam: (p) => p.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack>
      <Title order={2}>{t('desk.reviews.title')}</Title>
      <Text c="dimmed" size="sm">{t('desk.reviews.intro')}</Text>
      {list.isPending && <Loader aria-label={t('common.loading')} />}
      {list.isError && <Alert color="red">{list.error.message}</Alert>}
      {!list.isPending && rows.length === 0 && <Text c="dimmed">{t('desk.reviews.empty')}</Text>}
      {rows.map((r) => <ReviewCard key={r.id} r={r} />)}
      {list.hasNextPage && <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>{t('queue.more')}</Button>}
    </Stack>
  );
}

/** Replied, waiting with the time left, or late. */
function ReplyBadge({ reply }: { reply: Review['reply'] }) {
  const { t, i18n } = useTranslation();
  if (!reply) return <Badge color="gray" variant="light">{t('desk.reviews.noClock')}</Badge>;
  if (reply.status === 'met') return <Badge color="teal" variant="light" data-testid="review-reply" data-state="replied">{t('desk.reviews.replied')}</Badge>;
  const late = reply.status === 'breached' || Date.parse(reply.dueAt) < Date.now();
  const soon = !late && Date.parse(reply.dueAt) - Date.now() < 24 * 3_600_000;
  return (
    <Badge color={late ? 'red' : soon ? 'orange' : 'blue'} variant={late ? 'filled' : 'light'} data-testid="review-reply" data-state={late ? 'late' : 'waiting'} title={formatDateTime(reply.dueAt, i18n.language)}>
      {late ? t('desk.reviews.late', { age: formatAge(reply.dueAt, i18n.language) }) : t('desk.reviews.replyDue', { age: formatAge(reply.dueAt, i18n.language) })}
    </Badge>
  );
}

function ReviewCard({ r }: { r: Review }) {
  const { t, i18n } = useTranslation();
  const low = r.rating !== null && r.rating / r.ratingScale <= 0.4;
  return (
    <Card withBorder data-testid="review-card">
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs" wrap="wrap">
            <Badge color="gray" variant="outline">{r.source}</Badge>
            {r.rating !== null && <Badge color={low ? 'red' : 'teal'} variant={low ? 'filled' : 'light'} data-testid="review-rating">{`${r.rating} / ${r.ratingScale}`}</Badge>}
            {r.dissatisfied && <Badge color="orange" variant="light">{t('desk.reviews.dissatisfied')}</Badge>}
          </Group>
          <ReplyBadge reply={r.reply} />
        </Group>
        <Text fw={600} dir="auto">{r.author ?? t('desk.reviews.anonymous')}</Text>
        <Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} lineClamp={6} data-testid="review-text">{r.text}</Text>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text size="xs" c="dimmed">
            {formatDateTime(r.postedAt ?? r.createdAt, i18n.language)}
            {r.reply ? ` · ${t('desk.reviews.dueBy', { when: formatDateTime(r.reply.dueAt, i18n.language) })}` : ''}
          </Text>
          <Group gap="sm" wrap="wrap">
            {r.link && <Anchor href={r.link} target="_blank" rel="noreferrer" size="sm">{t('desk.reviews.open')}</Anchor>}
            {r.caseId && r.caseNumber && <Anchor component={Link} href={`/cases/${r.caseId}`} size="sm"><CaseNumber number={r.caseNumber} /></Anchor>}
          </Group>
        </Group>
      </Stack>
    </Card>
  );
}
