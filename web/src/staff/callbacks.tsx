// Callbacks (P-1.4): every missed, dropped or voicemail call still to ring
// back, as a card with the caller's number, the callback clock, the greeting
// by name and the caller's history (their open cases and recent calls).
import { Alert, Anchor, Badge, Card, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type ApiResponse, type Item } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { Link } from '../router.tsx';
import { PriorityBadge, StatusBadge, CaseNumber, DeadlineBadge } from './badges.tsx';

type Callback = Item<ApiResponse<'/api/v1/channels/phone/callbacks', 'get'>['items']>;
type Caller = ApiResponse<'/api/v1/channels/phone/callers/{number}', 'get'>;

const EVENT_COLOR: Record<Callback['event'], string> = { dropped: 'red', missed: 'orange', voicemail: 'grape' };

/** The callbacks to make, the nearest deadline first. */
export function Callbacks() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['callbacks'], queryFn: () => api<ApiResponse<'/api/v1/channels/phone/callbacks', 'get'>>('GET', '/api/v1/channels/phone/callbacks'), refetchInterval: 15_000 });
  return (
    <Stack>
      <Title order={2}>{t('desk.callbacks.title')}</Title>
      <Text c="dimmed" size="sm">{t('desk.callbacks.intro')}</Text>
      {q.isPending && <Loader aria-label={t('common.loading')} />}
      {q.isError && <Alert color="red">{q.error.message}</Alert>}
      {q.data && q.data.items.length === 0 && <Text c="dimmed">{t('desk.callbacks.empty')}</Text>}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {q.data?.items.map((c) => <CallbackCard key={c.caseId} c={c} />)}
      </SimpleGrid>
    </Stack>
  );
}

function CallbackCard({ c }: { c: Callback }) {
  const { t, i18n } = useTranslation();
  const caller = useQuery({ queryKey: ['caller', c.number], queryFn: () => api<Caller>('GET', `/api/v1/channels/phone/callers/${encodeURIComponent(c.number)}`) });
  const done = c.clock?.status === 'met';
  const name = c.customer?.name ?? caller.data?.customer?.name ?? null;
  const first = name?.trim().split(/\s+/)[0];
  return (
    <Card withBorder data-testid="callback-card" data-event={c.event}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs" wrap="wrap">
            <Badge color={EVENT_COLOR[c.event]} variant="filled">{t(`desk.callbacks.event.${c.event}`)}</Badge>
            <PriorityBadge priority={c.priority} />
            <StatusBadge status={c.status} />
          </Group>
          {done ? <Badge color="teal" variant="light">{t('desk.callbacks.calledBack')}</Badge> : <DeadlineBadge dueAt={c.clock?.dueAt ?? null} />}
        </Group>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text fw={600} dir="auto" data-testid="callback-name">{name ?? t('desk.callbacks.unknownCaller')}</Text>
            <Anchor href={`tel:${c.number}`} size="lg" ff="monospace" data-testid="callback-number" style={{ whiteSpace: 'nowrap' }}>{c.number}</Anchor>
          </Stack>
          <Anchor component={Link} href={`/cases/${c.caseId}`}><CaseNumber number={c.caseNumber} /></Anchor>
        </Group>
        <Text size="sm">
          {formatDateTime(c.at, i18n.language)}
          {c.rings ? ` · ${t('desk.callbacks.rings', { count: c.rings })}` : ''}
          {c.durationSeconds ? ` · ${t('desk.callbacks.after', { seconds: c.durationSeconds })}` : ''}
          {c.calls > 1 ? ` · ${t('desk.callbacks.calls', { count: c.calls })}` : ''}
        </Text>
        {c.clock && <Text size="xs" c="dimmed">{t('desk.callbacks.due', { when: formatDateTime(c.clock.dueAt, i18n.language) })}</Text>}
        {c.recordingUrl && <Anchor href={c.recordingUrl} target="_blank" rel="noreferrer" size="sm">{t('desk.callbacks.recording')}</Anchor>}
        <Alert color="teal" variant="light" p="xs" data-testid="callback-greeting">
          <Text size="sm" fw={500}>{t('desk.callbacks.greetingLabel')}</Text>
          <Text size="sm" dir="auto">{first ? t('desk.callbacks.greeting', { name: first }) : t('desk.callbacks.greetingAnonymous')}</Text>
        </Alert>
        {caller.data && (caller.data.openCases.some((k) => k.id !== c.caseId) || caller.data.recentCalls.length > 0) && (
          <Stack gap={2} data-testid="callback-history">
            <Text size="sm" fw={500}>{t('desk.callbacks.history')}</Text>
            {caller.data.openCases.filter((k) => k.id !== c.caseId).map((k) => (
              <Group key={k.id} gap={6} wrap="nowrap">
                <Anchor component={Link} href={`/cases/${k.id}`} size="xs"><CaseNumber number={k.number} /></Anchor>
                <Text size="xs" truncate dir="auto">{k.subject ?? ''}</Text>
              </Group>
            ))}
            {caller.data.recentCalls.map((r) => (
              <Text key={`${r.callId}-${r.event}`} size="xs" c="dimmed">
                {formatDateTime(r.at, i18n.language)} · {t(`desk.callbacks.event.${r.event}`, { defaultValue: r.event })}
                {r.rings !== null ? ` · ${t('desk.callbacks.rings', { count: r.rings })}` : ''}
              </Text>
            ))}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
