// A new portal link for the customer when the old one was lost; the old
// ones keep working until they expire.
import type { Tx } from '../db/client.ts';
import { publicUrl } from '../config.ts';
import { appendEvent, lockCase } from '../cases/case-store.ts';
import type { Actor, Services } from '../context.ts';
import { issuePortalToken, portalUrlFor } from './portal-tokens.ts';

/** Issues a fresh portal token for a case and records who asked for it. */
export async function issuePortalLink(tx: Tx, actor: Actor, input: { caseId: string }, opts: { services: Services }): Promise<{ portalUrl: string }> {
  const { caseId } = input;
  const { services } = opts;
  await lockCase(tx, caseId);
  const token = await issuePortalToken(tx, caseId, services.config.PORTAL_LINK_DAYS);
  await appendEvent(tx, caseId, actor, 'portal_link_issued', {});
  return { portalUrl: portalUrlFor(publicUrl(services.config), token) };
}
