// The approvals inbox (P-3.3): compensations above someone's limit, decided
// in one click by a supervisor or head, with the case beside each.
import { useState } from 'react';
import { Alert, Anchor, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type CaseDetail, type Page, type PendingCompensation as Pending } from '../api.ts';
import { formatDateTime, formatMoney } from '../format.ts';
import { Link } from '../router.tsx';

/** What waits for the signed-in role's decision. */
export function Approvals() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['approvals'], queryFn: () => api<Page<Pending>>('GET', '/api/v1/compensations?status=pending_approval&mine=true'), refetchInterval: 15_000 });
  return (
    <Stack>
      <Title order={2}>{t('approvals.title')}</Title>
      {q.isError && <Alert color="red">{q.error.message}</Alert>}
      {q.data?.items.length === 0 && <Text c="dimmed">{t('approvals.empty')}</Text>}
      {q.data?.items.map((p) => <ApprovalCard key={p.id} p={p} />)}
    </Stack>
  );
}

function ApprovalCard({ p }: { p: Pending }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const c = useQuery({ queryKey: ['case', p.caseId], queryFn: () => api<CaseDetail>('GET', `/api/v1/cases/${p.caseId}`) });
  const decide = useMutation({
    mutationFn: (verb: 'approve' | 'reject') => api('POST', `/api/v1/compensations/${p.id}/${verb}`, reason.trim() ? { reason: reason.trim() } : {}),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['approvals'] });
      void qc.invalidateQueries({ queryKey: ['case', p.caseId] });
    },
  });
  return (
    <Card withBorder data-testid="approval">
      <Stack gap="xs">
        <Group justify="space-between">
          <Anchor component={Link} href={`/cases/${p.caseId}`} fw={600}>{p.caseNumber}</Anchor>
          <Text fw={700}>{t(`kind.${p.kind}`)} · {formatMoney(p.value, i18n.language)}</Text>
        </Group>
        <Text size="sm">{p.description}</Text>
        {c.data && (
          <>
            <Text size="sm" c="dimmed">
              {[c.data.customer.name ?? '—', t(`status.${c.data.status}`), `${t('customer.lifetimeValue')}: ${formatMoney(c.data.customer.lifetimeValue, i18n.language)}`, c.data.owner?.name, c.data.subject]
                .filter(Boolean)
                .join(' · ')}
            </Text>
            {c.data.messages.find((m) => m.direction === 'inbound') && (
              <Text size="sm" fs="italic" lineClamp={3} dir="auto">“{c.data.messages.find((m) => m.direction === 'inbound')!.body}”</Text>
            )}
          </>
        )}
        <Text size="xs" c="dimmed">{t('approvals.requested')}: {formatDateTime(p.createdAt, i18n.language)}</Text>
        <Group align="end">
          <TextInput label={t('approvals.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} style={{ flex: 1 }} />
          <Button color="teal" loading={decide.isPending} onClick={() => decide.mutate('approve')} data-testid="approve">{t('approvals.approve')}</Button>
          <Button color="red" variant="light" disabled={!reason.trim()} onClick={() => decide.mutate('reject')}>{t('approvals.reject')}</Button>
        </Group>
        {decide.error && <Alert color="red" role="alert">{decide.error.message}</Alert>}
      </Stack>
    </Card>
  );
}
