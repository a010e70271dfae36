// A new portal link for the customer when the old one was lost; the old
// ones keep working until they expire.
import type { Tx } from '../db/client.ts';
import { publicUrl } from '../config.ts';
import { appendEvent, lockCase } from '../cases/case-store.ts';
import type { Actor, Services } from '../context.ts';
import { issuePortalToken, portalUrlFor } from './portal-tokens.ts';

/** Issues a fresh portal token for a case and records who asked for it. */
export async function issuePortalLink(tx: Tx, services: Services, actor: Actor, caseId: string): Promise<{ portalUrl: string }> {
  await lockCase(tx, caseId);
  const token = await issuePortalToken(tx, caseId, services.config.PORTAL_LINK_DAYS);
  await appendEvent(tx, caseId, actor, 'portal_link_issued', {});
  return { portalUrl: portalUrlFor(publicUrl(services.config), token) };
}
