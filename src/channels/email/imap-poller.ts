// The IMAP poller (imapflow), run by the worker role: every IMAP_POLL_MS it
// reads the unseen messages of each configured mailbox and hands their raw
// bytes to the same intake as the raw-MIME endpoint. A message is marked
// \Seen only after its raw copy is committed, so a crash or a database
// outage leaves it unseen and it is read again next time (the Message-ID
// index makes that second read harmless).
import { ImapFlow } from 'imapflow';
import type { Db } from '../../db/client.ts';
import type { Services } from '../../context.ts';
import { AppError } from '../../domain/errors.ts';
import { receiveEmail } from './receive-email.ts';

export interface ImapMailbox {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  pass: string;
  mailbox: string;
  /** How the mailbox is named in inbound_emails.source (no password). */
  source: string;
}

/** IMAP_URLS: imap[s]://user:pass@host[:port][/Mailbox], space or comma separated. */
export function parseImapUrls(value: string | undefined): ImapMailbox[] {
  return (value ?? '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((s) => {
      const u = new URL(s);
      if (u.protocol !== 'imap:' && u.protocol !== 'imaps:') throw new Error(`IMAP_URLS: ${u.protocol} is not imap: or imaps:`);
      const secure = u.protocol === 'imaps:';
      const mailbox = decodeURIComponent(u.pathname.replace(/^\//, '')) || 'INBOX';
      const user = decodeURIComponent(u.username);
      return {
        host: u.hostname,
        port: Number(u.port) || (secure ? 993 : 143),
        secure,
        user,
        pass: decodeURIComponent(u.password),
        mailbox,
        source: `imap:${user}@${u.hostname}/${mailbox}`,
      };
    });
}

export interface PollResult {
  fetched: number;
  stored: number;
  /** Left unseen to be read again (the database was not reachable, say). */
  deferred: number;
  /** Refused for good (not an email, too large): marked seen and flagged so they are not read forever. */
  refused: number;
}

export class ImapPoller {
  private running = false;
  private loop: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private wakeUp: (() => void) | null = null;

  constructor(
    private readonly opts: {
      db: Db;
      services: Services;
      mailboxes: ImapMailbox[];
      pollMs: number;
      log?: (msg: string, extra?: Record<string, unknown>) => void;
    },
  ) {}

  start(): void {
    if (this.running || this.opts.mailboxes.length === 0) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        for (const box of this.opts.mailboxes) {
          try {
            await this.pollMailbox(box);
          } catch (err) {
            this.opts.log?.('imap poll failed', { mailbox: box.source, err: (err as Error).message });
          }
        }
        if (!this.running) break;
        await new Promise<void>((resolve) => {
          this.timer = setTimeout(resolve, this.opts.pollMs);
          this.wakeUp = resolve;
        });
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.wakeUp?.();
    await this.loop;
  }

  /** One pass over one mailbox: every unseen message is stored, then marked seen. */
  async pollMailbox(box: ImapMailbox): Promise<PollResult> {
    const result: PollResult = { fetched: 0, stored: 0, deferred: 0, refused: 0 };
    const client = new ImapFlow({
      host: box.host,
      port: box.port,
      secure: box.secure,
      auth: { user: box.user, pass: box.pass },
      logger: false,
      // A plain local server (tests, a relay on the same host) offers no STARTTLS.
      doSTARTTLS: box.secure ? undefined : box.host === '127.0.0.1' || box.host === 'localhost' ? false : undefined,
    });
    client.on('error', (err: Error) => this.opts.log?.('imap connection error', { mailbox: box.source, err: err.message }));
    await client.connect();
    try {
      const lock = await client.getMailboxLock(box.mailbox);
      try {
        const uids = (await client.search({ seen: false }, { uid: true })) || [];
        for (const uid of uids) {
          // BODY.PEEK: fetching does not mark the message seen.
          const msg = await client.fetchOne(String(uid), { source: true }, { uid: true });
          if (!msg || !msg.source) continue;
          result.fetched++;
          try {
            await receiveEmail(this.opts.db, this.opts.services, box.source, msg.source);
            result.stored++;
          } catch (err) {
            if (err instanceof AppError) {
              result.refused++;
              this.opts.log?.('imap message refused', { mailbox: box.source, uid, code: err.code, err: err.message });
              await client.messageFlagsAdd(String(uid), ['\\Seen', '\\Flagged'], { uid: true });
            } else {
              // Not committed: leave it unseen, read it again next time.
              result.deferred++;
              this.opts.log?.('imap message deferred', { mailbox: box.source, uid, err: (err as Error).message });
            }
            continue;
          }
          await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
        }
      } finally {
        lock.release();
      }
    } finally {
      await client.logout().catch(() => client.close());
    }
    return result;
  }
}
