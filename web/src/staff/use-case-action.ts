// One way every case panel writes: call the API, refresh the case, keep the error to show.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api.ts';

/** A POST on a case that refreshes the case (and the queue) afterwards. */
export function useCaseAction(caseId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ path, body }: { path: string; body?: unknown }) => api<unknown>('POST', path, body ?? {}),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['case', caseId] });
      void qc.invalidateQueries({ queryKey: ['cases'] });
    },
  });
}
