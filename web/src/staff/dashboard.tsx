// The first dashboard: open cases by state, the dissatisfied share, overdue
// commitments and pending approvals, from the existing list endpoints.
import { BarChart, DonutChart } from '@mantine/charts';
import '@mantine/charts/styles.css';
import { Card, Group, Loader, SimpleGrid, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type CaseDetail, type CaseListItem, type Page } from '../api.ts';
import { OPEN_STATUSES } from './badges.tsx';
import { DECIDERS, useUser } from './staff-app.tsx';
import { EconomicsDashboard } from './economics-panels.tsx';

/** How many of the most urgent open cases are read in full to count overdue commitments. */
const SAMPLE = 50;

/** Figures computed from up to 200 open cases (a first version, from the list endpoints). */
export function Dashboard() {
  const { t } = useTranslation();
  const user = useUser();
  const open = useQuery({
    queryKey: ['dashboard', 'open'],
    queryFn: () => api<Page<CaseListItem>>('GET', `/api/v1/cases?status=${OPEN_STATUSES.join(',')}&limit=200&sort=newest`),
  });
  const approvals = useQuery({
    queryKey: ['dashboard', 'approvals'],
    enabled: DECIDERS.includes(user.role),
    queryFn: () => api<Page<unknown>>('GET', '/api/v1/compensations?status=pending_approval&mine=false'),
  });
  const overdue = useQuery({
    queryKey: ['dashboard', 'overdue'],
    queryFn: async () => {
      const urgent = await api<Page<CaseListItem>>('GET', `/api/v1/cases?status=${OPEN_STATUSES.join(',')}&limit=${SAMPLE}&sort=priority`);
      const details = await Promise.all(urgent.items.map((c) => api<CaseDetail>('GET', `/api/v1/cases/${c.id}`)));
      const now = Date.now();
      return details.flatMap((d) => d.commitments.filter((m) => m.status === 'broken' || (m.status === 'open' && new Date(m.dueAt).getTime() < now))).length;
    },
  });
  if (!open.data) return <Loader aria-label={t('common.loading')} />;
  const items = open.data.items;
  const byState = OPEN_STATUSES.map((s) => ({ state: t(`status.${s}`), cases: items.filter((c) => c.status === s).length }));
  const scored = items.filter((c) => c.dissatisfaction);
  const dissatisfied = scored.filter((c) => (c.dissatisfaction?.score ?? 0) >= 0.5).length;
  return (
    <>
      <Title order={2} mb="md">{t('nav.dashboard')}</Title>
      <Group mb="md">
        <Card withBorder><Text size="xs" c="dimmed">{t('dashboard.open')}</Text><Text fw={700} size="xl" data-testid="dash-open">{items.length}{open.data.nextCursor ? '+' : ''}</Text></Card>
        <Card withBorder><Text size="xs" c="dimmed">{t('dashboard.overdue', { count: SAMPLE })}</Text><Text fw={700} size="xl" c={overdue.data ? 'red' : undefined} data-testid="dash-overdue">{overdue.data ?? '…'}</Text></Card>
        <Card withBorder><Text size="xs" c="dimmed">{t('dashboard.dissatisfiedShare')}</Text><Text fw={700} size="xl">{items.length ? Math.round((dissatisfied / items.length) * 100) : 0}%</Text></Card>
        {approvals.data && <Card withBorder><Text size="xs" c="dimmed">{t('dashboard.pendingApprovals')}</Text><Text fw={700} size="xl">{approvals.data.items.length}</Text></Card>}
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={4} mb="sm">{t('dashboard.byState')}</Title>
          <BarChart h={240} data={byState} dataKey="state" series={[{ name: 'cases', label: t('dashboard.cases'), color: 'teal.6' }]} />
        </Card>
        <Card withBorder>
          <Title order={4} mb="sm">{t('dashboard.dissatisfiedShare')}</Title>
          <DonutChart
            withLabels
            data={[
              { name: t('dashboard.dissatisfied'), value: dissatisfied, color: 'red.6' },
              { name: t('dashboard.other'), value: Math.max(items.length - dissatisfied, 0), color: 'gray.4' },
            ]}
          />
        </Card>
      </SimpleGrid>
      {DECIDERS.includes(user.role) && <EconomicsDashboard />}
    </>
  );
}
