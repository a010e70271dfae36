// Saved views over the queue: the desk's shared views and the agent's own, as
// tabs above the filters; "Save view" keeps the filters as they are now.
// Supervisors, heads and admins may share a view with the whole desk.
import { useState } from 'react';
import { ActionIcon, Alert, Button, Checkbox, Group, Modal, Stack, Tabs, TextInput, Tooltip } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type ApiResponse, type Item } from '../api.ts';
import { useMe } from './take-over.tsx';

export type SavedView = Item<ApiResponse<'/api/v1/views', 'get'>['items']>;
export type ViewFilters = SavedView['filters'];

/** Tabs of saved views; choosing one hands its filters to the queue. */
export function SavedViews({ current, onApply }: { current: ViewFilters; onApply: (f: ViewFilters) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const me = useMe();
  const views = useQuery({ queryKey: ['views'], queryFn: () => api<{ items: SavedView[] }>('GET', '/api/v1/views') });
  const [active, setActive] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const refresh = () => void qc.invalidateQueries({ queryKey: ['views'] });
  const save = useMutation({
    mutationFn: () => api<SavedView>('POST', '/api/v1/views', { name: name.trim(), shared, filters: current }),
    onSuccess: (v) => {
      refresh();
      setActive(v.id);
      setSaving(false);
      setName('');
      setShared(false);
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api('DELETE', `/api/v1/views/${id}`),
    onSuccess: () => {
      refresh();
      setActive(null);
    },
  });
  const items = views.data?.items ?? [];
  const chosen = items.find((v) => v.id === active);
  const canChange = (v: SavedView) => v.mine || (v.shared && me?.role !== 'agent');
  return (
    <Group justify="space-between" align="end" wrap="nowrap">
      <Tabs
        value={active ?? 'none'}
        onChange={(id) => {
          const v = items.find((x) => x.id === id);
          setActive(v ? v.id : null);
          if (v) onApply(v.filters);
        }}
        data-testid="saved-views"
      >
        <Tabs.List>
          <Tabs.Tab value="none">{t('queuePower.views.adHoc')}</Tabs.Tab>
          {items.map((v) => (
            <Tabs.Tab key={v.id} value={v.id} data-testid="saved-view-tab">
              {v.shared ? `${v.name} · ${t('queuePower.views.sharedMark')}` : v.name}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Group gap="xs" wrap="nowrap">
        {chosen && canChange(chosen) && (
          <Tooltip label={t('queuePower.views.delete')}>
            <ActionIcon variant="subtle" color="red" aria-label={t('queuePower.views.delete')} loading={remove.isPending} onClick={() => remove.mutate(chosen.id)} data-testid="delete-view">
              ×
            </ActionIcon>
          </Tooltip>
        )}
        <Button size="xs" variant="light" onClick={() => setSaving(true)} data-testid="save-view">{t('queuePower.views.save')}</Button>
      </Group>
      <Modal opened={saving} onClose={() => setSaving(false)} title={t('queuePower.views.save')}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) save.mutate();
          }}
        >
          <Stack>
            <TextInput label={t('queuePower.views.name')} required maxLength={80} value={name} onChange={(e) => setName(e.currentTarget.value)} data-testid="view-name" data-autofocus />
            {me && me.role !== 'agent' && (
              <Checkbox label={t('queuePower.views.shareWithDesk')} checked={shared} onChange={(e) => setShared(e.currentTarget.checked)} data-testid="view-shared" />
            )}
            {save.error && <Alert color="red" role="alert">{save.error.message}</Alert>}
            <Group justify="end">
              <Button variant="default" onClick={() => setSaving(false)}>{t('common.cancel')}</Button>
              <Button type="submit" disabled={!name.trim()} loading={save.isPending} data-testid="view-submit">{t('queuePower.views.saveButton')}</Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Group>
  );
}
