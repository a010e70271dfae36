// The case page: the playbook guide and its moves on the left, what the
// customer said (detection), who they are and the timeline on the right.
import { useState } from 'react';
import { Alert, Anchor, Button, Card, Grid, Group, Loader, Stack, Text, TextInput, Title, Badge } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { OPEN_STATUSES } from '../../../src/domain/case-lifecycle.ts';
import { api, type CaseDetail, type Customer } from '../api.ts';
import { formatDateTime, formatMoney } from '../format.ts';
import { Link } from '../router.tsx';
import { PriorityBadge, StatusBadge } from './badges.tsx';
import { PlaybookGuide } from './playbook-guide.tsx';
import { ChoicePanel, CommitmentsPanel, OptionsPanel, RestatementPanel } from './case-panels.tsx';
import { CompensationPanel } from './compensation-dialog.tsx';
import { ReplyComposer } from './reply-composer.tsx';
import { AttachmentsCard } from './attachments-card.tsx';
import { ClocksCard } from './clocks-card.tsx';
import { CaseLearning } from './learning/case-learning.tsx';
import { DetectionCard } from './detection-card.tsx';
import { CaseTimeline } from './case-timeline.tsx';
import { ChurnCard } from './churn-card.tsx';
import { useCaseAction } from './use-case-action.ts';
import { NoteComposer, OwnershipBar, useMe } from './ownership.tsx';
import { subjectText } from './subject.ts';
import { CaseKeys } from './shortcuts.tsx';
import { MergeSplitButtons } from './merge-dialog.tsx';

/** One case, end to end. */
export function CasePage({ id }: { id: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const q = useQuery({ queryKey: ['case', id], queryFn: () => api<CaseDetail>('GET', `/api/v1/cases/${id}`), refetchInterval: 10_000 });
  if (q.isPending) return <Loader aria-label={t('common.loading')} />;
  if (q.isError) return <Alert color="red">{q.error.message}</Alert>;
  const c = q.data;
  return (
    <Stack>
      <CaseKeys caseId={c.id} ownerId={c.ownerId} closed={c.status === 'closed'} meId={me?.id} />
      <Group justify="space-between" align="start">
        <div>
          <Group gap="xs">
            <Title order={2} data-testid="case-number" data-fit style={{ whiteSpace: 'nowrap' }}>{c.number}</Title>
            <StatusBadge status={c.status} />
            <PriorityBadge priority={c.priority} />
          </Group>
          <Text dir="auto" data-testid="case-subject" style={{ overflowWrap: 'anywhere' }}>{subjectText(t, c.subject)}</Text>
          <Text size="sm" c="dimmed">
            {t('case.owner')}: {c.owner?.name ?? t('case.noOwner')}
            {c.participants.length > 0 && ` · ${t('case.participants')}: ${c.participants.map((p) => p.name).join(', ')}`}
          </Text>
          <OwnershipBar c={c} />
          <MergeSplitButtons c={c} />
        </div>
        <Lifecycle c={c} />
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack>
            <PlaybookGuide caseId={c.id} steps={c.playbook.steps} next={c.playbook.next} />
            <ReplyComposer c={c} />
            <NoteComposer c={c} />
            <RestatementPanel c={c} />
            <OptionsPanel c={c} />
            <ChoicePanel c={c} />
            <CommitmentsPanel c={c} />
            <CompensationPanel c={c} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <ClocksCard clocks={c.clocks} />
            <DetectionCard detection={c.detection} />
            <ChurnCard churn={c.churn} />
            <CaseLearning c={c} />
            <CustomerCard id={c.customer.id} />
            <AttachmentsCard c={c} />
            <CaseTimeline c={c} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** Resolve, close (with a reason when not resolved) and reopen. */
function Lifecycle({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const act = useCaseAction(c.id);
  const [reason, setReason] = useState('');
  const open = OPEN_STATUSES.includes(c.status);
  return (
    <Stack gap="xs" align="end">
      <Group>
        {c.status === 'resolving' && <Button color="teal" onClick={() => act.mutate({ path: `/api/v1/cases/${c.id}/resolve` })} data-testid="resolve">{t('case.resolve')}</Button>}
        {c.status === 'resolved' && <Button variant="default" onClick={() => act.mutate({ path: `/api/v1/cases/${c.id}/close` })}>{t('case.close')}</Button>}
        {(c.status === 'resolved' || c.status === 'closed') && <Button variant="default" onClick={() => act.mutate({ path: `/api/v1/cases/${c.id}/reopen`, body: reason ? { reason } : {} })}>{t('case.reopen')}</Button>}
      </Group>
      {open && (
        <Group align="end">
          <TextInput size="xs" label={t('case.closeReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
          <Button size="xs" variant="subtle" color="red" disabled={!reason.trim()} onClick={() => act.mutate({ path: `/api/v1/cases/${c.id}/close`, body: { reason } })}>{t('case.closeWithReason')}</Button>
        </Group>
      )}
      {act.error && <Alert color="red" role="alert">{act.error.message}</Alert>}
    </Stack>
  );
}

/** The customer beside the case: contacts, value, earlier cases and compensations. */
function CustomerCard({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const q = useQuery({ queryKey: ['customer', id], queryFn: () => api<Customer>('GET', `/api/v1/customers/${id}`) });
  if (!q.data) return null;
  const cu = q.data;
  return (
    <Card withBorder data-testid="customer-card">
      <Stack gap={4}>
        <Group justify="space-between">
          <Anchor component={Link} href={`/customers/${cu.id}`} fw={600} dir="auto">{cu.name ?? '—'}</Anchor>
          {cu.tier && <Badge>{t(`desk.tier.${cu.tier}`, { defaultValue: cu.tier })}</Badge>}
        </Group>
        {cu.contacts.map((k) => <Text key={k.value} size="sm">{k.value}</Text>)}
        <Text size="sm">{t('customer.lifetimeValue')}: {formatMoney(cu.value.lifetimeValue, i18n.language)} · {t('customer.orders', { count: cu.value.orderCount })}</Text>
        <Text size="sm">{t('customer.compensationGranted')}: {formatMoney(cu.value.compensationGranted, i18n.language)}</Text>
        {cu.orders.slice(0, 3).map((o) => <Text key={o.id} size="xs" c="dimmed">{o.ref} · {formatMoney(o.total, i18n.language)} · {formatDateTime(o.placedAt, i18n.language)}</Text>)}
        {cu.cases.length > 1 && <Text size="sm" mt={4}>{t('customer.earlierCases', { count: cu.cases.length - 1 })}</Text>}
        {cu.cases.slice(0, 5).map((k) => <Anchor key={k.id} size="xs" component={Link} href={`/cases/${k.id}`}>{k.number} · {t(`status.${k.status}`)}</Anchor>)}
      </Stack>
    </Card>
  );
}
