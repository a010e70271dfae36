// Entry: providers, i18n, then the customer side (public form, portal) or
// the staff desk. Every screen is a lazy chunk, so the first load stays small.
import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { MantineProvider, Loader, Center } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import '@mantine/core/styles.css';
import { initI18n } from './i18n/index.ts';
import { useLocation, match } from './router.tsx';

const Complain = lazy(() => import('./customer/complain.tsx').then((m) => ({ default: m.Complain })));
const Portal = lazy(() => import('./customer/portal.tsx').then((m) => ({ default: m.Portal })));
const StaffApp = lazy(() => import('./staff/staff-app.tsx').then((m) => ({ default: m.StaffApp })));

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: true, staleTime: 5_000 } } });

/** The top-level split: customer pages need no sign-in and none of the desk's code. */
function Root() {
  const { path } = useLocation();
  const portal = match('/portal/:token', path);
  const body = path === '/complain' || path === '/embed/complain' ? <Complain embedded={path.startsWith('/embed')} /> : portal ? <Portal token={portal.token!} /> : <StaffApp />;
  return (
    <Suspense
      fallback={
        <Center h="60vh">
          <Loader aria-label="Loading" />
        </Center>
      }
    >
      {body}
    </Suspense>
  );
}

void initI18n().then(() => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <MantineProvider defaultColorScheme="light" theme={{ primaryColor: 'teal' }}>
        <QueryClientProvider client={queryClient}>
          <Root />
        </QueryClientProvider>
      </MantineProvider>
    </StrictMode>,
  );
});
