// The queue (P-1.1: one queue for every channel): every open case of the desk by
// default, most urgent first, with "mine" and "involving me" as filters, search,
// keyset paging from the server, and a take-over control on each row (P-2.4).
// What the first rows do not need (the filter menus, saved views, the bulk bar, dialogs) is in
// chunks of its own, loaded beside or after the rows (see deferred in lazy.ts).
import { useEffect, useState } from 'react';
import { Button, Collapse, Group, Stack, Table, Text, TextInput, Title, Progress, Anchor } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { formatAge } from '../format.ts';
import { Link } from '../router.tsx';
import { deferred, firstScreenShown } from '../lazy.ts';
import { FIRST_QUEUE, queueQuery, type QueueParams } from './queue-query.ts';
import { OPEN_STATUSES } from '../../../src/domain/case-lifecycle.ts';
import { CaseNumber, DeadlineBadge, PriorityBadge, StatusBadge } from './badges.tsx';
import { TakeOverButton, useMe, useStaff } from './take-over.tsx';
import type { ViewFilters } from './saved-views.tsx';
import type { Sort } from './queue-filters.tsx';
import { RowCheckbox, SelectAllCheckbox, useQueueSelection } from './queue-selection.tsx';
import { ShortcutsHelp } from './shortcuts.tsx';
import { subjectText } from './subject.ts';

/** As tall as a labelled input, so the rows below do not move when the menus arrive. */
const INPUT_ROW = <div style={{ height: 'calc(var(--input-height-sm) + var(--mantine-font-size-sm) * var(--mantine-line-height))' }} />;
const QueueFilters = deferred(() => import('./queue-filters.tsx').then((m) => m.QueueFilters), INPUT_ROW);
/** As tall as the saved views' tabs. */
const SavedViews = deferred(() => import('./saved-views.tsx').then((m) => m.SavedViews), <div style={{ height: 'calc(var(--mantine-font-size-sm) * var(--mantine-line-height) + 1.25rem)' }} />);
/** The rows as cards on a narrow screen (its own chunk: a wide screen never needs it). */
const QueueCards = deferred(() => import('./queue-cards.tsx').then((m) => m.QueueCards));
const BulkBar = deferred(() => import('./bulk-bar.tsx').then((m) => m.BulkBar));

