// The staff desk: who is signed in, the navigation their role allows, and
// the screen for the current address.
import { Suspense, createContext, useContext, useEffect } from 'react';
import { preloadable } from '../lazy.ts';
import { AppShell, Group, NavLink, Title, Button, Text, Loader, Center, Badge } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { DECIDER_ROLES, roleCan } from '../../../src/domain/policy.ts';
import { api, fetchSession, type User } from '../api.ts';
import { Link, match, navigate, useLocation } from '../router.tsx';
import { LanguageSwitcher } from '../language-switcher.tsx';
import { SignIn } from './sign-in.tsx';

const Queue = preloadable(() => import('./queue.tsx').then((m) => m.Queue));
const CasePage = preloadable(() => import('./case-page.tsx').then((m) => m.CasePage));
const Approvals = preloadable(() => import('./approvals.tsx').then((m) => m.Approvals));
const Customers = preloadable(() => import('./customers.tsx').then((m) => m.Customers));
const CustomerPage = preloadable(() => import('./customers.tsx').then((m) => m.CustomerPage));
const SettingsPage = preloadable(() => import('./settings.tsx').then((m) => m.SettingsPage));
const Dashboard = preloadable(() => import('./dashboard.tsx').then((m) => m.Dashboard));
const Reports = preloadable(() => import('./reports.tsx').then((m) => m.Reports));

/** Loads the code of the screen at this address ahead of its first render (see lazy.ts). */
export function preloadScreen(path: string): Promise<unknown> {
  if (match('/cases/:id', path)) return CasePage.preload();
  if (match('/customers/:id', path)) return CustomerPage.preload();
  const screens: Record<string, { preload(): Promise<unknown> }> = { '/': Queue, '/queue': Queue, '/approvals': Approvals, '/customers': Customers, '/dashboard': Dashboard, '/reports': Reports, '/settings': SettingsPage };
  return screens[path]?.preload() ?? Promise.resolve();
}

const UserContext = createContext<User | null>(null);

/** The signed-in staff member; screens use the role to decide what to show. */
export function useUser(): User {
  const u = useContext(UserContext);
  if (!u) throw new Error('useUser outside the signed-in desk');
  return u;
}

/** Signs in when needed, then shows the desk. */
export function StaffApp() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const session = useQuery({ queryKey: ['session'], queryFn: fetchSession });
  // Once the desk is up, fetch the other screens' code in the background: moving between screens
  // then never waits for a chunk (nor for React's 300 ms Suspense step).
  useEffect(() => {
    const t = setTimeout(() => [Queue, CasePage, Approvals, Customers, CustomerPage, SettingsPage, Dashboard, Reports].forEach((s) => void s.preload().catch(() => undefined)), 1500);
    return () => clearTimeout(t);
  }, []);
  if (session.isPending) return <Center h="60vh"><Loader aria-label={t('common.loading')} /></Center>;
  const user = session.data ?? null;
  if (!user) return <SignIn onSignedIn={() => void qc.invalidateQueries({ queryKey: ['session'] })} />;
  const signOut = async () => {
    await api('DELETE', '/api/v1/session');
    // Forget everything the signed-in person could see, then show the sign-in screen.
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
    qc.setQueryData(['session'], null);
    navigate('/');
  };
  return (
    <UserContext.Provider value={user}>
      <AppShell header={{ height: 56 }} navbar={{ width: 210, breakpoint: 'sm' }} padding="md">
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between">
            <Title order={3} c="teal.9">Amends</Title>
            <Group gap="sm">
              <Text size="sm" data-testid="signed-in-as">{user.name}</Text>
              <Badge variant="light">{t(`role.${user.role}`)}</Badge>
              <LanguageSwitcher />
              <Button size="xs" variant="subtle" onClick={() => void signOut()}>{t('nav.signOut')}</Button>
            </Group>
          </Group>
        </AppShell.Header>
        <AppShell.Navbar p="xs" aria-label={t('nav.main')}>
          <Nav user={user} />
        </AppShell.Navbar>
        <AppShell.Main>
          <Suspense fallback={<Loader aria-label={t('common.loading')} />}>
            <Screen user={user} />
          </Suspense>
        </AppShell.Main>
      </AppShell>
    </UserContext.Provider>
  );
}

function Nav({ user }: { user: User }) {
  const { t } = useTranslation();
  const { path } = useLocation();
  const items = [
    { href: '/', label: t('nav.queue'), show: true },
    { href: '/approvals', label: t('nav.approvals'), show: DECIDER_ROLES.includes(user.role) },
    { href: '/customers', label: t('nav.customers'), show: true },
    { href: '/dashboard', label: t('nav.dashboard'), show: true },
    { href: '/reports', label: t('reports.nav'), show: roleCan(user.role, 'reports:read') },
    { href: '/settings', label: t('nav.settings'), show: user.role === 'admin' },
  ];
  return (
    <>
      {items.filter((i) => i.show).map((i) => (
        <NavLink key={i.href} component={Link} href={i.href} label={i.label} active={i.href === '/' ? path === '/' || path.startsWith('/cases') : path.startsWith(i.href)} />
      ))}
    </>
  );
}

function Screen({ user }: { user: User }) {
  const { t } = useTranslation();
  const { path } = useLocation();
  const c = match('/cases/:id', path);
  if (c) return <CasePage id={c.id!} />;
  const cu = match('/customers/:id', path);
  if (cu) return <CustomerPage id={cu.id!} />;
  if (path === '/approvals' && DECIDER_ROLES.includes(user.role)) return <Approvals />;
  if (path === '/customers') return <Customers />;
  if (path === '/dashboard') return <Dashboard />;
  if (path === '/reports' && roleCan(user.role, 'reports:read')) return <Reports />;
  if (path === '/settings' && user.role === 'admin') return <SettingsPage />;
  if (path === '/' || path === '/queue') return <Queue />;
  return <Text>{t('common.notFound')}</Text>;
}
