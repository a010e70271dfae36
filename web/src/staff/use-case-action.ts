// One way every case panel writes: call the API, refresh the case, keep the error to show.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import i18next from 'i18next';
import { api, ApiError } from '../api.ts';

/** A POST on a case that refreshes the case (and the queue) afterwards. */
export function useCaseAction(caseId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ path, body }: { path: string; body?: unknown }) => {
      try {
        return await api<unknown>('POST', path, body ?? {});
      } catch (e) {
        // P-2.4: a colleague's case is taken over or joined first; say so in the reader's language.
        if (e instanceof ApiError && e.code === 'NOT_CASE_HANDLER') throw new ApiError(e.status, e.code, i18next.t('ownership.notYoursError'));
        throw e;
      }
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['case', caseId] });
      void qc.invalidateQueries({ queryKey: ['cases'] });
    },
  });
}
