// The fast path of inbound email (raw email at 500 a second): a fresh mail that simply opens
// a new case is parsed before it touches the database, and the mails arriving together are
// written as web intake writes its batches (src/cases/intake/intake-batcher.ts) — one statement
// finds or creates every sender and draws the case numbers, one more writes every case together
// with its raw mail, stored already routed. The raw bytes and the case commit in one atomic
// statement and the sender hears 201 only after it: no safety-net job is needed (a crash before
// the commit loses nothing the sender was told we have; the mail server delivers again).
// Everything else — machine mail, replies (a reply token, In-Reply-To / References), attachments,
// big mails, a Message-ID stored already, a batch that fails — returns null and takes the two
// steps of receive-email.ts (store, then route), so one odd mail never sinks others.
import { inboundEmails } from '../../db/schema.ts';
import { sql } from 'drizzle-orm';
import { queryPrepared, type Db } from '../../db/client.ts';
import { insertRows } from '../../db/bulk-insert.ts';
import { Coalescer, coalescerFor, type CoalescerOptions } from '../../db/coalesce.ts';
import { newId } from '../../db/ids.ts';
import { identifyAllFor, prepareCase, writeCases, type PreparedCase } from '../../cases/intake/open-case.ts';
import { INTAKE_LINGER_MS } from '../../cases/intake/intake-batcher.ts';
import type { Actor, Services } from '../../context.ts';
import { readMail, routeNote, type Outcome, type ReadMail } from './route-email.ts';
import type { MailView } from './simple-mime.ts';

const EMAIL: Actor = { type: 'system', name: 'email' };
/** Bigger mails take the two steps (their bytes travel as hex in the batch's JSON here). */
export const FAST_MAX_BYTES = 256 * 1024;

interface FastMail {
  source: string;
  raw: Buffer;
  dedupeKey: string;
  read: ReadMail;
}

export type FastOutcome = Outcome & { id: string };

/** One batcher per database handle and services (tests run several side by side). */
const batchers = new WeakMap<Db, WeakMap<Services, Coalescer<FastMail, FastOutcome | null>>>();

/** Can this parsed mail open its case on the fast path (a person writing anew, nothing to look up)? */
export function fastRead(services: Services, raw: Buffer, dedupeKey: string, mail: MailView): ReadMail | null {
  if (raw.length > FAST_MAX_BYTES || mail.attachments.length > 0) return null;
  const read = readMail(services.config, mail, dedupeKey);
  return read.machine || read.token || read.refs.length ? null : read;
}

/**
 * Stores the mail and opens its case, together with the mails arriving at the same moment;
 * null when it must take the two steps instead (its Message-ID was there already, the batch failed).
 */
export function intakeEmail(db: Db, services: Services, source: string, raw: Buffer, dedupeKey: string, read: ReadMail): Promise<FastOutcome | null> {
  let perDb = batchers.get(db);
  if (!perDb) batchers.set(db, (perDb = new WeakMap()));
  const batcher = coalescerFor(perDb, services, () => new Coalescer<FastMail, FastOutcome | null>((items) => writeMails(db, services, items), fastBatchOptions(services)));
  return batcher.call({ source, raw, dedupeKey, read });
}

/**
 * As web intake's: after a commit the next batch lingers (INTAKE_LINGER_MS at most) for the mail
 * servers just answered to come back, so a pipe's connections share one commit instead of taking
 * turns in two half-full ones (measured on the bench's 16 connections: about 7 mails a batch
 * without it). A batch's fixed cost, two statements, is shared by twice as many.
 */
export function fastBatchOptions(services: Services): CoalescerOptions {
  return { maxInFlight: services.config.INTAKE_IN_FLIGHT, maxBatch: 50, lingerMs: INTAKE_LINGER_MS };
}

async function writeMails(db: Db, services: Services, items: FastMail[]): Promise<(FastOutcome | null)[]> {
  // The same Message-ID twice in one batch: the first here, the other takes the two steps (and finds it stored).
  const seen = new Set<string>();
  const chosen = items.filter((m) => !seen.has(m.dedupeKey) && !!seen.add(m.dedupeKey));
  try {
    // The whole batch's senders and case numbers: one statement, committed alone.
    const pre = await identifyAllFor(db, services, chosen.map((m) => m.read.input));
    const prepared: PreparedCase[] = [];
    for (const [k, m] of chosen.entries()) prepared.push(await prepareCase(db, services, EMAIL, m.read.input, pre[k]));
    const processedAt = new Date();
    const outcomes = chosen.map((m, k): FastOutcome => {
      const opened = prepared[k]!.opened;
      return { id: newId(), status: 'routed', route: m.read.route, reason: routeNote(m.read.route, m.read.recipients), caseId: opened.case.id, messageId: opened.inboundMessageId };
    });
    const write = (ks: number[]) =>
      writeCases(
        db,
        ks.map((k) => prepared[k]!),
        [
          insertRows(
            inboundEmails,
            ks.map((k) => {
              const [m, o] = [chosen[k]!, outcomes[k]!];
              return { id: o.id, source: m.source, dedupeKey: m.dedupeKey, raw: `\\x${m.raw.toString('hex')}`, size: m.raw.length, status: o.status, route: o.route, reason: o.reason, caseId: o.caseId, messageId: o.messageId, processedAt };
            }),
          ),
        ],
      );
    // Every case with its raw mail: one statement, one transaction.
    let written = chosen.map((_, k) => k);
    try {
      await write(written);
    } catch (err) {
      // A Message-ID stored meanwhile (a second delivery racing the first) fails the statement on
      // the unique key: written again without those mails, which take the two steps and find theirs.
      const stored = new Set(
        (await queryPrepared<{ key: string }>(db, sql`select dedupe_key as key from inbound_emails where dedupe_key = any(${toArray(chosen.map((m) => m.dedupeKey))}::text[])`)).map((r) => r.key),
      );
      if (stored.size === 0) throw err;
      written = written.filter((k) => !stored.has(chosen[k]!.dedupeKey));
      if (written.length) await write(written);
    }
    services.wakeWorker();
    const done = new Map(written.map((k) => [chosen[k]!, outcomes[k]!]));
    return items.map((m) => done.get(m) ?? null);
  } catch {
    return items.map(() => null);
  }
}

/** A text[] literal (keys are Message-IDs: quoted, with backslashes and quotes escaped). */
function toArray(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}
