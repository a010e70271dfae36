// The SLA view: every clock that breaches in the next 1, 4, 8 or 24 hours,
// nearest first, for the whole desk, my cases, unowned ones or one colleague.
import { useState } from 'react';
import { Anchor, Badge, Button, Group, SegmentedControl, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, qs, type ApiResponse } from '../api.ts';
import { formatAge, formatDateTime } from '../format.ts';
import { Link } from '../router.tsx';
import { PriorityBadge, StatusBadge } from './badges.tsx';
import { useStaff } from './ownership.tsx';

type DuePage = ApiResponse<'/api/v1/sla/due', 'get'>;
const WINDOWS = ['1', '4', '8', '24'] as const;
const KNOWN = ['acknowledgement', 'first_response', 'resolution'];

/** What breaches soon, by time to breach. */
export function SlaView() {
  const { t, i18n } = useTranslation();
  const [hours, setHours] = useState<string>('4');
  const [owner, setOwner] = useState<string>('all');
  const staff = useStaff();
  const params = { hours, ownerId: owner === 'all' ? undefined : owner, limit: '100' };
  const list = useInfiniteQuery({
    queryKey: ['sla-due', params],
    queryFn: ({ pageParam }: { pageParam: string | undefined }) => api<DuePage>('GET', `/api/v1/sla/due${qs({ ...params, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: DuePage) => last.nextCursor ?? undefined,
    refetchInterval: 60_000,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack>
      <Title order={2}>{t('queuePower.sla.title')}</Title>
      <Group align="end">
        <Stack gap={4}>
          <Text size="sm" fw={500}>{t('queuePower.sla.window')}</Text>
          <SegmentedControl value={hours} onChange={setHours} data-testid="sla-window" data={WINDOWS.map((h) => ({ value: h, label: t('queuePower.sla.hours', { count: Number(h) }) }))} />
        </Stack>
        <Select label={t('queue.owner')} value={owner} onChange={(v) => setOwner(v ?? 'all')} allowDeselect={false} searchable data-testid="sla-owner"
          data={[
            { value: 'all', label: t('queue.ownerAll') },
            { value: 'me', label: t('queue.ownerMine') },
            { value: 'none', label: t('case.noOwner') },
            ...(staff.data?.items ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name })),
          ]} />
      </Group>
      {list.isError && <Text c="red.9">{String(list.error)}</Text>}
      <Table striped data-testid="sla-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('queuePower.sla.breaches')}</Table.Th>
            <Table.Th>{t('queuePower.sla.clock')}</Table.Th>
            <Table.Th>{t('queue.number')}</Table.Th>
            <Table.Th>{t('queue.priority')}</Table.Th>
            <Table.Th>{t('queue.customer')}</Table.Th>
            <Table.Th>{t('queue.subject')}</Table.Th>
            <Table.Th>{t('queue.status')}</Table.Th>
            <Table.Th>{t('case.owner')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => {
            const overdue = Date.parse(r.dueAt) <= Date.now();
            return (
              <Table.Tr key={r.clockId} data-testid="sla-row">
                <Table.Td>
                  <Badge color={overdue ? 'red' : Date.parse(r.dueAt) - Date.now() < 3_600_000 ? 'orange' : 'yellow'} variant="light" title={formatDateTime(r.dueAt, i18n.language)}>
                    {formatAge(r.dueAt, i18n.language)}
                  </Badge>
                </Table.Td>
                <Table.Td>{KNOWN.includes(r.kind) ? t(`clocks.kind.${r.kind}`) : r.label ?? r.kind}</Table.Td>
                <Table.Td><Anchor component={Link} href={`/cases/${r.case.id}`}>{r.case.number}</Anchor></Table.Td>
                <Table.Td><PriorityBadge priority={r.case.priority} /></Table.Td>
                <Table.Td dir="auto">{r.case.customerName ?? '—'}</Table.Td>
                <Table.Td maw={300}><Text size="sm" truncate dir="auto">{r.case.subject ?? ''}</Text></Table.Td>
                <Table.Td><StatusBadge status={r.case.status} /></Table.Td>
                <Table.Td>{r.case.owner?.name ?? t('case.noOwner')}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {!list.isPending && rows.length === 0 && <Text c="dimmed" data-testid="sla-empty">{t('queuePower.sla.empty', { count: Number(hours) })}</Text>}
      {list.hasNextPage && <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>{t('queue.more')}</Button>}
    </Stack>
  );
}
