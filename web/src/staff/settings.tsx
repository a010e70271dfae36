// Settings for admins: staff and roles, and the authority limits (P-3.3).
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Group, Select, Stack, Table, TextInput, Title, PasswordInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Page, type Role, type Settings, type User } from '../api.ts';
import { CatalogSettings, EconomicsSettings } from './economics-panels.tsx';

const ROLES: Role[] = ['agent', 'supervisor', 'head', 'admin'];

/** Users and authority limits. */
export function SettingsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const users = useQuery({ queryKey: ['users'], queryFn: () => api<Page<User & { active: boolean }>>('GET', '/api/v1/users') });
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
        <Table>
          <Table.Tbody>
            {users.data?.items.map((u) => (
              <Table.Tr key={u.id}><Table.Td>{u.name}</Table.Td><Table.Td>{u.email}</Table.Td><Table.Td>{t(`role.${u.role}`)}</Table.Td></Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group align="end" mt="sm">
          <TextInput label={t('settings.name')} value={nu.name} onChange={(e) => setNu({ ...nu, name: e.currentTarget.value })} />
          <TextInput label={t('signIn.email')} value={nu.email} onChange={(e) => setNu({ ...nu, email: e.currentTarget.value })} />
          <Select label={t('settings.role')} value={nu.role} onChange={(v) => setNu({ ...nu, role: v ?? 'agent' })} allowDeselect={false} data={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} w={140} />
          <PasswordInput label={t('signIn.password')} value={nu.password} onChange={(e) => setNu({ ...nu, password: e.currentTarget.value })} />
          <Button onClick={() => add.mutate()} disabled={!nu.email || !nu.name || !nu.password}>{t('settings.addUser')}</Button>
        </Group>
        {add.error && <Alert color="red" mt="xs">{add.error.message}</Alert>}
      </Card>
    </Stack>
  );
}
