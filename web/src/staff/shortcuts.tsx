// Keyboard shortcuts as agents know them from other help desks: j/k move, o or
// Enter opens, x selects, a assigns (takes over), r replies, ? lists them. They
// never fire while someone types in a field, nor with Ctrl/Alt/Meta held.
import { useEffect, useRef, useState } from 'react';
import { deferred } from '../lazy.ts';
import { OwnerDialog } from './take-over.tsx';

const ShortcutsDialog = deferred(() => import('./shortcuts-help.tsx').then((m) => m.ShortcutsDialog));

/** The keys and what they do, in the order the help lists them (text under queuePower.keys.*). */
export const SHORTCUTS = [
  { keys: ['j'], what: 'next' },
  { keys: ['k'], what: 'previous' },
  { keys: ['o', 'Enter'], what: 'open' },
  { keys: ['x'], what: 'select' },
  { keys: ['a'], what: 'assign' },
  { keys: ['r'], what: 'reply' },
  { keys: ['?'], what: 'help' },
] as const;

/** Whether a key press happens inside something that takes text (or a dialog's own controls). */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.closest !== 'function') return false;
  return Boolean(el.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], [role="combobox"], [role="listbox"]'));
}

/** Whether Enter belongs to the focused control (a link, a button, a tab) rather than to the page. */
function ownsEnter(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return Boolean(el && typeof el.closest === 'function' && el.closest('a, button, [role="button"], [role="tab"], [role="checkbox"], [role="option"]'));
}

/**
 * Calls handlers[key] on key presses outside text fields; the latest handlers are used. A handler
 * that returns false did nothing, and the key keeps its ordinary meaning.
 */
export function useShortcuts(handlers: Partial<Record<string, (e: KeyboardEvent) => unknown>>, enabled = true): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (e.key === 'Enter' && ownsEnter(e.target)) return;
      // While a dialog is open, its own keys win (Escape closes it).
      if (document.querySelector('[role="dialog"][aria-modal="true"]')) return;
      const handler = ref.current[e.key];
      if (!handler || handler(e) === false) return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}

/** "?" opens the list of shortcuts (mounted on the queue and the case page); its dialog loads when first opened. */
export function ShortcutsHelp() {
  const [open, setOpen] = useState<boolean | null>(null);
  useShortcuts({ '?': () => setOpen(true) });
  return open === null ? null : <ShortcutsDialog opened={open} onClose={() => setOpen(false)} />;
}

/** The case page's keys: r puts the cursor in the reply, a takes the case over (or hands it on when it is mine). */
export function CaseKeys({ caseId, ownerId, closed, meId }: { caseId: string; ownerId: string | null; closed: boolean; meId: string | undefined }) {
  const [dialog, setDialog] = useState<'take-over' | 'reassign' | null>(null);
  useShortcuts({
    r: () => document.querySelector<HTMLTextAreaElement>('[data-testid="reply-body"]')?.focus(),
    a: () => !closed && setDialog(ownerId && ownerId === meId ? 'reassign' : 'take-over'),
  });
  return (
    <>
      <ShortcutsHelp />
      {dialog && <OwnerDialog caseId={caseId} mode={dialog} opened onClose={() => setDialog(null)} />}
    </>
  );
}
