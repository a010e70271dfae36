// The queue's query, shared by the queue screen and the entry point (which
// starts the first page while the desk's code is still loading).
import { OPEN_STATUSES } from '../../../src/domain/case-lifecycle.ts';
import { api, qs, type CaseListItem, type Page } from '../api.ts';

export type QueueParams = Record<string, string | undefined>;

/** What the queue shows first: the whole desk's open cases, most urgent first (queue.tsx starts from it; boot.ts asks for it early). */
export const FIRST_QUEUE: QueueParams = { status: OPEN_STATUSES.join(','), ownerId: undefined, involving: undefined, channel: '', language: '', q: '', sort: 'priority', limit: '50' };

export function queueQuery(params: QueueParams) {
  return {
    queryKey: ['cases', params],
    queryFn: ({ pageParam }: { pageParam: string | undefined }) => api<Page<CaseListItem>>('GET', `/api/v1/cases${qs({ ...params, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: Page<CaseListItem>) => last.nextCursor ?? undefined,
  };
}
