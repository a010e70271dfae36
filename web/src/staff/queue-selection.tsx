// Selecting cases in the queue: checkboxes with shift-click ranges and "all on
// this page", and the keyboard's row cursor (j/k/x/o/a). What to do with the
// selection is bulk-bar.tsx, loaded once something is selected.
import { useState } from 'react';
import { Checkbox } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CaseListItem } from '../api.ts';
import { navigate } from '../router.tsx';
import { OwnerDialog, useMe } from './take-over.tsx';
import { useShortcuts } from './shortcuts.tsx';

/** The queue's selection (ids) and its keyboard cursor (a row index). */
export function useQueueSelection(rows: CaseListItem[]) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [anchor, setAnchor] = useState<number | null>(null);
  const [active, setActive] = useState(-1);
  const [assigning, setAssigning] = useState<string | null>(null);
  const me = useMe();
  /** Toggles one row; with shift, sets the whole range from the last row clicked to this one. */
  const toggle = (index: number, range = false) => {
    const id = rows[index]?.id;
    if (!id) return;
    setSelected((prev) => {
      const next = new Set(prev);
      const on = !prev.has(id);
      const [from, to] = range && anchor !== null ? [Math.min(anchor, index), Math.max(anchor, index)] : [index, index];
      for (let i = from; i <= to; i++) if (rows[i]) on ? next.add(rows[i]!.id) : next.delete(rows[i]!.id);
      return next;
    });
    setAnchor(index);
  };
  const allOnPage = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const toggleAll = () => setSelected(allOnPage ? new Set() : new Set(rows.map((r) => r.id)));
  const move = (by: number) => setActive((i) => Math.max(0, Math.min(rows.length - 1, (i < 0 ? (by > 0 ? -1 : rows.length) : i) + by)));
  const current = rows[active];
  useShortcuts({
    j: () => move(1),
    k: () => move(-1),
    o: () => (current ? navigate(`/cases/${current.id}`) : false),
    Enter: () => (current ? navigate(`/cases/${current.id}`) : false),
    x: () => (active >= 0 ? toggle(active) : false),
    a: () => (current && current.status !== 'closed' && current.ownerId !== me?.id ? setAssigning(current.id) : false),
  });
  const dialog = assigning ? <OwnerDialog caseId={assigning} mode="take-over" opened onClose={() => setAssigning(null)} /> : null;
  return { rows, selected, toggle, allOnPage, toggleAll, clear: () => setSelected(new Set()), active, setActive, dialog };
}

export type QueueSelection = ReturnType<typeof useQueueSelection>;

/** The header cell: select every case on the page. */
export function SelectAllCheckbox({ s }: { s: QueueSelection }) {
  const { t } = useTranslation();
  return <Checkbox aria-label={t('queuePower.bulk.selectAll')} checked={s.allOnPage} indeterminate={!s.allOnPage && s.selected.size > 0} onChange={s.toggleAll} data-testid="select-all" />;
}

/** A row's checkbox (shift-click selects the range). */
export function RowCheckbox({ s, index, row }: { s: QueueSelection; index: number; row: CaseListItem }) {
  const { t } = useTranslation();
  return (
    <Checkbox
      aria-label={t('queuePower.bulk.select', { number: row.number })}
      checked={s.selected.has(row.id)}
      onChange={() => undefined}
      onClick={(e) => s.toggle(index, e.shiftKey)}
      data-testid="row-select"
    />
  );
}

