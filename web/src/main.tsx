// Entry: providers, i18n, then the customer side (public form, portal) or
// the staff desk. Every screen is a lazy chunk, so the first load stays small.
import { StrictMode, Suspense } from 'react';
import { beforeLaterParts, firstScreenShown, preloadable } from './lazy.ts';
import { createRoot } from 'react-dom/client';
import { MantineProvider, Loader, Center, createTheme, defaultVariantColorsResolver, type CSSVariablesResolver } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import '@mantine/core/styles.css';
import { englishStrings, initI18n } from './i18n/index.ts';
import { useLocation, match } from './router.tsx';
import { fetchSession, type CaseListItem, type Page, type User } from './api.ts';
import { FIRST_QUEUE_PATH, firstScreenData, forgetEarly } from './boot.ts';
import { FIRST_QUEUE, queueQuery } from './staff/queue-query.ts';

const Complain = preloadable(() => import('./customer/complain.tsx').then((m) => m.Complain));
const Portal = preloadable(() => import('./customer/portal.tsx').then((m) => m.Portal));
const StaffApp = preloadable(() => import('./staff/staff-app.tsx').then((m) => m.StaffApp));

// Teal as the brand, with colours that pass WCAG AA contrast (checked by axe in test/e2e/a11y):
// filled colours at shade 9 with black or white text by luminance; light variants as shade-9 text
// on shade-0 tint, or near-black text where even shade 9 is too pale (green, lime, yellow, orange).
const PALE = new Set(['green', 'lime', 'yellow', 'orange']);
const THEME = createTheme({
  primaryColor: 'teal',
  primaryShade: { light: 9, dark: 7 },
  autoContrast: true,
  luminanceThreshold: 0.19,
  variantColorResolver: (input) => {
    const r = defaultVariantColorsResolver(input);
    const c = input.color ?? input.theme.primaryColor;
    if (input.variant !== 'light' || !(c in input.theme.colors)) return r;
    return { ...r, background: `var(--mantine-color-${c}-0)`, hover: `var(--mantine-color-${c}-1)`, hoverColor: 'var(--mantine-color-dark-9)', color: PALE.has(c) ? 'var(--mantine-color-dark-9)' : `var(--mantine-color-${c}-9)` };
  },
  // Badges and buttons are as wide as their words in every language: never cut to "NO…" in a
  // narrow cell (the cell grows, or the row wraps, instead). Sentence case, not capitals: the
  // longer languages' words ("38 TUNNIN PÄÄSTÄ") take a third less room and read better.
  // Plain objects rather than Badge.extend: the entry chunk need not import the components.
  components: {
    Badge: { styles: { root: { flexShrink: 0, maxWidth: 'none', overflow: 'visible', textTransform: 'none', letterSpacing: 0 }, label: { overflow: 'visible', textOverflow: 'clip' } } },
    Button: { styles: { root: { flexShrink: 0 }, label: { overflow: 'visible' } } },
  },
});
const cssVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-anchor': 'var(--mantine-color-teal-9)',
    '--mantine-primary-color-light': 'var(--mantine-color-teal-0)',
    '--mantine-primary-color-light-hover': 'var(--mantine-color-teal-0)',
  },
  dark: {},
});

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

// The first screen needs its code, the session and (on /) the queue's first page: ask for all of
// them now, in parallel with i18n, and render once the code is here (no Suspense step, see lazy.ts).
// boot.ts has asked for the session and the queue already; api() takes those answers. The queue's
// chunk is asked for here too, beside the desk's (not after it), and index.html preloads both.
const first = window.location.pathname;
const code: Promise<unknown>[] = [];
if (first === '/complain' || first === '/embed/complain') code.push(Complain.preload());
else if (first.startsWith('/portal/')) code.push(Portal.preload());
else {
  code.push(StaffApp.preload(), import('./staff/staff-app.tsx').then((m) => m.preloadScreen(first)));
  if (first === '/' || first === '/queue') code.push(import('./staff/queue.tsx'));
  // The server wrote the session's answer (and, signed in, the queue's first page) into the page:
  // the app starts from them and asks the API nothing (src/http/first-screen.ts).
  const page = firstScreenData();
  if (page) {
    queryClient.setQueryData(['session'], (page.session?.user ?? null) as User | null);
    if (page.session && page.queue?.path === FIRST_QUEUE_PATH) {
      queryClient.setQueryData(queueQuery(FIRST_QUEUE).queryKey, { pages: [page.queue.page as Page<CaseListItem>], pageParams: [undefined] });
    }
  }
  const session = page ? Promise.resolve((page.session?.user ?? null) as User | null) : queryClient.fetchQuery({ queryKey: ['session'], queryFn: fetchSession });
  if (first === '/' && !page?.queue) {
    // Signed in already: the first page of the queue is on its way before the queue mounts.
    void session.then((user) => user && queryClient.prefetchInfiniteQuery(queueQuery(FIRST_QUEUE))).catch(() => undefined);
  }
  // Nobody signed in: the queue's early answer (a 401) must not be taken after signing in.
  void session.then((user) => user || forgetEarly(), forgetEarly);
  // No queue to wait for (the sign-in form is next), or the session could not be asked for.
  void session.then((user) => user || firstScreenShown(), firstScreenShown);
}

// The desk's queue renders with the first screen's English (i18n/first-screen.ts); the rest of
// English, the queue's menus and dialogs load once its rows are shown (queue.tsx says so; 5 s at
// the latest), and every later screen and part waits for that English (lazy.ts).
beforeLaterParts(englishStrings);
const queueFirst = first === '/' || first === '/queue';
if (queueFirst) setTimeout(firstScreenShown, 5_000);
else firstScreenShown();
void Promise.all([initI18n(queueFirst), Promise.all(code).catch(() => undefined)]).then(() => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <MantineProvider defaultColorScheme="light" theme={THEME} cssVariablesResolver={cssVariables}>
        <QueryClientProvider client={queryClient}>
          <Root />
        </QueryClientProvider>
      </MantineProvider>
    </StrictMode>,
  );
});
