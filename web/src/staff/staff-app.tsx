// The staff desk: who is signed in, the navigation their role allows, and
// the screen for the current address.
import { Suspense, createContext, useContext, useEffect, type ComponentType } from 'react';
import { afterFirstScreen, deferred, firstScreenShown, preloadable, whenFirstScreenShown } from '../lazy.ts';
import { AppShell, Group, NavLink, Title, Button, Text, Loader, Center, Badge, Burger } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { DECIDER_ROLES, roleCan } from '../../../src/domain/policy.ts';
import { api, fetchSession, type User } from '../api.ts';
import { Link, match, navigate, useLocation } from '../router.tsx';

// Signed in already (the usual cold start), the desk never needs the sign-in form's code.
const SignIn = deferred(() => import('./sign-in.tsx').then((m) => m.SignIn), <Center h="60vh"><Loader aria-label="Loading" /></Center>);
// The queue is the first screen; every other one also waits for the rest of the English strings.
const screen = <P extends object>(load: () => Promise<ComponentType<P>>) => preloadable(afterFirstScreen(load));
// The bell (its live stream, Indicator and ActionIcon) comes just after the queue's rows; its place is kept.
const NotificationBell = deferred(() => import('./notification-bell.tsx').then((m) => m.NotificationBell), <div style={{ width: 34, height: 34 }} />);
// The language menu (NativeSelect) too: English or the remembered language is already on screen.
const LanguageSwitcher = deferred(() => import('../language-switcher.tsx').then((m) => m.LanguageSwitcher), <div style={{ width: 96, height: 30 }} />);
const Queue = preloadable(() => import('./queue.tsx').then((m) => m.Queue));
const CasePage = screen(() => import('./case-page.tsx').then((m) => m.CasePage));
const Approvals = screen(() => import('./approvals.tsx').then((m) => m.Approvals));
const Customers = screen(() => import('./customers.tsx').then((m) => m.Customers));
const CustomerPage = screen(() => import('./customers.tsx').then((m) => m.CustomerPage));
const SettingsPage = screen(() => import('./settings.tsx').then((m) => m.SettingsPage));
const Dashboard = screen(() => import('./dashboard.tsx').then((m) => m.Dashboard));
const RootCauses = screen(() => import('./learning/root-causes.tsx').then((m) => m.RootCauses));
const RootCausePage = screen(() => import('./learning/root-causes.tsx').then((m) => m.RootCausePage));
const People = screen(() => import('./learning/people.tsx').then((m) => m.People));
const LearningAdmin = screen(() => import('./learning/learning-admin.tsx').then((m) => m.LearningAdmin));
const SlaView = screen(() => import('./sla-view.tsx').then((m) => m.SlaView));
const Callbacks = screen(() => import('./callbacks.tsx').then((m) => m.Callbacks));
const Reviews = screen(() => import('./reviews.tsx').then((m) => m.Reviews));
const Surveys = screen(() => import('./surveys.tsx').then((m) => m.Surveys));
const WebhooksPage = screen(() => import('./webhooks.tsx').then((m) => m.WebhooksPage));
const AccountPage = screen(() => import('./account.tsx').then((m) => m.AccountPage));
const CannedReplies = screen(() => import('./canned-replies-settings.tsx').then((m) => m.CannedRepliesSettings));
const AuditLog = screen(() => import('./audit.tsx').then((m) => m.AuditLog));
const Reports = screen(() => import('./reports.tsx').then((m) => m.Reports));

