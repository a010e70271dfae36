// What every use case receives besides its transaction: who acts, and the
// few services that outlive one request.
import type { Role } from './domain/authority.ts';
import type { Config } from './config.ts';

/** Who does something: a staff member, the customer through the portal, or Amends itself. */
export type Actor =
  | { type: 'user'; id: string; role: Role; name: string }
  | { type: 'customer'; caseId: string }
  | { type: 'system'; name: string };

export const SYSTEM: Actor = { type: 'system', name: 'amends' };

/** Long-lived collaborators of the use cases. */
export interface Services {
  config: Config;
  /** Wakes the job worker after a commit, so queued mail goes out at once (P-1.5). */
  wakeWorker(): void;
}

export function actorId(actor: Actor): string | null {
  return actor.type === 'user' ? actor.id : null;
}
