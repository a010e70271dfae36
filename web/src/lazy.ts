// Lazy screens that can be loaded ahead. React.lazy suspends on its first
// render even when the chunk is already here, and React 19 reveals suspended
// content in 300 ms steps — two nested lazy screens cost 0.6 s on a warm
// start. A screen preloaded before it renders is rendered directly instead.
import { Suspense, createElement, lazy, type ComponentType, type ReactNode } from 'react';

export type Preloadable<P extends object> = ComponentType<P> & { preload(): Promise<unknown> };

export function preloadable<P extends object>(load: () => Promise<ComponentType<P>>): Preloadable<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  // A failed load (the network dropped) is forgotten, so the next preload tries again.
  const preload = () =>
    (pending ??= load().then(
      (c) => (loaded = c),
      (err: unknown) => {
        pending = null;
        throw err;
      },
    ));
  const Lazy = lazy(() => preload().then((c) => ({ default: c })));
  const Screen = (props: P) => createElement((loaded ?? Lazy) as ComponentType<P>, props);
  return Object.assign(Screen, { preload });
}

let later: () => Promise<unknown> = () => Promise.resolve();

/** What every part or screen loaded after the first screen needs besides its code (main.tsx: the rest of English). */
export function beforeLaterParts(wait: () => Promise<unknown>): void {
  later = wait;
}

/** A loader that also waits for beforeLaterParts, for what is not the first screen. */
export function afterFirstScreen<T>(load: () => Promise<T>): () => Promise<T> {
  return () => Promise.all([load(), later()]).then(([c]) => c);
}

let showFirst: () => void = () => undefined;
const shown = new Promise<void>((resolve) => (showFirst = resolve));

/**
 * Says the first screen is on the page (main.tsx: the queue's rows, or at once for any other
 * screen): deferred parts start loading only then, so their code neither travels nor runs before it.
 */
export function firstScreenShown(): void {
  // After the next frame, so the browser paints the first screen before it fetches and runs the rest.
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(showFirst, 0));
  else showFirst();
}

/** Resolves once firstScreenShown has been called. */
export function whenFirstScreenShown(): Promise<void> {
  return shown;
}

/**
 * A part of a screen that the screen's first paint does not need (a dialog, the filters' menus):
 * its code loads in its own chunk once the first screen is shown and the part is rendered, showing
 * `fallback` (or nothing) meanwhile under its own Suspense boundary, so the screen around it is
 * never held back.
 */
export function deferred<P extends object>(load: () => Promise<ComponentType<P>>, fallback: ReactNode = null): Preloadable<P> {
  const Part = preloadable(() => shown.then(afterFirstScreen(load)));
  const Deferred = (props: P) => createElement(Suspense, { fallback }, createElement(Part, props));
  return Object.assign(Deferred, { preload: Part.preload });
}
