// Customers: search by name or reference, and one customer's record.
import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, Loader, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { DECIDER_ROLES } from '../../../src/domain/policy.ts';
import { api, everyValue, qs, type ApiBody, type Customer, type CustomerRow as Row, type Page } from '../api.ts';
import { formatDateTime, formatMoney } from '../format.ts';
import { Link } from '../router.tsx';
import { CustomerEconomics } from './economics-panels.tsx';
import { useUser } from './staff-app.tsx';
import { StatusBadge } from './badges.tsx';
import { DataRightsCard } from './data-rights-card.tsx';

/** How a departure is classed (P-4.x: accidental or systemic), as the server accepts it. */
const DEPARTURE_KINDS = everyValue<ApiBody<'/api/v1/customers/{id}/departure', 'post'>['kind']>()(['accidental', 'systemic', 'unknown']);

/** The customer list. */
export function Customers() {
  const { t, i18n } = useTranslation();
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const list = useInfiniteQuery({
    queryKey: ['customers', q],
    queryFn: ({ pageParam }) => api<Page<Row>>('GET', `/api/v1/customers${qs({ q, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack>
      <Title order={2}>{t('nav.customers')}</Title>
      <form role="search" onSubmit={(e) => { e.preventDefault(); setQ(search); }}>
        <Group align="end">
          <TextInput label={t('queue.search')} value={search} onChange={(e) => setSearch(e.currentTarget.value)} />
          <Button type="submit" variant="light">{t('queue.searchButton')}</Button>
        </Group>
      </form>
      <Table striped>
        <Table.Thead><Table.Tr><Table.Th>{t('queue.customer')}</Table.Th><Table.Th>{t('customer.tier')}</Table.Th><Table.Th>{t('customer.lifetimeValue')}</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td><Anchor component={Link} href={`/customers/${r.id}`} dir="auto">{r.name ?? '—'}</Anchor></Table.Td>
              <Table.Td>{r.tier ? t(`desk.tier.${r.tier}`, { defaultValue: r.tier }) : ''}</Table.Td>
              <Table.Td>{formatMoney(r.lifetimeValue, i18n.language)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {list.hasNextPage && <Button variant="default" onClick={() => void list.fetchNextPage()}>{t('queue.more')}</Button>}
    </Stack>
  );
}

/** One customer: contacts, value, orders, cases and compensations. */
export function CustomerPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const q = useQuery({ queryKey: ['customer', id], queryFn: () => api<Customer>('GET', `/api/v1/customers/${id}`) });
  if (!q.data) return <Loader aria-label={t('common.loading')} />;
  const c = q.data;
  const lng = i18n.language;
  return (
    <Stack>
      <Group><Title order={2} dir="auto">{c.name ?? '—'}</Title>{c.status === 'ended' && <Badge color="red" data-testid="relationship-ended">{t('economics.ended')}</Badge>}</Group>
      <Text>{c.contacts.map((k) => k.value).join(' · ')}</Text>
      <Group>
        <Card withBorder><Text size="xs" c="dimmed">{t('customer.lifetimeValue')}</Text><Text fw={700}>{formatMoney(c.value.lifetimeValue, lng)}</Text></Card>
        <Card withBorder><Text size="xs" c="dimmed">{t('customer.averageOrder')}</Text><Text fw={700}>{formatMoney(c.value.averageOrder, lng)}</Text></Card>
        <Card withBorder><Text size="xs" c="dimmed">{t('customer.compensationGranted')}</Text><Text fw={700}>{formatMoney(c.value.compensationGranted, lng)}</Text></Card>
      </Group>
      <Title order={4}>{t('customer.casesTitle')}</Title>
      {c.cases.map((k) => (
        <Group key={k.id}><Anchor component={Link} href={`/cases/${k.id}`}>{k.number}</Anchor><StatusBadge status={k.status} /><Text size="sm">{k.subject ?? ''}</Text><Text size="xs" c="dimmed">{formatDateTime(k.createdAt, lng)}</Text></Group>
      ))}
      <Title order={4}>{t('customer.ordersTitle')}</Title>
      {c.orders.map((o) => <Text key={o.id} size="sm">{o.ref} · {formatMoney(o.total, lng)} · {formatDateTime(o.placedAt, lng)}</Text>)}
      <Title order={4}>{t('compensation.title')}</Title>
      {c.compensations.map((m) => <Text key={m.id} size="sm">{t(`kind.${m.kind}`)} · {formatMoney(m.value, lng)} · {t(`compensationStatus.${m.status}`)} · {m.description}</Text>)}
      <DepartureCard customer={c} />
      {user.role === 'admin' && <DataRightsCard id={c.id} />}
      <CustomerEconomics customerId={c.id} canDecide={DECIDER_ROLES.includes(user.role)} />
    </Stack>
  );
}

/** P-4.4, P-4.5: who left and why, and the keep-in-touch record. */
function DepartureCard({ customer: c }: { customer: Customer }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const [kind, setKind] = useState<string>('unknown');
  const [quiet, setQuiet] = useState(false);
  const done = () => void qc.invalidateQueries({ queryKey: ['customer', c.id] });
  const depart = useMutation({ mutationFn: () => api('POST', `/api/v1/customers/${c.id}/departure`, { reason, kind, doNotContact: quiet }), onSuccess: done });
  const back = useMutation({ mutationFn: () => api('DELETE', `/api/v1/customers/${c.id}/departure`), onSuccess: done });
  const d = c.departure?.current ? c.departure : null;
  return (
    <Card withBorder data-testid="departure">
      <Group justify="space-between" mb="xs">
        <Title order={4}>{t('departure.title')}</Title>
        {d && <Badge color="gray">{t('departure.departedOn', { date: d.at ? formatDateTime(d.at, i18n.language) : '—' })}</Badge>}
      </Group>
      {d ? (
        <Stack gap="xs">
          <Text size="sm">{d.reason} · {t(`departure.${d.kind ?? 'unknown'}`)}{d.doNotContact ? ` · ${t('departure.doNotContact')}` : ''}</Text>
          <Text size="xs" c="dimmed">{t('departure.respect')}</Text>
          <Group><Button variant="light" onClick={() => back.mutate()} loading={back.isPending}>{t('departure.cameBack')}</Button></Group>
        </Stack>
      ) : (
        <form onSubmit={(e) => { e.preventDefault(); depart.mutate(); }}>
          <Text size="sm" c="dimmed" mb="xs">{t('departure.active')}</Text>
          <Group align="end">
            <TextInput label={t('departure.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} required w={280} />
            <Select label={t('departure.kind')} value={kind} onChange={(v) => setKind(v ?? 'unknown')} allowDeselect={false} w={360}
              data={DEPARTURE_KINDS.map((k) => ({ value: k, label: t(`departure.${k}`) }))} />
            <Checkbox label={t('departure.doNotContact')} checked={quiet} onChange={(e) => setQuiet(e.currentTarget.checked)} />
            <Button type="submit" variant="default" disabled={!reason.trim()} loading={depart.isPending}>{t('departure.markDeparted')}</Button>
          </Group>
        </form>
      )}
      {(depart.error ?? back.error) && <Alert color="red" mt="xs">{(depart.error ?? back.error)!.message}</Alert>}
      <Title order={5} mt="md">{t('departure.touches')}</Title>
      {c.touches.length === 0 && <Text size="sm" c="dimmed">{t('departure.noTouches')}</Text>}
      {c.touches.map((x) => (
        <Text key={x.id} size="sm">
          {t(`departure.touchKind.${x.kind}`)} · {x.subject ?? ''} · {t(`departure.delivery.${x.deliveryStatus}`)}{x.deliveryNote ? ` (${x.deliveryNote})` : ''} · {formatDateTime(x.sentAt ?? x.createdAt, i18n.language)}
        </Text>
      ))}
    </Card>
  );
}
