// The people screen for supervisors (P-4.8): per person and period the praise, the justified
// complaints, bonus and penalty, promises kept or broken and clocks met or breached; one
// person's entries on demand; the payroll CSV. An agent sees their own ledger here.
import { useState } from 'react';
import { Badge, Button, Card, Group, Loader, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { roleCan } from '../../../../src/domain/policy.ts';
import { api, qs, type ApiResponse, type Item } from '../../api.ts';
import { formatDateTime, formatMoney } from '../../format.ts';
import { useUser } from '../staff-app.tsx';

type Ledger = Item<ApiResponse<'/api/v1/people/ledger', 'get'>['items']>;
type Detail = ApiResponse<'/api/v1/people/{userId}/ledger', 'get'>;

const monthStart = () => {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)).toISOString().slice(0, 10);
};
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

export function People() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const manager = roleCan(user.role, 'people:manage');
  const [from, setFrom] = useState(monthStart);
  const [to, setTo] = useState(tomorrow);
  const [open, setOpen] = useState<string | null>(manager ? null : user.id);
  const period = qs({ from, to });
  const all = useQuery({ queryKey: ['ledgers', from, to], queryFn: () => api<{ items: Ledger[] }>('GET', `/api/v1/people/ledger${period}`), enabled: manager });
  const lng = i18n.language;
  return (
    <Stack>
      <Title order={2}>{t('learning.people.title')}</Title>
      <Group align="end">
        <TextInput type="date" label={t('learning.people.from')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput type="date" label={t('learning.people.to')} value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        {manager && (
          <Button component="a" href={`/api/v1/people/ledger.csv${period}`} download variant="light" data-testid="ledger-export">{t('learning.people.export')}</Button>
        )}
      </Group>
      {manager && (
        <Table striped data-testid="ledger-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('learning.people.person')}</Table.Th><Table.Th>{t('learning.people.praise')}</Table.Th><Table.Th>{t('learning.people.complaints')}</Table.Th>
              <Table.Th>{t('learning.people.bonus')}</Table.Th><Table.Th>{t('learning.people.penalty')}</Table.Th><Table.Th>{t('learning.people.net')}</Table.Th>
              <Table.Th>{t('learning.people.promises')}</Table.Th><Table.Th>{t('learning.people.clocks')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(all.data?.items ?? []).map((r) => (
              <Table.Tr key={r.userId} onClick={() => setOpen(r.userId)} style={{ cursor: 'pointer' }}>
                <Table.Td>{r.name} {!r.active && <Badge size="xs" color="gray">{t('learning.people.inactive')}</Badge>}</Table.Td>
                <Table.Td>{r.praise}</Table.Td>
                <Table.Td>{r.justifiedComplaints}</Table.Td>
                <Table.Td>{formatMoney(r.bonus, lng)}</Table.Td>
                <Table.Td>{formatMoney(r.penalty, lng)}</Table.Td>
                <Table.Td fw={600}>{formatMoney(r.net, lng)}</Table.Td>
                <Table.Td>{t('learning.people.keptBroken', { kept: r.commitments.kept, broken: r.commitments.broken })}</Table.Td>
                <Table.Td>{t('learning.people.metBreached', { met: r.clocks.met, breached: r.clocks.breached })}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {open && <PersonLedger url={manager ? `/api/v1/people/${open}/ledger${period}` : `/api/v1/me/ledger${period}`} />}
    </Stack>
  );
}

function PersonLedger({ url }: { url: string }) {
  const { t, i18n } = useTranslation();
  const q = useQuery({ queryKey: ['ledger', url], queryFn: () => api<Detail>('GET', url) });
  if (!q.data) return <Loader aria-label={t('common.loading')} />;
  const d = q.data;
  return (
    <Card withBorder data-testid="person-ledger">
      <Title order={4}>{d.name}</Title>
      <Text size="sm">{t('learning.people.summary', { praise: d.praise, complaints: d.justifiedComplaints, net: formatMoney(d.net, i18n.language) })}</Text>
      <Table mt="xs">
        <Table.Tbody>
          {d.entries.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td>{formatDateTime(e.at, i18n.language)}</Table.Td>
              <Table.Td><Badge color={e.kind === 'praise' ? 'teal' : e.justified ? 'red' : 'gray'}>{t(`learning.people.kind.${e.kind}`)}{e.kind === 'complaint' && !e.justified ? ` · ${t('learning.people.notJustified')}` : ''}</Badge></Table.Td>
              <Table.Td>{t(`learning.people.source.${e.source}`, { defaultValue: e.source })}</Table.Td>
              <Table.Td>{e.caseNumber ?? ''}</Table.Td>
              <Table.Td dir="auto">{e.reason ?? ''}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}
