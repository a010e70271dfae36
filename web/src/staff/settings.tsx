// Settings for admins: staff and roles, and the authority limits (P-3.3).
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Group, NumberInput, Select, Stack, Switch, Text, TextInput, Title, PasswordInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ROLES } from '../../../src/domain/authority.ts';
import { api, type Page, type Settings, type StaffMember, type User } from '../api.ts';
import { CatalogSettings, EconomicsSettings } from './economics-panels.tsx';
import { RetentionCard } from './retention-card.tsx';

/** Users and authority limits. */
export function SettingsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const users = useQuery({ queryKey: ['users'], queryFn: () => api<Page<StaffMember>>('GET', '/api/v1/users') });
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => api<Settings>('GET', '/api/v1/settings') });
  const [limits, setLimits] = useState<Record<string, string>>({});
  useEffect(() => {
    if (settings.data) setLimits(Object.fromEntries(ROLES.map((r) => [r, settings.data.authorityLimits[r]?.amount ?? ''])));
  }, [settings.data]);
  const save = useMutation({
    mutationFn: () =>
      api('PUT', '/api/v1/settings', {
        authorityLimits: Object.fromEntries(ROLES.map((r) => [r, limits[r]?.trim() ? { amount: limits[r]!.trim(), currency: settings.data!.currency } : null])),
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['settings'] }),
  });
  const me = qc.getQueryData<User>(['session']);
  const change = useMutation({
    mutationFn: ({ id, ...body }: { id: string; role?: string; active?: boolean }) => api('PATCH', `/api/v1/users/${id}`, body),
    onSettled: () => void qc.invalidateQueries({ queryKey: ['users'] }),
  });
  const [nu, setNu] = useState({ email: '', name: '', role: 'agent', password: '' });
  const add = useMutation({
    mutationFn: () => api('POST', '/api/v1/users', nu),
    onSuccess: () => {
      setNu({ email: '', name: '', role: 'agent', password: '' });
      void qc.invalidateQueries({ queryKey: ['users'] });
    },
  });
  return (
    <Stack>
      <Title order={2}>{t('nav.settings')}</Title>
      <Card withBorder>
        <Title order={4} mb="xs">{t('settings.limits')}</Title>
        <Group align="end">
          {ROLES.map((r) => (
            <TextInput key={r} label={t(`role.${r}`)} placeholder={t('settings.unlimited')} value={limits[r] ?? ''} onChange={(e) => setLimits({ ...limits, [r]: e.currentTarget.value })} w={130} />
          ))}
          <Button onClick={() => save.mutate()} loading={save.isPending}>{t('settings.save')}</Button>
        </Group>
        {save.error && <Alert color="red" mt="xs">{save.error.message}</Alert>}
        {save.isSuccess && <Alert color="teal" mt="xs">{t('settings.saved')}</Alert>}
      </Card>
      {settings.data && <CatalogSettings currency={settings.data.currency} />}
      {settings.data?.economics && <EconomicsSettings currency={settings.data.currency} economics={settings.data.economics} />}
      <Card withBorder>
        <Title order={4} mb="xs">{t('settings.users')}</Title>
        {/* One row per person that wraps on a narrow screen (a table would be cut off at 390 px). */}
        <Stack gap={0}>
          {users.data?.items.map((u) => (
            <Group key={u.id} justify="space-between" wrap="wrap" gap="xs" py={6} style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }} data-testid="staff-row">
              <Stack gap={0} style={{ minWidth: 0, flex: '1 1 200px' }}>
                <Text size="sm" fw={500}>{u.name}</Text>
                <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>{u.email}</Text>
              </Stack>
              <Group gap="sm" wrap="nowrap">
                <Select aria-label={t('settings.roleOf', { name: u.name })} value={u.role} allowDeselect={false} w={170} disabled={u.id === me?.id}
                  data={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} onChange={(v) => v && change.mutate({ id: u.id, role: v })} />
                <Switch aria-label={t('settings.activeOf', { name: u.name })} label={t('settings.active')} checked={u.active} disabled={u.id === me?.id}
                  onChange={(e) => change.mutate({ id: u.id, active: e.currentTarget.checked })} />
              </Group>
            </Group>
          ))}
        </Stack>
        <Group align="end" mt="sm">
          <TextInput label={t('settings.name')} value={nu.name} onChange={(e) => setNu({ ...nu, name: e.currentTarget.value })} />
          <TextInput label={t('signIn.email')} value={nu.email} onChange={(e) => setNu({ ...nu, email: e.currentTarget.value })} />
          <Select label={t('settings.role')} value={nu.role} onChange={(v) => setNu({ ...nu, role: v ?? 'agent' })} allowDeselect={false} data={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} w={140} />
          <PasswordInput w={200} label={t('signIn.password')} value={nu.password} onChange={(e) => setNu({ ...nu, password: e.currentTarget.value })} />
          <Button onClick={() => add.mutate()} disabled={!nu.email || !nu.name || !nu.password}>{t('settings.addUser')}</Button>
        </Group>
        {add.error && <Alert color="red" mt="xs">{add.error.message}</Alert>}
        {change.error && <Alert color="red" mt="xs">{change.error.message}</Alert>}
      </Card>
      {settings.data && <KeepInTouchCard value={settings.data.keepInTouch} />}
      {settings.data?.retention && <RetentionCard value={settings.data.retention} />}
    </Stack>
  );
}

/** P-4.5: how Amends keeps in touch with customers who left. */
function KeepInTouchCard({ value }: { value: Settings['keepInTouch'] }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [v, setV] = useState(value);
  useEffect(() => setV(value), [value]);
  const save = useMutation({
    mutationFn: () => api('PUT', '/api/v1/settings', { keepInTouch: { enabled: v.enabled, greeting: v.greeting, checkInMonths: v.checkInMonths } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['settings'] }),
  });
  return (
    <Card withBorder data-testid="keep-in-touch">
      <Title order={4} mb="xs">{t('settings.keepInTouch')}</Title>
      <Text size="sm" c="dimmed" mb="xs">{t('departure.respect')}</Text>
      <Group align="end">
        <Switch label={t('settings.keepInTouchOn')} checked={v.enabled} onChange={(e) => setV({ ...v, enabled: e.currentTarget.checked })} />
        <NumberInput label={t('settings.greetingMonth')} min={1} max={12} w={140} value={v.greeting?.month ?? ''} allowDecimal={false}
          onChange={(m) => setV({ ...v, greeting: m === '' ? null : { month: Number(m), day: v.greeting?.day ?? 1 } })} />
        <NumberInput label={t('settings.greetingDay')} min={1} max={31} w={140} value={v.greeting?.day ?? ''} allowDecimal={false} disabled={!v.greeting}
          onChange={(d) => v.greeting && setV({ ...v, greeting: { ...v.greeting, day: Number(d) || 1 } })} />
        <NumberInput label={t('settings.checkInMonths')} min={1} max={60} w={200} value={v.checkInMonths ?? ''} allowDecimal={false}
          onChange={(m) => setV({ ...v, checkInMonths: m === '' ? null : Number(m) })} />
        <Button onClick={() => save.mutate()} loading={save.isPending}>{t('settings.save')}</Button>
      </Group>
      {save.error && <Alert color="red" mt="xs">{save.error.message}</Alert>}
      {save.isSuccess && <Alert color="teal" mt="xs">{t('settings.saved')}</Alert>}
    </Card>
  );
}
