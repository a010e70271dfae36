// The reports area (issue 12, P-4.6): trends, the dissatisfied share, volume, clocks,
// recovery and compensation — each with the same filters, a chart and its CSV — read from
// the server's rollup (GET /api/v1/reports/*).
import { useState } from 'react';
import { BarChart, LineChart } from '@mantine/charts';
import '@mantine/charts/styles.css';
import { Anchor, Card, Group, Loader, MultiSelect, Select, SimpleGrid, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CHANNELS } from '../../../src/domain/channels.ts';
import { api, type ApiResponse } from '../api.ts';
import { useStaff } from './ownership.tsx';

const REPORTS = ['trends', 'dissatisfaction', 'volume', 'clocks', 'recovery', 'compensation'] as const;
type Report = (typeof REPORTS)[number];
type Answers = {
  trends: ApiResponse<'/api/v1/reports/trends', 'get'>;
  dissatisfaction: ApiResponse<'/api/v1/reports/dissatisfaction', 'get'>;
  volume: ApiResponse<'/api/v1/reports/volume', 'get'>;
  clocks: ApiResponse<'/api/v1/reports/clocks', 'get'>;
  recovery: ApiResponse<'/api/v1/reports/recovery', 'get'>;
  compensation: ApiResponse<'/api/v1/reports/compensation', 'get'>;
};
type Answer<R extends Report> = Answers[R];
interface Filters { from: string; to: string; interval: 'day' | 'week' | 'month'; channel: string[]; businessUnit: string; categoryId: string[]; ownerId: string[] }

const iso = (d: Date) => d.toISOString().slice(0, 10);
const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);

function queryString(f: Filters): string {
  const p = new URLSearchParams({ from: f.from, to: f.to, interval: f.interval });
  if (f.channel.length) p.set('channel', f.channel.join(','));
  if (f.businessUnit.trim()) p.set('businessUnit', f.businessUnit.trim());
  if (f.categoryId.length) p.set('categoryId', f.categoryId.join(','));
  if (f.ownerId.length) p.set('ownerId', f.ownerId.join(','));
  return p.toString();
}

function useReport<R extends Report>(name: R, f: Filters) {
  const qs = queryString(f);
  return useQuery({ queryKey: ['reports', name, qs], queryFn: () => api<Answer<R>>('GET', `/api/v1/reports/${name}?${qs}`) });
}

/** A chart's card: its title, its CSV, and the chart once the answer is in. */
function Panel({ name, title, filters, children, loading }: { name: Report; title: string; filters: Filters; children: React.ReactNode; loading: boolean }) {
  const { t } = useTranslation();
  return (
    <Card withBorder data-testid={`report-${name}`}>
      <Group justify="space-between" mb="sm">
        <Title order={4}>{title}</Title>
        <Anchor size="sm" href={`/api/v1/reports/${name}.csv?${queryString(filters)}`} download>{t('reports.csv')}</Anchor>
      </Group>
      {loading ? <Loader aria-label={t('common.loading')} /> : children}
    </Card>
  );
}

function Trends({ f }: { f: Filters }) {
  const { t } = useTranslation();
  const q = useReport('trends', f);
  const data = (q.data?.items ?? []).map((i) => ({ period: i.period, cases: i.cases, dissatisfied: pct(i.dissatisfiedShare), sla: pct(i.slaMet), recovery: pct(i.recoveryRate), firstResponse: i.firstResponseP50Minutes, resolution: i.resolutionP50Minutes, cost: i.compensationCost }));
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <Panel name="trends" title={t('reports.trendsShares')} filters={f} loading={q.isPending}>
        <LineChart withLegend h={260} data={data} dataKey="period" unit="%" data-testid="chart-trends" series={[{ name: 'dissatisfied', label: t('reports.dissatisfiedShare'), color: 'red.6' }, { name: 'sla', label: t('reports.slaMet'), color: 'teal.6' }, { name: 'recovery', label: t('reports.recoveryRate'), color: 'blue.6' }]} />
      </Panel>
      <Card withBorder>
        <Title order={4} mb="sm">{t('reports.trendsTimes')}</Title>
        <BarChart withLegend h={260} data={data} dataKey="period" series={[{ name: 'cases', label: t('reports.cases'), color: 'gray.6' }, { name: 'firstResponse', label: t('reports.firstResponseP50'), color: 'teal.6' }, { name: 'resolution', label: t('reports.resolutionP50'), color: 'indigo.6' }]} />
      </Card>
    </SimpleGrid>
  );
}

