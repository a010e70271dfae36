// The light half of ownership (ownership.tsx has the rest): the staff directory,
// who is signed in, and the "Take over" button, whose dialog (a Modal and a
// Select: floating-ui and focus trapping) loads only when someone opens it, so
// the queue's first screen does not carry it.
import { useState } from 'react';
import { Button } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Colleague, type Page, type User } from '../api.ts';
import { deferred } from '../lazy.ts';

/** The take-over / reassign dialog (ownership.tsx), loaded when first shown. */
export const OwnerDialog = deferred(() => import('./ownership.tsx').then((m) => m.OwnerDialog));

/** The staff directory, for owner names and the reassign list (GET /colleagues: every desk role). */
export function useStaff() {
  return useQuery({ queryKey: ['colleagues'], queryFn: () => api<Page<Colleague>>('GET', '/api/v1/colleagues'), staleTime: 60_000 });
}

/** The signed-in person (loaded by the staff app before any page shows). */
export function useMe(): User | undefined {
  return useQueryClient().getQueryData<User>(['session']);
}

/** A "Take over" button that opens the dialog (the queue row, the case header). */
export function TakeOverButton({ caseId, size = 'xs' }: { caseId: string; size?: 'xs' | 'sm' }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size={size} variant="light" onClick={() => setOpen(true)} data-testid="take-over">{t('ownership.takeOver')}</Button>
      {open && <OwnerDialog caseId={caseId} mode="take-over" opened onClose={() => setOpen(false)} />}
    </>
  );
}
