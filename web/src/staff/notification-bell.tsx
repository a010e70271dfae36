// The notification centre (issue 13): a bell with the unread count in the
// header, a drawer with the list, mark read and mark all read, and which kinds
// also come by email. Live through server-sent events: the stream says when a
// notification arrives or the count changes, and the list refreshes. The drawer
// (notification-drawer.tsx) is a chunk of its own, loaded when first opened.
import { useEffect, useState } from 'react';
import { ActionIcon, Indicator } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type ApiResponse } from '../api.ts';
import { deferred } from '../lazy.ts';

export type NotificationPage = ApiResponse<'/api/v1/notifications', 'get'>;

const NotificationDrawer = deferred(() => import('./notification-drawer.tsx').then((m) => m.NotificationDrawer));

/** The bell, its drawer, and the live stream that keeps both fresh. */
export function NotificationBell() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  // null until first opened: the drawer's code is not loaded before someone wants it.
  const [open, setOpen] = useState<boolean | null>(null);
  const list = useQuery({ queryKey: ['notifications'], queryFn: () => api<NotificationPage>('GET', '/api/v1/notifications?limit=50') });
  const [live, setLive] = useState<number | null>(null);
  useEffect(() => {
    // EventSource reconnects by itself (retry: 3 s) and resumes with Last-Event-ID.
    const es = new EventSource('/api/v1/notifications/stream', { withCredentials: true });
    const count = (e: MessageEvent) => setLive((JSON.parse(e.data) as { unread: number }).unread);
    es.addEventListener('ready', count);
    es.addEventListener('unread', count);
    es.addEventListener('notification', () => void qc.invalidateQueries({ queryKey: ['notifications'] }));
    return () => es.close();
  }, [qc]);
  const unread = live ?? list.data?.unread ?? 0;
  return (
    <>
      <Indicator label={unread} size={18} disabled={unread === 0} color="red" offset={4} data-testid="notification-count">
        <ActionIcon variant="subtle" size="lg" onClick={() => setOpen(true)} aria-label={t('desk.notifications.bell', { count: unread })} data-testid="notification-bell">
          <BellIcon />
        </ActionIcon>
      </Indicator>
      {open !== null && <NotificationDrawer opened={open} onClose={() => setOpen(false)} unread={unread} setLive={setLive} />}
    </>
  );
}

function BellIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}
