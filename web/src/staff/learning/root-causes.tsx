// Root causes and their corrective action (P-4.3, P-4.4): the list with a form to record one,
// and one record with its linked cases (link more by case number), its status moves and the
// effectiveness check computed by the server.
import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Card, Group, Loader, Select, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, everyValue, qs, type ApiBody, type ApiResponse, type Item, type Page } from '../../api.ts';
import { formatDateTime } from '../../format.ts';
import { Link, navigate } from '../../router.tsx';
import { useStaff } from '../ownership.tsx';
import { categoryLabel, useCategories } from './case-learning.tsx';

type RootCause = Item<ApiResponse<'/api/v1/root-causes', 'get'>['items']>;
type Detail = ApiResponse<'/api/v1/root-causes/{id}', 'get'>;
const KINDS = everyValue<ApiBody<'/api/v1/root-causes', 'post'>['kind']>()(['accidental', 'systemic']);
const NEXT: Record<Detail['status'], Detail['status'][]> = { open: ['in_progress', 'done'], in_progress: ['done'], done: ['verified', 'in_progress'], verified: ['in_progress'] };

function KindBadge({ r }: { r: Pick<RootCause, 'kind' | 'kindSource'> }) {
  const { t } = useTranslation();
  return <Badge color={r.kind === 'systemic' ? 'red' : 'gray'} variant="light" data-testid="root-cause-kind">{t(`learning.kind.${r.kind}`)}{r.kindSource === 'auto' ? ` · ${t('learning.kind.auto')}` : ''}</Badge>;
}

