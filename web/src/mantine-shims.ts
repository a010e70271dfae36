// Small stand-ins that vite.config.ts (slimMantine) puts in place of what two
// Mantine components import, so the queue's first screen does not carry code it
// never runs: AppShell's parts import react-remove-scroll (the dialogs' scroll
// lock) only for a class name, and a resize handle for resizable sections (the
// desk has none); Table imports its ScrollContainer, whose ScrollArea brings
// floating-ui, though the app only ever uses type="native".
// Dialogs still get the real react-remove-scroll; only the AppShell parts see these.
import { createElement, type CSSProperties, type ReactNode, type Ref } from 'react';

/** What AppShell's header, navbar, aside and footer read: the scroll lock's class names (react-remove-scroll's own values; test/web/first-screen.test.ts keeps them equal). */
export const RemoveScroll = { classNames: { zeroRight: 'right-scroll-bar-position', fullWidth: 'width-before-scroll-bar' } };

/** Mantine's rem(): px numbers scale with --mantine-scale; strings pass as they are. */
const rem = (v: number | string | undefined) => (typeof v === 'number' ? `calc(${v / 16}rem * var(--mantine-scale))` : v);

/** Table.ScrollContainer, type="native" only (Mantine's classes m_a100c15 and m_62259741: overflow, min width, max height). */
export function TableScrollContainer({ minWidth, maxHeight, type, children, className, style, ref, ...others }: { minWidth: number | string; maxHeight?: number | string; type?: 'native' | 'scrollarea'; children?: ReactNode; className?: string; style?: CSSProperties; ref?: Ref<HTMLDivElement> }) {
  if (type !== 'native') throw new Error('Table.ScrollContainer: only type="native" is built in (see web/src/mantine-shims.ts)');
  const vars = { '--table-overflow': 'auto', '--table-min-width': rem(minWidth), '--table-max-height': rem(maxHeight) } as CSSProperties;
  const inner = createElement('div', { className: 'm_62259741' }, children);
  return createElement('div', { ...others, ref, className: className ? `m_a100c15 ${className}` : 'm_a100c15', style: { ...vars, ...style } }, inner);
}

/** AppShell's resize handle, drawn only for a section with resize enabled, which the desk never sets. */
export function AppShellResizeHandle(): null {
  throw new Error('AppShell: resizable sections are not built in (see web/src/mantine-shims.ts)');
}