function Dissatisfaction({ f }: { f: Filters }) {
  const { t } = useTranslation();
  const q = useReport('dissatisfaction', f);
  return (
    <Panel name="dissatisfaction" title={t('reports.dissatisfactionTitle')} filters={f} loading={q.isPending}>
      <Text size="sm" c="dimmed" mb="xs">{t('reports.dissatisfactionHint')}</Text>
      <LineChart withLegend h={280} data={q.data?.items ?? []} dataKey="period" data-testid="chart-dissatisfaction" series={[{ name: 'per100Customers', label: t('reports.per100Customers'), color: 'red.6' }, { name: 'per1000Orders', label: t('reports.per1000Orders'), color: 'orange.6' }]} connectNulls />
    </Panel>
  );
}

function Volume({ f }: { f: Filters }) {
  const { t, i18n } = useTranslation();
  const q = useReport('volume', f);
  const d = q.data;
  const channels = (d?.byChannel ?? []).map((c) => ({ name: t(`channel.${c.channel}`, { defaultValue: c.channel }), cases: c.cases }));
  const categories = (d?.byCategory ?? []).map((c) => ({ name: c.labels[i18n.language] ?? c.labels.en ?? c.key ?? t('reports.uncategorised'), cases: c.cases }));
  const stages = (d?.byStage ?? []).map((s) => ({ name: t(`reports.stage.${s.stage}`), cases: s.cases }));
  const series = [{ name: 'cases', label: t('reports.cases'), color: 'teal.6' }];
  return (
    <Panel name="volume" title={t('reports.volumeTitle', { total: d?.cases ?? 0 })} filters={f} loading={q.isPending}>
      <SimpleGrid cols={{ base: 1, md: 3 }} data-testid="chart-volume">
        <Stack gap={4}><Text fw={600} size="sm">{t('reports.byChannel')}</Text><BarChart withLegend h={240} data={channels} dataKey="name" series={series} /></Stack>
        <Stack gap={4}><Text fw={600} size="sm">{t('reports.byCategory')}</Text><BarChart withLegend h={240} data={categories} dataKey="name" series={series} /></Stack>
        <Stack gap={4}><Text fw={600} size="sm">{t('reports.byStage')}</Text><BarChart withLegend h={240} data={stages} dataKey="name" series={series} /></Stack>
      </SimpleGrid>
    </Panel>
  );
}

function Clocks({ f }: { f: Filters }) {
  const { t } = useTranslation();
  const q = useReport('clocks', f);
  const d = q.data;
  const kinds = (d?.byKind ?? []).map((k) => ({ kind: k.kind, met: k.met, breached: k.breached }));
  const bands = d ? [{ band: t('reports.within3BusinessDays'), cases: d.bands.within3BusinessDays }, { band: t('reports.within8Weeks'), cases: d.bands.within8Weeks }, { band: t('reports.after8Weeks'), cases: d.bands.after8Weeks }] : [];
  const m = (v: number | null | undefined) => (v === null || v === undefined ? '—' : t('reports.minutes', { value: v }));
  return (
    <Panel name="clocks" title={t('reports.clocksTitle')} filters={f} loading={q.isPending}>
      <SimpleGrid cols={{ base: 1, md: 2 }} data-testid="chart-clocks">
        <Stack gap={4}><Text fw={600} size="sm">{t('reports.slaByKind')}</Text><BarChart withLegend h={240} data={kinds} dataKey="kind" type="stacked" series={[{ name: 'met', label: t('reports.met'), color: 'teal.6' }, { name: 'breached', label: t('reports.breached'), color: 'red.6' }]} /></Stack>
        <Stack gap={4}><Text fw={600} size="sm">{t('reports.bands')}</Text><BarChart withLegend h={240} data={bands} dataKey="band" series={[{ name: 'cases', label: t('reports.cases'), color: 'indigo.6' }]} /></Stack>
      </SimpleGrid>
      <Group mt="sm" gap="xl" data-testid="clock-percentiles">
        <Text size="sm">{t('reports.firstResponse')}: p50 {m(d?.firstResponse.p50Minutes)} · p90 {m(d?.firstResponse.p90Minutes)}</Text>
        <Text size="sm">{t('reports.resolution')}: p50 {m(d?.resolution.p50Minutes)} · p90 {m(d?.resolution.p90Minutes)}</Text>
      </Group>
    </Panel>
  );
}

function Recovery({ f }: { f: Filters }) {
  const { t } = useTranslation();
  const q = useReport('recovery', f);
  const items = q.data?.items ?? [];
  return (
    <Panel name="recovery" title={t('reports.recoveryTitle', { months: q.data?.windowMonths ?? 12 })} filters={f} loading={q.isPending}>
      <SimpleGrid cols={{ base: 1, md: 2 }} data-testid="chart-recovery">
        <BarChart withLegend h={260} data={items} dataKey="period" series={[{ name: 'boughtAgain', label: t('reports.boughtAgain'), color: 'teal.6' }, { name: 'stayed', label: t('reports.stayed'), color: 'gray.5' }, { name: 'departed', label: t('reports.departed'), color: 'red.6' }]} />
        <LineChart withLegend h={260} data={items} dataKey="period" connectNulls series={[{ name: 'returnRatio', label: t('reports.returnRatio'), color: 'indigo.6' }]} />
      </SimpleGrid>
    </Panel>
  );
}

