// Outgoing webhooks for admins: the subscriptions, adding one (the secret is
// shown only while typing it), pausing and removing, and each one's delivery
// log with a button to send a delivery again.
import { useState } from 'react';
import { Alert, Badge, Button, Card, Code, Group, MultiSelect, PasswordInput, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type ApiResponse, type Item } from '../api.ts';
import { formatDateTime } from '../format.ts';

type Webhook = Item<ApiResponse<'/api/v1/webhooks', 'get'>['items']>;
type Delivery = Item<ApiResponse<'/api/v1/webhooks/{id}/deliveries', 'get'>['items']>;
type EventInfo = Item<ApiResponse<'/api/v1/webhooks/events', 'get'>['items']>;

const STATE_COLOR: Record<Delivery['state'], string> = { pending: 'yellow', delivered: 'teal', failed: 'red' };

export function WebhooksPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const hooks = useQuery({ queryKey: ['webhooks'], queryFn: () => api<{ items: Webhook[] }>('GET', '/api/v1/webhooks') });
  const events = useQuery({ queryKey: ['webhooks', 'events'], queryFn: () => api<{ items: EventInfo[] }>('GET', '/api/v1/webhooks/events') });
  const [open, setOpen] = useState<string | null>(null);
  const [draft, setDraft] = useState({ url: '', events: [] as string[], secret: '', description: '' });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['webhooks'] });
  const add = useMutation({
    mutationFn: () => api('POST', '/api/v1/webhooks', { ...draft, description: draft.description.trim() || null }),
    onSuccess: () => {
      setDraft({ url: '', events: [], secret: '', description: '' });
      refresh();
    },
  });
  const change = useMutation({ mutationFn: ({ id, active }: { id: string; active: boolean }) => api('PATCH', `/api/v1/webhooks/${id}`, { active }), onSettled: refresh });
  const remove = useMutation({ mutationFn: (id: string) => api('DELETE', `/api/v1/webhooks/${id}`), onSettled: refresh });
  return (
    <Stack>
      <Title order={2}>{t('webhooks.title')}</Title>
      <Text c="dimmed">{t('webhooks.intro')}</Text>
      <Card withBorder>
        <Title order={4} mb="xs">{t('webhooks.add')}</Title>
        <Stack gap="xs">
          <TextInput label={t('webhooks.url')} placeholder="https://crm.example.com/hooks/amends" value={draft.url} onChange={(e) => setDraft({ ...draft, url: e.currentTarget.value })} />
          <MultiSelect label={t('webhooks.events')} data={(events.data?.items ?? []).map((e) => ({ value: e.name, label: e.name }))} value={draft.events}
            onChange={(v) => setDraft({ ...draft, events: v })} searchable />
          <PasswordInput label={t('webhooks.secret')} description={t('webhooks.secretHelp')} value={draft.secret} onChange={(e) => setDraft({ ...draft, secret: e.currentTarget.value })} />
          <TextInput label={t('webhooks.description')} value={draft.description} onChange={(e) => setDraft({ ...draft, description: e.currentTarget.value })} />
          <Group>
            <Button onClick={() => add.mutate()} loading={add.isPending} disabled={!draft.url.trim() || draft.events.length === 0 || !draft.secret}>{t('webhooks.save')}</Button>
          </Group>
          {add.error && <Alert color="red">{add.error.message}</Alert>}
        </Stack>
      </Card>
      {hooks.data?.items.length === 0 && <Text>{t('webhooks.none')}</Text>}
      {hooks.data?.items.map((w) => (
        <Card withBorder key={w.id} data-testid="webhook">
          <Group justify="space-between" align="start">
            <Stack gap={4}>
              <Code>{w.url}</Code>
              {w.description && <Text size="sm" dir="auto">{w.description}</Text>}
              <Group gap={4}>{w.events.map((e) => <Badge key={e} variant="light">{e}</Badge>)}</Group>
              <Text size="xs" c="dimmed">{t('webhooks.secretHint', { hint: w.secretHint })}</Text>
            </Stack>
            <Group>
              <Switch label={t('webhooks.active')} checked={w.active} onChange={(e) => change.mutate({ id: w.id, active: e.currentTarget.checked })} />
              <Button variant="light" onClick={() => setOpen(open === w.id ? null : w.id)}>{t('webhooks.deliveries')}</Button>
              <Button variant="subtle" color="red" onClick={() => window.confirm(t('webhooks.confirmRemove')) && remove.mutate(w.id)}>{t('webhooks.remove')}</Button>
            </Group>
          </Group>
          {open === w.id && <DeliveryLog webhookId={w.id} />}
        </Card>
      ))}
    </Stack>
  );
}

function DeliveryLog({ webhookId }: { webhookId: string }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const log = useQuery({
    queryKey: ['webhooks', webhookId, 'deliveries'],
    queryFn: () => api<{ items: Delivery[] }>('GET', `/api/v1/webhooks/${webhookId}/deliveries`),
    // While a delivery is still being attempted, look again every few seconds.
    refetchInterval: (q) => (q.state.data?.items.some((d) => d.state === 'pending') ? 2000 : false),
  });
  const again = useMutation({
    mutationFn: (id: string) => api('POST', `/api/v1/webhooks/${webhookId}/deliveries/${id}/redeliver`),
    onSettled: () => void qc.invalidateQueries({ queryKey: ['webhooks', webhookId, 'deliveries'] }),
  });
  if (log.data?.items.length === 0) return <Text mt="sm">{t('webhooks.noDeliveries')}</Text>;
  return (
    <Table mt="sm" data-testid="delivery-log">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('webhooks.when')}</Table.Th>
          <Table.Th>{t('webhooks.event')}</Table.Th>
          <Table.Th>{t('webhooks.state')}</Table.Th>
          <Table.Th>{t('webhooks.attempts')}</Table.Th>
          <Table.Th>{t('webhooks.answer')}</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {log.data?.items.map((d) => (
          <Table.Tr key={d.id}>
            <Table.Td>{formatDateTime(d.createdAt, i18n.language)}</Table.Td>
            <Table.Td><Code>{d.event}</Code></Table.Td>
            <Table.Td><Badge color={STATE_COLOR[d.state]}>{t(`webhooks.states.${d.state}`)}</Badge></Table.Td>
            <Table.Td>{d.attempts}</Table.Td>
            <Table.Td dir="auto">{d.lastStatusCode ?? ''} {d.lastError && d.lastError !== `HTTP ${d.lastStatusCode}` ? d.lastError : ''}</Table.Td>
            <Table.Td>
              <Button size="xs" variant="light" disabled={d.state === 'pending'} loading={again.isPending && again.variables === d.id} onClick={() => again.mutate(d.id)}>
                {t('webhooks.redeliver')}
              </Button>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