/** The agent's work list. */
export function Queue() {
  const { t, i18n } = useTranslation();
  // Starts from FIRST_QUEUE, the page boot.ts asks for before this chunk has loaded.
  const [status, setStatus] = useState<string[]>(FIRST_QUEUE.status!.split(','));
  // A shared desk sees all open cases: a complaint just filed is on screen whoever it was routed to.
  const [owner, setOwner] = useState<string>(FIRST_QUEUE.ownerId === 'me' ? 'mine' : FIRST_QUEUE.involving === 'me' ? 'involving' : 'all');
  const me = useMe();
  const staff = useStaff();
  const nameOf = (id: string | null) => (id ? staff.data?.items.find((u) => u.id === id)?.name ?? '' : '');
  const [channel, setChannel] = useState<string[]>([]);
  const [language, setLanguage] = useState<string[]>([]);
  const [sort, setSort] = useState<Sort>(FIRST_QUEUE.sort as Sort);
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const params: QueueParams = {
    status: status.join(','),
    ownerId: owner === 'mine' ? 'me' : undefined,
    involving: owner === 'involving' ? 'me' : undefined,
    channel: channel.join(','),
    language: language.join(','),
    q: q.trim(),
    sort,
    limit: '50',
  };
  const list = useInfiniteQuery(queueQuery(params));
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const sel = useQueueSelection(rows);
  // The rows (or the word that there are none) are on the page: the menus and dialogs may load now.
  useEffect(() => void (list.isPending || firstScreenShown()), [list.isPending]);
  // The bulk bar's chunk loads with the first selection, and the bar stays (it shows the last result).
  const [bulk, setBulk] = useState(false);
  if (!bulk && sel.selected.size > 0) setBulk(true);
  // A saved view is the queue's query without paging (see saved-views.tsx).
  const { limit: _limit, ...query } = params;
  const current = Object.fromEntries(Object.entries(query).filter(([, v]) => v)) as ViewFilters;
  const apply = (f: ViewFilters) => {
    setStatus(f.status ? f.status.split(',') : []);
    setOwner(f.ownerId === 'me' ? 'mine' : f.involving === 'me' ? 'involving' : 'all');
    setChannel(f.channel ? f.channel.split(',') : []);
    setLanguage(f.language ? f.language.split(',') : []);
    setSort(f.sort ?? 'priority');
    setSearch(f.q ?? '');
    setQ(f.q ?? '');
  };
  // Below 64em (a phone, or a tablet beside the navigation) the rows are cards.
  const narrow = useMediaQuery('(max-width: 64em)', false, { getInitialValueInEffect: false });
  // On a phone the filters fold behind one button that says how many are set, so the first card shows at once.
  const phone = useMediaQuery('(max-width: 36em)', false, { getInitialValueInEffect: false });
  const [filtersOpen, filters] = useDisclosure(false);
  const changed = [status.join(',') !== OPEN_STATUSES.join(','), owner !== 'all', channel.length > 0, language.length > 0, sort !== 'priority'].filter(Boolean).length;

  return (
    <Stack>
      <Title order={2}>{t('queue.title')}</Title>
      <SavedViews current={current} onApply={apply} />
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQ(search);
        }}
      >
        <Group align="end" wrap="nowrap" gap="xs">
          <TextInput label={t('queue.search')} placeholder={t('queue.searchHint')} value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={{ base: '100%', xs: 320 }} maw="100%" data-testid="queue-search" />
          <Button type="submit" variant="light">{t('queue.searchButton')}</Button>
        </Group>
      </form>
      {phone && (
        <Button variant="default" onClick={filters.toggle} aria-expanded={filtersOpen} aria-controls="queue-filters" data-testid="queue-filters-toggle">
          {changed ? t('queue.filtersSet', { count: changed }) : t('queue.filters')}
        </Button>
      )}
      <Collapse expanded={!phone || filtersOpen} id="queue-filters">
        <Group align="end" wrap="wrap" data-testid="queue-filters">
          <QueueFilters f={{ owner, setOwner, status, setStatus, channel, setChannel, language, setLanguage, sort, setSort }} />
        </Group>
      </Collapse>
      {list.isError && <Text c="red.9">{String(list.error)}</Text>}
      {bulk && <BulkBar s={sel} />}
      <ShortcutsHelp />
      {sel.dialog}
      {narrow ? <QueueCards rows={rows} nameOf={nameOf} meId={me?.id} /> : (
      <Table.ScrollContainer minWidth={900} type="native">
      <Table striped highlightOnHover data-testid="queue-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={36}><SelectAllCheckbox s={sel} /></Table.Th>
            <Table.Th>{t('queue.number')}</Table.Th>
            <Table.Th>{t('queue.priority')}</Table.Th>
            <Table.Th>{t('queue.customer')}<Text size="xs" c="dimmed" fw={400}>{t('queue.channel')}</Text></Table.Th>
            <Table.Th>{t('queue.subject')}</Table.Th>
            <Table.Th>{t('queue.status')}</Table.Th>
            <Table.Th>{t('case.owner')}</Table.Th>
            <Table.Th>{t('queue.dissatisfaction')}</Table.Th>
            <Table.Th>{t('queue.deadline')}<Text size="xs" c="dimmed" fw={400}>{t('queue.age')}</Text></Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((c, i) => (
            <Table.Tr key={c.id} data-testid="queue-row" data-active={i === sel.active || undefined} aria-selected={sel.selected.has(c.id)} bg={i === sel.active ? 'var(--mantine-color-blue-light)' : undefined}>
              <Table.Td><RowCheckbox s={sel} index={i} row={c} /></Table.Td>
              <Table.Td><Anchor component={Link} href={`/cases/${c.id}`}><CaseNumber number={c.number} /></Anchor></Table.Td>
              <Table.Td><PriorityBadge priority={c.priority} /></Table.Td>
              <Table.Td>
                <Text size="sm" dir="auto">{c.customer.name ?? '—'}</Text>
                <Text size="xs" c="dimmed">{t(`channel.${c.channel}`)}</Text>
              </Table.Td>
              <Table.Td maw={220}><Text size="sm" truncate dir="auto">{subjectText(t, c.subject)}</Text></Table.Td>
              <Table.Td><StatusBadge status={c.status} /></Table.Td>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <Text size="sm" data-testid="queue-owner-name">{nameOf(c.ownerId) || t('case.noOwner')}</Text>
                  {c.status !== 'closed' && c.ownerId !== me?.id && <TakeOverButton caseId={c.id} />}
                </Group>
              </Table.Td>
              <Table.Td w={80}>
                {c.dissatisfaction ? (
                  <Progress value={c.dissatisfaction.score * 100} color={c.dissatisfaction.score > 0.6 ? 'red' : c.dissatisfaction.score > 0.3 ? 'orange' : 'teal'} aria-label={`${Math.round(c.dissatisfaction.score * 100)}%`} />
                ) : '—'}
              </Table.Td>
              <Table.Td>
                <DeadlineBadge dueAt={c.nextDueAt} />
                <Text size="xs" c="dimmed" mt={2}>{formatAge(c.createdAt, i18n.language)}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      </Table.ScrollContainer>
      )}
      {!list.isPending && rows.length === 0 && <Text c="dimmed">{t('queue.empty')}</Text>}
      {list.hasNextPage && <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>{t('queue.more')}</Button>}
    </Stack>
  );
}
