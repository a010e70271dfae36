// The preloadable screens of the web app (web/src/lazy.ts): once preloaded, a
// screen renders at once, with no Suspense step (React 19 reveals suspended
// content in 300 ms steps, which made the queue take 0.77 s instead of 0.31 s).
import { describe, expect, it } from 'vitest';
import { createElement, Suspense } from 'react';
import { renderToString } from 'react-dom/server';
import { preloadable } from '../../web/src/lazy.ts';

describe('preloadable screens', () => {
  it('before preloading, a screen suspends (the fallback shows); after, it renders directly', async () => {
    let loads = 0;
    const Screen = preloadable(async () => {
      loads++;
      return ({ who }: { who: string }) => createElement('p', null, `queue of ${who}`);
    });
    const page = () => renderToString(createElement(Suspense, { fallback: createElement('i', null, 'loading') }, createElement(Screen, { who: 'Anna' })));
    expect(page()).toContain('loading');
    await Screen.preload();
    expect(page()).toContain('queue of Anna');
    await Screen.preload();
    expect(loads).toBe(1); // the chunk is fetched once, however often it is asked for
  });

  it('a failed load can be tried again', async () => {
    let attempt = 0;
    const Screen = preloadable(async () => {
      if (++attempt === 1) throw new Error('network down');
      return () => createElement('p', null, 'here');
    });
    await expect(Screen.preload()).rejects.toThrow('network down');
    await Screen.preload();
    expect(renderToString(createElement(Screen, {}))).toContain('here');
  });
});
