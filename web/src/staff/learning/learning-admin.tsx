// For admins: the category taxonomy (labels in all seven languages; a used category is retired,
// never lost), the roles scripts are written for, the scripts with their use counts (P-4.7), and
// the learning settings (systemic threshold, effectiveness window, bonus and penalty, P-4.8).
import { useState } from 'react';
import { Alert, Badge, Button, Card, Group, NumberInput, Select, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../../../../src/domain/languages.ts';
import { api, type ApiResponse, type Item } from '../../api.ts';
import { categoryLabel, useCategories } from './case-learning.tsx';

type Role = Item<ApiResponse<'/api/v1/script-roles', 'get'>['items']>;
type Script = Item<ApiResponse<'/api/v1/scripts', 'get'>['items']>;
type LearningSettings = ApiResponse<'/api/v1/learning-settings', 'get'>;
const emptyLabels = () => Object.fromEntries(LANGUAGES.map((l) => [l, ''])) as Record<string, string>;

export function LearningAdmin() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={2}>{t('learning.admin.title')}</Title>
      <CategoriesCard />
      <RolesCard />
      <ScriptsCard />
      <SettingsCard />
    </Stack>
  );
}

function LabelsForm({ onSave, pending, error }: { onSave: (key: string, labels: Record<string, string>) => void; pending: boolean; error: Error | null }) {
  const { t } = useTranslation();
  const [key, setKey] = useState('');
  const [labels, setLabels] = useState(emptyLabels);
  return (
    <Stack gap="xs">
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <TextInput label={t('learning.admin.key')} value={key} onChange={(e) => setKey(e.currentTarget.value)} />
        {LANGUAGES.map((l) => <TextInput key={l} label={l.toUpperCase()} value={labels[l]} onChange={(e) => { const v = e.currentTarget.value; setLabels((x) => ({ ...x, [l]: v })); }} />)}
      </SimpleGrid>
      <Group><Button size="xs" disabled={!key.trim() || LANGUAGES.some((l) => !labels[l]?.trim())} loading={pending} onClick={() => { onSave(key, labels); setKey(''); setLabels(emptyLabels()); }}>{t('learning.admin.add')}</Button></Group>
      {error && <Alert color="red" role="alert">{error.message}</Alert>}
    </Stack>
  );
}

function CategoriesCard() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const list = useCategories(true);
  const done = () => void qc.invalidateQueries({ queryKey: ['categories'] });
  const add = useMutation({ mutationFn: (b: { key: string; labels: Record<string, string> }) => api('POST', '/api/v1/categories', b), onSuccess: done });
  const patch = useMutation({ mutationFn: ({ id, active }: { id: string; active: boolean }) => api('PATCH', `/api/v1/categories/${id}`, { active }), onSuccess: done });
  const remove = useMutation({ mutationFn: (id: string) => api('DELETE', `/api/v1/categories/${id}`), onSuccess: done });
  return (
    <Card withBorder data-testid="categories-admin">
      <Title order={4}>{t('learning.admin.categories')}</Title>
      <Table>
        <Table.Tbody>
          {(list.data?.items ?? []).map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>{categoryLabel(c, i18n.language)}</Table.Td>
              <Table.Td><Text size="xs" c="dimmed">{c.key}</Text></Table.Td>
              <Table.Td>{!c.active && <Badge color="gray">{t('learning.admin.retired')}</Badge>}</Table.Td>
              <Table.Td>
                <Group gap="xs">
                  <Button size="compact-xs" variant="subtle" onClick={() => patch.mutate({ id: c.id, active: !c.active })}>{c.active ? t('learning.admin.retire') : t('learning.admin.restore')}</Button>
                  <Button size="compact-xs" variant="subtle" color="red" onClick={() => remove.mutate(c.id)}>{t('learning.admin.delete')}</Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <LabelsForm onSave={(key, labels) => add.mutate({ key, labels })} pending={add.isPending} error={add.error} />
    </Card>
  );
}

function useRoles() {
  return useQuery({ queryKey: ['script-roles', 'all'], queryFn: () => api<{ items: Role[] }>('GET', '/api/v1/script-roles?all=true') });
}

function RolesCard() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const roles = useRoles();
  const add = useMutation({ mutationFn: (b: { key: string; labels: Record<string, string> }) => api('POST', '/api/v1/script-roles', b), onSuccess: () => void qc.invalidateQueries({ queryKey: ['script-roles'] }) });
  return (
    <Card withBorder>
      <Title order={4}>{t('learning.admin.roles')}</Title>
      <Group gap="xs" my="xs">{(roles.data?.items ?? []).map((r) => <Badge key={r.key} variant="light">{r.labels[i18n.language] ?? r.key}</Badge>)}</Group>
      <LabelsForm onSave={(key, labels) => add.mutate({ key, labels })} pending={add.isPending} error={add.error} />
    </Card>
  );
}