function Compensation({ f }: { f: Filters }) {
  const { t } = useTranslation();
  const q = useReport('compensation', f);
  const d = q.data;
  const kinds = (d?.byKind ?? []).map((k) => ({ name: t(`kind.${k.kind}`, { defaultValue: k.kind }), cost: k.cost }));
  const roles = (d?.byRole ?? []).map((r) => ({ name: t(`role.${r.role}`, { defaultValue: r.role }), cost: r.cost }));
  const cost = [{ name: 'cost', label: t('reports.cost'), color: 'orange.6' }];
  return (
    <Panel name="compensation" title={t('reports.compensationTitle')} filters={f} loading={q.isPending}>
      <SimpleGrid cols={{ base: 1, md: 3 }} data-testid="chart-compensation">
        <Stack gap={4}><Text fw={600} size="sm">{t('reports.byKind')}</Text><BarChart withLegend h={220} data={kinds} dataKey="name" series={cost} /></Stack>
        <Stack gap={4}><Text fw={600} size="sm">{t('reports.byRole')}</Text><BarChart withLegend h={220} data={roles} dataKey="name" series={cost} /></Stack>
        <Stack gap={4}><Text fw={600} size="sm">{t('reports.overTime')}</Text><LineChart withLegend h={220} data={d?.overTime ?? []} dataKey="period" series={cost} /></Stack>
      </SimpleGrid>
      {d && (
        <Group mt="sm" gap="xl">
          <Text size="sm">{t('reports.approvals', d.approvals)}</Text>
          <Text size="sm">{t('reports.giftVsBonus', { gift: d.giftVsBonus.gift.count, bonus: d.giftVsBonus.bonus.count })}</Text>
        </Group>
      )}
    </Panel>
  );
}

const VIEWS: Record<Report, (p: { f: Filters }) => React.ReactNode> = { trends: Trends, dissatisfaction: Dissatisfaction, volume: Volume, clocks: Clocks, recovery: Recovery, compensation: Compensation };

/** The reports screen: one set of filters, a tab per report. */
export function Reports() {
  const { t, i18n } = useTranslation();
  const staff = useStaff();
  const [tab, setTab] = useState<Report>('trends');
  const [f, setF] = useState<Filters>(() => ({ from: iso(new Date(Date.now() - 183 * 86_400_000)), to: iso(new Date(Date.now() + 86_400_000)), interval: 'week', channel: [], businessUnit: '', categoryId: [], ownerId: [] }));
  const categories = useReport('volume', { ...f, categoryId: [] }).data?.byCategory.filter((c) => c.categoryId) ?? [];
  const set = <K extends keyof Filters>(k: K, v: Filters[K]) => setF((old) => ({ ...old, [k]: v }));
  const View = VIEWS[tab];
  return (
    <Stack>
      <Title order={2}>{t('reports.title')}</Title>
      <Group align="end" data-testid="report-filters">
        <TextInput type="date" label={t('reports.from')} value={f.from} onChange={(e) => e.currentTarget.value && set('from', e.currentTarget.value)} />
        <TextInput type="date" label={t('reports.to')} value={f.to} onChange={(e) => e.currentTarget.value && set('to', e.currentTarget.value)} />
        <Select label={t('reports.interval')} value={f.interval} allowDeselect={false} onChange={(v) => set('interval', (v as Filters['interval']) ?? 'week')} data={(['day', 'week', 'month'] as const).map((v) => ({ value: v, label: t(`reports.intervals.${v}`) }))} w={120} />
        <MultiSelect label={t('reports.channel')} value={f.channel} onChange={(v) => set('channel', v)} data={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`, { defaultValue: c }) }))} clearable w={200} />
        <TextInput label={t('reports.businessUnit')} value={f.businessUnit} onChange={(e) => set('businessUnit', e.currentTarget.value)} w={160} />
        <MultiSelect label={t('reports.category')} value={f.categoryId} onChange={(v) => set('categoryId', v)} data={categories.map((c) => ({ value: c.categoryId!, label: c.labels[i18n.language] ?? c.labels.en ?? c.key ?? '' }))} clearable w={200} />
        <MultiSelect label={t('reports.owner')} value={f.ownerId} onChange={(v) => set('ownerId', v)} data={(staff.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))} clearable searchable w={200} />
      </Group>
      <Tabs value={tab} onChange={(v) => v && setTab(v as Report)} keepMounted={false}>
        <Tabs.List>
          {REPORTS.map((r) => <Tabs.Tab key={r} value={r}>{t(`reports.tabs.${r}`)}</Tabs.Tab>)}
        </Tabs.List>
      </Tabs>
      <View f={f} />
    </Stack>
  );
}