/** The list of root causes, newest first, and recording a new one. */
export function RootCauses() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const staff = useStaff();
  const categories = useCategories();
  const list = useInfiniteQuery({
    queryKey: ['root-causes'],
    queryFn: ({ pageParam }) => api<Page<RootCause>>('GET', `/api/v1/root-causes${qs({ cursor: pageParam, limit: '50' })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const [form, setForm] = useState({ title: '', kind: 'accidental' as (typeof KINDS)[number], action: '', ruleAdded: '', dueAt: '', ownerId: null as string | null, categoryId: null as string | null, cases: '' });
  const create = useMutation({
    mutationFn: async () => {
      const made = await api<Detail>('POST', '/api/v1/root-causes', {
        title: form.title,
        kind: form.kind,
        action: form.action || null,
        ruleAdded: form.ruleAdded || null,
        dueAt: form.dueAt ? new Date(`${form.dueAt}T12:00:00Z`).toISOString() : null,
        ownerId: form.ownerId,
        categoryId: form.categoryId,
      });
      const caseNumbers = form.cases.split(/[\s,;]+/).filter(Boolean);
      if (caseNumbers.length) await api('POST', `/api/v1/root-causes/${made.id}/cases`, { caseNumbers });
      return made;
    },
    onSuccess: (made) => { void qc.invalidateQueries({ queryKey: ['root-causes'] }); navigate(`/root-causes/${made.id}`); },
  });
  const set = (k: keyof typeof form) => (v: string | null) => setForm((f) => ({ ...f, [k]: v ?? '' }));
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack>
      <Title order={2}>{t('learning.rootCauses.title')}</Title>
      <Card withBorder component="form" onSubmit={(e) => { e.preventDefault(); create.mutate(); }} data-testid="root-cause-form">
        <Stack gap="xs">
          <Title order={4}>{t('learning.rootCauses.new')}</Title>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <TextInput required label={t('learning.rootCauses.fieldTitle')} value={form.title} onChange={(e) => set('title')(e.currentTarget.value)} />
            <Select label={t('learning.rootCauses.kind')} value={form.kind} allowDeselect={false} onChange={set('kind')} data={KINDS.map((k) => ({ value: k, label: t(`learning.kind.${k}`) }))} />
            <Textarea label={t('learning.rootCauses.action')} value={form.action} onChange={(e) => set('action')(e.currentTarget.value)} autosize />
            <Textarea label={t('learning.rootCauses.rule')} description={t('learning.rootCauses.ruleHint')} value={form.ruleAdded} onChange={(e) => set('ruleAdded')(e.currentTarget.value)} autosize />
            <Select label={t('learning.rootCauses.owner')} value={form.ownerId} onChange={(v) => setForm((f) => ({ ...f, ownerId: v }))} clearable data={(staff.data?.items ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))} />
            <TextInput type="date" label={t('learning.rootCauses.due')} value={form.dueAt} onChange={(e) => set('dueAt')(e.currentTarget.value)} />
            <Select label={t('learning.case.category')} value={form.categoryId} onChange={(v) => setForm((f) => ({ ...f, categoryId: v }))} clearable data={(categories.data?.items ?? []).map((c) => ({ value: c.id, label: categoryLabel(c, i18n.language) }))} />
            <TextInput label={t('learning.rootCauses.caseNumbers')} placeholder="C-000123, C-000124" value={form.cases} onChange={(e) => set('cases')(e.currentTarget.value)} data-testid="root-cause-cases" />
          </SimpleGrid>
          <Group><Button type="submit" disabled={!form.title.trim()} loading={create.isPending}>{t('learning.rootCauses.save')}</Button></Group>
          {create.error && <Alert color="red" role="alert">{create.error.message}</Alert>}
        </Stack>
      </Card>
      <Table striped>
        <Table.Thead><Table.Tr><Table.Th>{t('learning.rootCauses.fieldTitle')}</Table.Th><Table.Th>{t('learning.rootCauses.kind')}</Table.Th><Table.Th>{t('learning.rootCauses.status')}</Table.Th><Table.Th>{t('learning.rootCauses.owner')}</Table.Th><Table.Th>{t('learning.rootCauses.due')}</Table.Th><Table.Th>{t('learning.rootCauses.cases')}</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td><Anchor component={Link} href={`/root-causes/${r.id}`}>{r.title}</Anchor></Table.Td>
              <Table.Td><KindBadge r={r} /></Table.Td>
              <Table.Td>{t(`learning.status.${r.status}`)}</Table.Td>
              <Table.Td>{r.ownerName ?? '—'}</Table.Td>
              <Table.Td c={r.overdue ? 'red.9' : undefined}>{r.dueAt ? formatDateTime(r.dueAt, i18n.language) : '—'}</Table.Td>
              <Table.Td>{t('learning.rootCauses.spread', { cases: r.caseCount, customers: r.customerCount })}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {list.hasNextPage && <Button variant="default" onClick={() => void list.fetchNextPage()}>{t('queue.more')}</Button>}
    </Stack>
  );
}

/** One root cause: the action, its status, linked cases and whether it worked. */
export function RootCausePage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['root-cause', id], queryFn: () => api<Detail>('GET', `/api/v1/root-causes/${id}`) });
  const [numbers, setNumbers] = useState('');
  const refresh = (d: Detail) => { qc.setQueryData(['root-cause', id], d); void qc.invalidateQueries({ queryKey: ['root-causes'] }); };
  const move = useMutation({ mutationFn: (status: Detail['status']) => api<Detail>('PATCH', `/api/v1/root-causes/${id}`, { status }), onSuccess: refresh });
  const link = useMutation({ mutationFn: () => api<Detail>('POST', `/api/v1/root-causes/${id}/cases`, { caseNumbers: numbers.split(/[\s,;]+/).filter(Boolean) }), onSuccess: (d) => { setNumbers(''); refresh(d); } });
  if (!q.data) return q.error ? <Alert color="red">{q.error.message}</Alert> : <Loader aria-label={t('common.loading')} />;
  const r = q.data;
  const e = r.effectiveness;
  return (
    <Stack data-testid="root-cause-page">
      <Anchor component={Link} href="/root-causes" size="sm">← {t('learning.rootCauses.title')}</Anchor>
      <Group justify="space-between">
        <Title order={2}>{r.title}</Title>
        <Group gap="xs"><KindBadge r={r} /><Badge variant="outline" data-testid="root-cause-status">{t(`learning.status.${r.status}`)}</Badge></Group>
      </Group>
      {r.kindSource === 'auto' && <Alert color="red" variant="light">{t('learning.rootCauses.autoSystemic', { customers: r.customerCount, threshold: r.systemicThreshold })}</Alert>}
      <Card withBorder>
        <Stack gap={4}>
          <Text size="sm"><b>{t('learning.rootCauses.action')}:</b> {r.action ?? '—'}</Text>
          <Text size="sm"><b>{t('learning.rootCauses.rule')}:</b> {r.ruleAdded ?? '—'}</Text>
          <Text size="sm"><b>{t('learning.rootCauses.owner')}:</b> {r.ownerName ?? '—'} · <b>{t('learning.rootCauses.due')}:</b> {r.dueAt ? formatDateTime(r.dueAt, i18n.language) : '—'}{r.overdue ? ` (${t('learning.rootCauses.overdue')})` : ''}</Text>
          <Text size="sm"><b>{t('learning.case.category')}:</b> {r.category ? (r.category.labels[i18n.language] ?? r.category.key) : '—'}</Text>
          {r.doneAt && <Text size="sm">{t('learning.rootCauses.thanked', { count: r.thankedCustomers })}</Text>}
          <Group gap="xs" mt="xs">
            {NEXT[r.status].map((s) => <Button key={s} size="xs" variant={s === 'done' ? 'filled' : 'light'} loading={move.isPending} onClick={() => move.mutate(s)}>{t(`learning.move.${s}`)}</Button>)}
          </Group>
          {move.error && <Alert color="red" role="alert">{move.error.message}</Alert>}
        </Stack>
      </Card>
      <Card withBorder data-testid="effectiveness">
        <Title order={4}>{t('learning.rootCauses.effectiveness')}</Title>
        {e ? (
          <Stack gap={4}>
            <Text size="sm">{t('learning.rootCauses.window', { weeks: e.weeks })}</Text>
            <Text size="sm">{t('learning.rootCauses.before', { cases: e.before.cases, perWeek: e.before.perWeek, per100: e.before.per100Customers ?? '—' })}</Text>
            <Text size="sm">{t('learning.rootCauses.after', { cases: e.after.cases, weeks: e.after.weeks, perWeek: e.after.perWeek, per100: e.after.per100Customers ?? '—' })}</Text>
            {e.changePercent !== null && <Text fw={600} c={e.changePercent <= 0 ? 'teal.9' : 'red.9'}>{t('learning.rootCauses.change', { percent: e.changePercent })}</Text>}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">{t('learning.rootCauses.noEffectiveness')}</Text>
        )}
      </Card>
      <Card withBorder>
        <Title order={4}>{t('learning.rootCauses.linkedCases', { count: r.caseCount, customers: r.customerCount })}</Title>
        <Table>
          <Table.Tbody>
            {r.cases.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td><Anchor component={Link} href={`/cases/${c.id}`}>{c.number}</Anchor></Table.Td>
                <Table.Td dir="auto">{c.subject ?? ''}</Table.Td>
                <Table.Td>{c.customerName ?? ''}</Table.Td>
                <Table.Td>{t(`status.${c.status}`, { defaultValue: c.status })}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group align="end" mt="xs">
          <TextInput label={t('learning.rootCauses.caseNumbers')} placeholder="C-000123" value={numbers} onChange={(ev) => setNumbers(ev.currentTarget.value)} style={{ flex: 1 }} data-testid="link-case-numbers" />
          <Button variant="light" disabled={!numbers.trim()} loading={link.isPending} onClick={() => link.mutate()}>{t('learning.case.link')}</Button>
        </Group>
        {link.error && <Alert color="red" role="alert">{link.error.message}</Alert>}
      </Card>
    </Stack>
  );
}