function ScriptsCard() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const roles = useRoles();
  const categories = useCategories();
  const list = useQuery({ queryKey: ['scripts', 'admin'], queryFn: () => api<{ items: Script[] }>('GET', '/api/v1/scripts?all=true&limit=500') });
  const [form, setForm] = useState({ roleKey: null as string | null, categoryId: null as string | null, situation: '', language: 'en', title: '', body: '' });
  const done = () => void qc.invalidateQueries({ queryKey: ['scripts'] });
  const add = useMutation({ mutationFn: () => api('POST', '/api/v1/scripts', { ...form, situation: form.situation || null }), onSuccess: () => { setForm((f) => ({ ...f, title: '', body: '', situation: '' })); done(); } });
  const remove = useMutation({ mutationFn: (id: string) => api('DELETE', `/api/v1/scripts/${id}`), onSuccess: done });
  const roleName = (k: string | null) => (k ? (roles.data?.items.find((r) => r.key === k)?.labels[i18n.language] ?? k) : t('learning.admin.everyRole'));
  return (
    <Card withBorder data-testid="scripts-admin">
      <Title order={4}>{t('learning.admin.scripts')}</Title>
      <Table>
        <Table.Thead><Table.Tr><Table.Th>{t('learning.admin.scriptTitle')}</Table.Th><Table.Th>{t('learning.admin.role')}</Table.Th><Table.Th>{t('learning.admin.language')}</Table.Th><Table.Th>{t('learning.admin.uses')}</Table.Th><Table.Th /></Table.Tr></Table.Thead>
        <Table.Tbody>
          {(list.data?.items ?? []).map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>{s.title}{!s.active && <Badge ml="xs" size="xs" color="gray">{t('learning.admin.retired')}</Badge>}</Table.Td>
              <Table.Td>{roleName(s.roleKey)}</Table.Td>
              <Table.Td>{s.language}</Table.Td>
              <Table.Td>{s.uses}</Table.Td>
              <Table.Td>{s.active && <Button size="compact-xs" variant="subtle" color="red" onClick={() => remove.mutate(s.id)}>{t('learning.admin.delete')}</Button>}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <SimpleGrid cols={{ base: 1, md: 3 }} mt="xs">
        <Select label={t('learning.admin.role')} clearable placeholder={t('learning.admin.everyRole')} value={form.roleKey} onChange={(v) => setForm((f) => ({ ...f, roleKey: v }))} data={(roles.data?.items ?? []).map((r) => ({ value: r.key, label: roleName(r.key) }))} />
        <Select label={t('learning.case.category')} clearable value={form.categoryId} onChange={(v) => setForm((f) => ({ ...f, categoryId: v }))} data={(categories.data?.items ?? []).map((c) => ({ value: c.id, label: categoryLabel(c, i18n.language) }))} />
        <Select label={t('learning.admin.language')} allowDeselect={false} value={form.language} onChange={(v) => setForm((f) => ({ ...f, language: v ?? 'en' }))} data={[...LANGUAGES]} />
        <TextInput label={t('learning.admin.scriptTitle')} value={form.title} onChange={(e) => { const v = e.currentTarget.value; setForm((f) => ({ ...f, title: v })); }} />
        <TextInput label={t('learning.admin.situation')} value={form.situation} onChange={(e) => { const v = e.currentTarget.value; setForm((f) => ({ ...f, situation: v })); }} />
      </SimpleGrid>
      <Textarea label={t('learning.admin.body')} value={form.body} onChange={(e) => { const v = e.currentTarget.value; setForm((f) => ({ ...f, body: v })); }} autosize minRows={2} />
      <Group mt="xs"><Button size="xs" disabled={!form.title.trim() || !form.body.trim()} loading={add.isPending} onClick={() => add.mutate()}>{t('learning.admin.add')}</Button></Group>
      {add.error && <Alert color="red" role="alert">{add.error.message}</Alert>}
    </Card>
  );
}

function SettingsCard() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['learning-settings'], queryFn: () => api<LearningSettings>('GET', '/api/v1/learning-settings') });
  const save = useMutation({ mutationFn: (b: Partial<LearningSettings>) => api<LearningSettings>('PUT', '/api/v1/learning-settings', b), onSuccess: (d) => qc.setQueryData(['learning-settings'], d) });
  if (!q.data) return null;
  const s = q.data;
  return (
    <Card withBorder>
      <Title order={4}>{t('learning.admin.settings')}</Title>
      <SimpleGrid cols={{ base: 1, md: 4 }}>
        <NumberInput label={t('learning.admin.systemicCustomers')} min={2} value={s.systemicCustomers} onBlur={(e) => save.mutate({ systemicCustomers: Number(e.currentTarget.value) })} />
        <NumberInput label={t('learning.admin.effectivenessWeeks')} min={1} max={104} value={s.effectivenessWeeks} onBlur={(e) => save.mutate({ effectivenessWeeks: Number(e.currentTarget.value) })} />
        <TextInput label={`${t('learning.admin.praiseBonus')} (${s.praiseBonus.currency})`} defaultValue={s.praiseBonus.amount} onBlur={(e) => save.mutate({ praiseBonus: { amount: e.currentTarget.value, currency: s.praiseBonus.currency } })} />
        <TextInput label={`${t('learning.admin.complaintPenalty')} (${s.complaintPenalty.currency})`} defaultValue={s.complaintPenalty.amount} onBlur={(e) => save.mutate({ complaintPenalty: { amount: e.currentTarget.value, currency: s.complaintPenalty.currency } })} />
      </SimpleGrid>
      {save.error && <Alert color="red" role="alert" mt="xs">{save.error.message}</Alert>}
    </Card>
  );
}
