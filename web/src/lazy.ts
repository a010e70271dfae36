// Lazy screens that can be loaded ahead. React.lazy suspends on its first
// render even when the chunk is already here, and React 19 reveals suspended
// content in 300 ms steps — two nested lazy screens cost 0.6 s on a warm
// start. A screen preloaded before it renders is rendered directly instead.
import { createElement, lazy, type ComponentType } from 'react';

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
