// On the case page: its category (the suggestion to accept, P-4.4), and for supervisors the
// root causes it is linked to (P-4.3) and marking the complaint justified against a named
// employee (P-4.8).
import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Card, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { roleCan } from '../../../../src/domain/policy.ts';
import { api, type ApiResponse, type CaseDetail, type Item, type Page } from '../../api.ts';
import { Link } from '../../router.tsx';
import { useUser } from '../staff-app.tsx';
import { useStaff } from '../ownership.tsx';

export type Category = Item<ApiResponse<'/api/v1/categories', 'get'>['items']>;
type RootCause = Item<ApiResponse<'/api/v1/root-causes', 'get'>['items']>;

/** The categories, shared by every screen that names one. */
export function useCategories(all = false) {
  return useQuery({ queryKey: ['categories', all], queryFn: () => api<{ items: Category[] }>('GET', `/api/v1/categories${all ? '?all=true' : ''}`), staleTime: 60_000 });
}

/** A category's label in the reader's language. */
export const categoryLabel = (c: Category | undefined, lng: string) => (c ? (c.labels[lng] ?? c.labels.en ?? c.key) : '');

export function CaseLearning({ c }: { c: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const qc = useQueryClient();
  const categories = useCategories();
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['case', c.id] });
    void qc.invalidateQueries({ queryKey: ['case-root-causes', c.id] });
  };
  const setCategory = useMutation({ mutationFn: (categoryId: string | null) => api('PUT', `/api/v1/cases/${c.id}/category`, { categoryId }), onSuccess: refresh });
  const suggested = categories.data?.items.find((x) => x.key === c.suggestedCategory);
  const canCauses = roleCan(user.role, 'causes:manage');
  return (
    <Card withBorder data-testid="case-learning">
      <Stack gap="xs">
        <Title order={4}>{t('learning.case.title')}</Title>
        <Select
          label={t('learning.case.category')}
          data-testid="case-category"
          value={c.categoryId}
          onChange={(v) => setCategory.mutate(v)}
          clearable
          data={(categories.data?.items ?? []).map((x) => ({ value: x.id, label: categoryLabel(x, i18n.language) }))}
        />
        {suggested && c.categoryId !== suggested.id && (
          <Group gap="xs">
            <Text size="sm">{t('learning.case.suggested', { label: categoryLabel(suggested, i18n.language) })}</Text>
            <Button size="compact-xs" variant="light" onClick={() => setCategory.mutate(suggested.id)}>{t('learning.case.accept')}</Button>
          </Group>
        )}
        {setCategory.error && <Alert color="red" role="alert">{setCategory.error.message}</Alert>}
        {canCauses && <CaseRootCauses caseId={c.id} onChange={refresh} />}
        {roleCan(user.role, 'people:manage') && <JustifiedComplaint c={c} />}
      </Stack>
    </Card>
  );
}

function CaseRootCauses({ caseId, onChange }: { caseId: string; onChange: () => void }) {
  const { t } = useTranslation();
  const linked = useQuery({ queryKey: ['case-root-causes', caseId], queryFn: () => api<{ items: RootCause[] }>('GET', `/api/v1/cases/${caseId}/root-causes`) });
  const all = useQuery({ queryKey: ['root-causes', 'pick'], queryFn: () => api<Page<RootCause>>('GET', '/api/v1/root-causes?limit=100') });
  const [pick, setPick] = useState<string | null>(null);
  const link = useMutation({ mutationFn: (id: string) => api('POST', `/api/v1/root-causes/${id}/cases`, { caseIds: [caseId] }), onSuccess: () => { setPick(null); onChange(); } });
  const have = new Set((linked.data?.items ?? []).map((r) => r.id));
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>{t('learning.case.rootCauses')}</Text>
      {(linked.data?.items ?? []).map((r) => (
        <Group key={r.id} gap="xs">
          <Anchor component={Link} href={`/root-causes/${r.id}`} size="sm">{r.title}</Anchor>
          <Badge size="xs" color={r.kind === 'systemic' ? 'red' : 'gray'}>{t(`learning.kind.${r.kind}`)}</Badge>
        </Group>
      ))}
      <Group align="end" gap="xs">
        <Select size="xs" style={{ flex: 1 }} aria-label={t('learning.case.linkTo')} placeholder={t('learning.case.linkTo')} value={pick} onChange={setPick} searchable data={(all.data?.items ?? []).filter((r) => !have.has(r.id)).map((r) => ({ value: r.id, label: r.title }))} />
        <Button size="xs" variant="light" disabled={!pick} loading={link.isPending} onClick={() => pick && link.mutate(pick)}>{t('learning.case.link')}</Button>
      </Group>
      {link.error && <Alert color="red" role="alert">{link.error.message}</Alert>}
    </Stack>
  );
}

function JustifiedComplaint({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const colleagues = useStaff();
  const [userId, setUserId] = useState<string | null>(c.ownerId);
  const [reason, setReason] = useState('');
  const mark = useMutation({
    mutationFn: () => api('POST', `/api/v1/cases/${c.id}/justified-complaints`, { userId, reason }),
    onSuccess: () => { setReason(''); void qc.invalidateQueries({ queryKey: ['case', c.id] }); },
  });
  const done = c.timeline.filter((e) => e.type === 'complaint_justified');
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>{t('learning.case.justifiedTitle')}</Text>
      {done.map((e, i) => <Text key={i} size="xs">{t('learning.case.justifiedAgainst', { name: String(e.data.name ?? ''), reason: String(e.data.reason ?? '') })}</Text>)}
      <Group align="end" gap="xs">
        <Select size="xs" w={170} label={t('learning.case.employee')} value={userId} onChange={setUserId} data={(colleagues.data?.items ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))} />
        <TextInput size="xs" style={{ flex: 1 }} label={t('learning.case.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
        <Button size="xs" color="orange" variant="light" disabled={!userId || !reason.trim()} loading={mark.isPending} onClick={() => mark.mutate()}>{t('learning.case.markJustified')}</Button>
      </Group>
      {mark.error && <Alert color="red" role="alert">{mark.error.message}</Alert>}
    </Stack>
  );
}
