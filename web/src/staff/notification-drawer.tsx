// The notification centre's drawer (notification-bell.tsx shows the bell and
// loads this chunk when the bell is first clicked): the list, mark read, mark
// all read, and which kinds also come by email.
import { Button, Checkbox, Drawer, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type ApiResponse, type Item } from '../api.ts';
import { navigate } from '../router.tsx';
import { formatDateTime } from '../format.ts';
import type { NotificationPage } from './notification-bell.tsx';

type Notification = Item<NotificationPage['items']>;
type Preferences = ApiResponse<'/api/v1/notifications/preferences', 'get'>;
const EMAIL_KINDS = ['customer_replied', 'clock_warning', 'approval_needed', 'approval_decided'] as const satisfies readonly Preferences['emailKinds'][number][];

/** The list of notifications, newest first, in a drawer from the right. */
export function NotificationDrawer({ opened, onClose, unread, setLive }: { opened: boolean; onClose: () => void; unread: number; setLive: (n: number) => void }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['notifications'], queryFn: () => api<NotificationPage>('GET', '/api/v1/notifications?limit=50') });
  const read = useMutation({
    mutationFn: (body: { ids: number[] } | { all: true }) => api<{ unread: number }>('POST', '/api/v1/notifications/read', body),
    onSuccess: (r) => {
      setLive(r.unread);
      void qc.invalidateQueries({ queryKey: ['notifications'] });
    },
  });
  const go = (n: Notification) => {
    if (!n.read) read.mutate({ ids: [n.id] });
    if (n.caseId) {
      onClose();
      navigate(`/cases/${n.caseId}`);
    }
  };
  return (
    <Drawer opened={opened} onClose={onClose} position="right" title={t('desk.notifications.title')} data-testid="notification-drawer">
      <Stack gap="xs">
        <Group justify="space-between">
          <Text size="sm" c="dimmed">{t('desk.notifications.unread', { count: unread })}</Text>
          <Button size="xs" variant="light" disabled={unread === 0} loading={read.isPending} onClick={() => read.mutate({ all: true })} data-testid="notifications-read-all">
            {t('desk.notifications.markAllRead')}
          </Button>
        </Group>
        {list.data?.items.length === 0 && <Text c="dimmed">{t('desk.notifications.empty')}</Text>}
        {list.data?.items.map((n) => (
          <UnstyledButton key={n.id} onClick={() => go(n)} p="xs" style={{ borderRadius: 4, background: n.read ? undefined : 'var(--mantine-color-teal-0)' }} data-testid="notification-item">
            <Text size="sm" fw={n.read ? 400 : 600}>{describe(t, n)}</Text>
            {typeof n.data.excerpt === 'string' && <Text size="xs" c="dimmed" lineClamp={2} dir="auto">{n.data.excerpt}</Text>}
            <Text size="xs" c="dimmed">{formatDateTime(n.at, i18n.language)}</Text>
          </UnstyledButton>
        ))}
        <EmailPreferences />
      </Stack>
    </Drawer>
  );
}

function describe(t: (k: string, o?: Record<string, unknown>) => string, n: Notification): string {
  const vars = { by: String(n.data.by ?? ''), caseNumber: String(n.data.caseNumber ?? '') };
  if (n.kind === 'approval_decided') return t(n.data.approved ? 'desk.notifications.kind.approved' : 'desk.notifications.kind.rejected', vars);
  return t(`desk.notifications.kind.${n.kind}`, vars);
}

/** Which notifications also come by email (default none). */
function EmailPreferences() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const prefs = useQuery({ queryKey: ['notification-preferences'], queryFn: () => api<Preferences>('GET', '/api/v1/notifications/preferences') });
  const save = useMutation({
    mutationFn: (emailKinds: Preferences['emailKinds']) => api<Preferences>('PATCH', '/api/v1/notifications/preferences', { emailKinds }),
    onSuccess: (p) => qc.setQueryData(['notification-preferences'], p),
  });
  if (!prefs.data) return null;
  const kinds = prefs.data.emailKinds;
  return (
    <Checkbox.Group label={t('desk.notifications.email')} value={kinds} onChange={(v) => save.mutate(v as Preferences['emailKinds'])} mt="md">
      <Stack gap={4} mt={4}>
        {EMAIL_KINDS.map((k) => (
          <Checkbox key={k} value={k} label={t(`desk.notifications.emailKind.${k}`)} />
        ))}
      </Stack>
    </Checkbox.Group>
  );
}

