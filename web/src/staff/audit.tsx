// The audit log for admins (issue 14): who did what to settings, staff, tokens and
// customers' data, from where — filtered by person, action and dates, paged, and
// exported as CSV with the same filters (the export is itself audited).
import { useState } from 'react';
import { Anchor, Button, Code, Group, Loader, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { AUDIT_ACTIONS } from '../../../src/domain/audit-actions.ts';
import { api, qs, type ApiResponse, type Colleague, type Item, type Page } from '../api.ts';
import { formatDateTime } from '../format.ts';

type Entry = Item<ApiResponse<'/api/v1/audit', 'get'>['items']>;
interface Filters {
  actorId: string | null;
  action: string | null;
  from: string;
  to: string;
}

/** A day (yyyy-mm-dd) as the start of that day in the browser's time zone, for the API. */
const dayStart = (day: string, plus = 0) => {
  if (!day) return undefined;
  const d = new Date(`${day}T00:00:00`);
  d.setDate(d.getDate() + plus);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
};

const params = (f: Filters) => ({ actorId: f.actorId ?? undefined, action: f.action ?? undefined, from: dayStart(f.from), to: dayStart(f.to, 1) });

/** What changed, in one short line, with the whole of it a click away. */
function Change({ e }: { e: Entry }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (e.before == null && e.after == null) return null;
  return open ? (
    <Stack gap={2}>
      {e.before != null && <Code block data-testid="audit-before">{JSON.stringify(e.before, null, 2)}</Code>}
      {e.after != null && <Code block data-testid="audit-after">{JSON.stringify(e.after, null, 2)}</Code>}
      <Anchor component="button" size="xs" onClick={() => setOpen(false)}>{t('audit.hide')}</Anchor>
    </Stack>
  ) : (
    <Anchor component="button" size="xs" onClick={() => setOpen(true)}>{t('audit.show')}</Anchor>
  );
}

/** The audit screen. */
export function AuditLog() {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState<Filters>({ actorId: null, action: null, from: '', to: '' });
  const [filters, setFilters] = useState<Filters>(draft);
  const staff = useQuery({ queryKey: ['colleagues'], queryFn: () => api<Page<Colleague>>('GET', '/api/v1/colleagues') });
  const log = useInfiniteQuery({
    queryKey: ['audit', filters],
    queryFn: ({ pageParam }) => api<Page<Entry>>('GET', `/api/v1/audit${qs({ ...params(filters), cursor: pageParam, limit: '50' })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = log.data?.pages.flatMap((p) => p.items) ?? [];
  const lng = i18n.language;
  return (
    <Stack>
      <Title order={2}>{t('audit.title')}</Title>
      <Text size="sm" c="dimmed">{t('audit.intro')}</Text>
      <form role="search" aria-label={t('audit.filters')} onSubmit={(e) => { e.preventDefault(); setFilters(draft); }}>
        <Group align="end">
          <Select
            label={t('audit.actor')}
            clearable
            searchable
            w={220}
            data={(staff.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
            value={draft.actorId}
            onChange={(v) => setDraft({ ...draft, actorId: v })}
          />
          <Select
            label={t('audit.action')}
            clearable
            searchable
            w={260}
            data={AUDIT_ACTIONS.map((a) => ({ value: a, label: t(`audit.actions.${a}`) }))}
            value={draft.action}
            onChange={(v) => setDraft({ ...draft, action: v })}
            data-testid="audit-action"
          />
          <TextInput type="date" label={t('audit.from')} value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.currentTarget.value })} />
          <TextInput type="date" label={t('audit.to')} value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value })} />
          <Button type="submit" variant="light">{t('audit.apply')}</Button>
          <Button component="a" variant="default" href={`/api/v1/audit/export${qs(params(filters))}`} download="audit.csv" data-testid="audit-export">
            {t('audit.export')}
          </Button>
        </Group>
      </form>
      {log.isPending ? (
        <Loader aria-label={t('common.loading')} />
      ) : rows.length === 0 ? (
        <Text data-testid="audit-empty">{t('audit.empty')}</Text>
      ) : (
        <Table striped data-testid="audit-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('audit.at')}</Table.Th>
              <Table.Th>{t('audit.actor')}</Table.Th>
              <Table.Th>{t('audit.action')}</Table.Th>
              <Table.Th>{t('audit.target')}</Table.Th>
              <Table.Th>{t('audit.address')}</Table.Th>
              <Table.Th>{t('audit.change')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((e) => (
              <Table.Tr key={e.id} data-testid="audit-row" data-action={e.action}>
                <Table.Td><Text size="sm">{formatDateTime(e.at, lng)}</Text></Table.Td>
                <Table.Td><Text size="sm" dir="auto">{e.actor.name ?? t(`audit.actorType.${e.actor.type === 'anonymous' ? 'anonymous' : e.actor.type === 'customer' ? 'customer' : 'system'}`)}</Text></Table.Td>
                <Table.Td><Text size="sm">{t(`audit.actions.${e.action}`, { defaultValue: e.action })}</Text></Table.Td>
                <Table.Td><Text size="xs" ff="monospace">{[e.target.type, e.target.id].filter(Boolean).join(' ')}</Text></Table.Td>
                <Table.Td><Text size="xs" title={e.userAgent ?? ''}>{e.ip ?? ''}</Text></Table.Td>
                <Table.Td><Change e={e} /></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {log.hasNextPage && <Button variant="default" onClick={() => void log.fetchNextPage()}>{t('audit.more')}</Button>}
    </Stack>
  );
}