/** Loads the code of the screen at this address ahead of its first render (see lazy.ts). */
export function preloadScreen(path: string): Promise<unknown> {
  if (match('/cases/:id', path)) return CasePage.preload();
  if (match('/customers/:id', path)) return CustomerPage.preload();
  if (match('/root-causes/:id', path)) return RootCausePage.preload();
  const screens: Record<string, { preload(): Promise<unknown> }> = { '/': Queue, '/queue': Queue, '/approvals': Approvals, '/customers': Customers, '/dashboard': Dashboard, '/settings': SettingsPage, '/root-causes': RootCauses, '/people': People, '/categories-scripts': LearningAdmin, '/sla': SlaView, '/callbacks': Callbacks, '/reviews': Reviews, '/surveys': Surveys, '/webhooks': WebhooksPage, '/account': AccountPage, '/canned-replies': CannedReplies, '/audit': AuditLog, '/reports': Reports };
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
  // On a narrow screen the navigation is a drawer behind the burger; moving to a screen closes it.
  const [navOpen, nav] = useDisclosure(false);
  const { path } = useLocation();
  useEffect(() => nav.close(), [path]); // eslint-disable-line react-hooks/exhaustive-deps
  // Moving on before the queue showed its rows: what loads after the first screen may load now.
  useEffect(() => void (path === '/' || path === '/queue' || firstScreenShown()), [path]);
  // Once the desk is up (its first screen shown), fetch the other screens' code in the background:
  // moving between screens then never waits for a chunk (nor for React's 300 ms Suspense step).
  useEffect(() => {
    let t: ReturnType<typeof setTimeout> | undefined;
    let gone = false;
    void whenFirstScreenShown().then(() => {
      if (!gone) t = setTimeout(() => [Queue, CasePage, Approvals, Customers, CustomerPage, SettingsPage, Dashboard, SlaView, Callbacks, Reviews, Surveys, CannedReplies, AuditLog, Reports].forEach((s) => void s.preload().catch(() => undefined)), 1500);
    });
    return () => {
      gone = true;
      clearTimeout(t);
    };
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
      <AppShell header={{ height: 56 }} navbar={{ width: 210, breakpoint: 'sm', collapsed: { mobile: !navOpen } }} padding={{ base: 'xs', sm: 'md' }}>
        <AppShell.Header>
          <Group h="100%" px={{ base: 'xs', sm: 'md' }} justify="space-between" wrap="nowrap" gap="xs">
            <Group gap="xs" wrap="nowrap">
              <Burger opened={navOpen} onClick={nav.toggle} hiddenFrom="sm" size="sm" aria-label={t('desk.nav.menu')} aria-expanded={navOpen} data-testid="nav-burger" />
              <Title order={3} c="teal.9">Amends</Title>
            </Group>
            <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
              <NotificationBell />
              <Text size="sm" data-testid="signed-in-as" maw={{ base: 64, xs: 120, md: 220 }} truncate>{user.name}</Text>
              <Badge variant="light" visibleFrom="md">{t(`role.${user.role}`)}</Badge>
              <LanguageSwitcher compact />
              <Button size="xs" variant="subtle" px={6} onClick={() => void signOut()}>{t('nav.signOut')}</Button>
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
    { href: '/sla', label: t('queuePower.sla.nav'), show: true },
    { href: '/approvals', label: t('nav.approvals'), show: DECIDER_ROLES.includes(user.role) },
    { href: '/customers', label: t('nav.customers'), show: true },
    { href: '/callbacks', label: t('desk.nav.callbacks'), show: true },
    { href: '/reviews', label: t('desk.nav.reviews'), show: true },
    { href: '/surveys', label: t('desk.nav.surveys'), show: true },
    { href: '/dashboard', label: t('nav.dashboard'), show: true },
    { href: '/reports', label: t('reports.nav'), show: roleCan(user.role, 'reports:read') },
    { href: '/root-causes', label: t('learning.nav.rootCauses'), show: roleCan(user.role, 'causes:manage') },
    { href: '/people', label: t('learning.nav.people'), show: true },
    { href: '/categories-scripts', label: t('learning.nav.admin'), show: roleCan(user.role, 'scripts:manage') },
    { href: '/canned-replies', label: t('desk.canned.nav'), show: roleCan(user.role, 'replies:manage') },
    { href: '/settings', label: t('nav.settings'), show: user.role === 'admin' },
    { href: '/webhooks', label: t('webhooks.nav'), show: user.role === 'admin' },
    { href: '/account', label: t('twoFactor.nav'), show: true },
    { href: '/audit', label: t('audit.nav'), show: user.role === 'admin' },
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
  if (path === '/sla') return <SlaView />;
  if (path === '/callbacks') return <Callbacks />;
  if (path === '/reviews') return <Reviews />;
  if (path === '/surveys') return <Surveys />;
  if (path === '/reports' && roleCan(user.role, 'reports:read')) return <Reports />;
  if (path === '/settings' && user.role === 'admin') return <SettingsPage />;
  const rc = match('/root-causes/:id', path);
  if (rc && roleCan(user.role, 'causes:manage')) return <RootCausePage id={rc.id!} />;
  if (path === '/root-causes' && roleCan(user.role, 'causes:manage')) return <RootCauses />;
  if (path === '/people') return <People />;
  if (path === '/categories-scripts' && roleCan(user.role, 'scripts:manage')) return <LearningAdmin />;
  if (path === '/webhooks' && user.role === 'admin') return <WebhooksPage />;
  if (path === '/account') return <AccountPage />;
  if (path === '/canned-replies' && roleCan(user.role, 'replies:manage')) return <CannedReplies />;
  if (path === '/audit' && user.role === 'admin') return <AuditLog />;
  if (path === '/' || path === '/queue') return <Queue />;
  return <Text>{t('common.notFound')}</Text>;
}
