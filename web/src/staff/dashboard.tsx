// The dashboard: what stands open right now — cases by state, the dissatisfied
// share, overdue commitments, clocks breached or at risk, pending approvals —
// from one request to the server's read model (GET /api/v1/dashboard).
import { BarChart, DonutChart } from '@mantine/charts';
import '@mantine/charts/styles.css';
import { Card, ColorSwatch, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { DECIDER_ROLES } from '../../../src/domain/policy.ts';
import { api, type ApiResponse } from '../api.ts';
import { formatAge } from '../format.ts';
import { useUser } from './staff-app.tsx';
import { EconomicsDashboard } from './economics-panels.tsx';

/** The dashboard's figures as the server declares them. */
export type DashboardFigures = ApiResponse<'/api/v1/dashboard', 'get'>;

/** One figure in a card. */
function Figure({ label, value, color, testId }: { label: string; value: string | number; color?: string; testId?: string }) {
  return (
    <Card withBorder>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text fw={700} size="xl" c={color} data-testid={testId}>{value}</Text>
    </Card>
  );
}

/** The figures of the open cases, counted by the server over all of them. */
export function Dashboard() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const q = useQuery({ queryKey: ['dashboard'], queryFn: () => api<DashboardFigures>('GET', '/api/v1/dashboard') });
  if (!q.data) return q.isError ? <Text c="red.9">{String(q.error)}</Text> : <Loader aria-label={t('common.loading')} />;
  const d = q.data;
  const byState = d.byStatus.map((s) => ({ state: t(`status.${s.status}`), cases: s.count }));
  const { dissatisfied } = d.dissatisfaction;
  const percent = d.open ? Math.round((dissatisfied / d.open) * 100) : 0;
  const slices = [
    { name: t('dashboard.dissatisfied'), value: dissatisfied, color: 'red.6' },
    { name: t('dashboard.other'), value: Math.max(d.open - dissatisfied, 0), color: 'gray.4' },
  ];
  return (
    <>
      <Title order={2} mb="md">{t('nav.dashboard')}</Title>
      <Group mb="md">
        <Figure label={t('dashboard.open')} value={d.open} testId="dash-open" />
        <Figure label={t('dashboard.overdue')} value={d.overdueCommitments} color={d.overdueCommitments ? 'red.9' : undefined} testId="dash-overdue" />
        <Figure label={t('dashboard.breached')} value={d.clocks.breached} color={d.clocks.breached ? 'red.9' : undefined} testId="dash-breached" />
        <Figure label={t('dashboard.atRisk')} value={d.clocks.atRisk} testId="dash-at-risk" />
        <Figure label={t('dashboard.dissatisfiedShare')} value={`${percent}%`} />
        {d.oldestOpenAt && <Figure label={t('dashboard.oldestOpen')} value={formatAge(d.oldestOpenAt, i18n.language)} />}
        {d.pendingApprovals !== null && <Figure label={t('dashboard.pendingApprovals')} value={d.pendingApprovals} testId="dash-approvals" />}
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={4} mb="sm">{t('dashboard.byState')}</Title>
          <BarChart h={240} data={byState} dataKey="state" series={[{ name: 'cases', label: t('dashboard.cases'), color: 'teal.6' }]} />
        </Card>
        <Card withBorder data-testid="dash-donut">
          <Title order={4} mb="sm">{t('dashboard.donutTitle')}</Title>
          <Group align="center" wrap="nowrap">
            <DonutChart withLabels chartLabel={t('dashboard.donutCenter', { percent })} data={slices} />
            <Stack gap={4}>
              {slices.map((s) => (
                <Group key={s.name} gap={6} wrap="nowrap">
                  <ColorSwatch color={`var(--mantine-color-${s.color.replace('.', '-')})`} size={12} withShadow={false} aria-hidden />
                  <Text size="sm">{t('dashboard.legend', { name: s.name, count: s.value })}</Text>
                </Group>
              ))}
            </Stack>
          </Group>
        </Card>
      </SimpleGrid>
      {DECIDER_ROLES.includes(user.role) && <EconomicsDashboard />}
    </>
  );
}
