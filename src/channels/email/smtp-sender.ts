// Outgoing mail through nodemailer. Each message carries a stable Message-ID
// derived from its id, so a retry after a crash is recognisable as the same
// mail, and the headers that keep a conversation on its case: In-Reply-To and
// References (the customer's mail client threads it), and a Reply-To of
// reply+<case token>@… (the answer finds its case even if the thread is lost).
import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type { Config } from '../../config.ts';
import { composeMail, senderOf } from './compose-mail.ts';

export interface OutgoingMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  /** Message-IDs (with angle brackets) this mail answers; the last is In-Reply-To. */
  references?: string[];
  replyTo?: string;
  /** RFC 3834: automatic mail says so, so that auto-responders do not answer it. */
  autoSubmitted?: 'auto-replied' | 'auto-generated';
}

export interface SendOptions {
  /**
   * Called once a connection is free and just before the SMTP transaction starts; the
   * send goes ahead only when it resolves true. Mail waiting for a connection is thus
   * not yet "sending" (deliver-message marks the intent here, issue 14).
   */
  onStart?: () => Promise<boolean>;
}

export interface Mailer {
  /** Sends one mail; false when `onStart` declined it. */
  send(mail: OutgoingMail, opts?: SendOptions): Promise<boolean>;
  /** The Message-ID our mail with this id carries. */
  messageIdFor(id: string): string;
  close(): void;
}

/** The domain of our Message-IDs. */
export function mailDomain(cfg: Config): string {
  return new URL(cfg.PUBLIC_URL ?? 'http://amends.local').hostname || 'amends.local';
}

/** A mailer when SMTP_URL is set; null means "record as not sent, and say why". */
export function createMailer(cfg: Config): Mailer | null {
  if (!cfg.SMTP_URL) return null;
  // A pool of connections: at a thousand complaints a second, one SMTP session per mail would not keep up.
  const url = new URL(cfg.SMTP_URL);
  url.searchParams.set('pool', 'true');
  if (!url.searchParams.has('maxConnections')) url.searchParams.set('maxConnections', String(cfg.SMTP_POOL_SIZE ?? 50));
  // nodemailer closes a pooled connection after 100 messages by default: a new TCP and EHLO
  // session every 100 mails. The pool's idle timeout (4 minutes) still closes quiet ones.
  if (!url.searchParams.has('maxMessages')) url.searchParams.set('maxMessages', '100000');
  const transport = nodemailer.createTransport(url.toString(), { from: cfg.MAIL_FROM });
  const pool = transport.transporter as SMTPPool;
  // At most one mail per pooled connection is between "started" and "settled".
  const slots = new Slots(Number(url.searchParams.get('maxConnections')) || 50);
  const sender = senderOf(cfg.MAIL_FROM);
  const domain = mailDomain(cfg);
  const messageIdFor = (id: string) => `<${id}@${domain}>`;
  return {
    messageIdFor,
    async send(mail, opts = {}) {
      const refs = mail.references ?? [];
      await slots.acquire();
      try {
        if (opts.onStart && !(await opts.onStart())) return false;
        const messageId = messageIdFor(mail.id);
        // Our plain one-part mail is built directly (compose-mail.ts); other addresses through nodemailer's composer.
        const raw = sender && composeMail({ ...mail, messageId, references: refs }, sender);
        if (raw) await sendBuilt(pool, { from: sender.address, to: [mail.to] }, messageId, raw);
        else
          await transport.sendMail({
            to: mail.to,
            subject: mail.subject,
            text: mail.text,
            messageId,
            ...(refs.length ? { inReplyTo: refs.at(-1), references: refs } : {}),
            ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
            ...(mail.autoSubmitted ? { headers: { 'Auto-Submitted': mail.autoSubmitted } } : {}),
          });
        return true;
      } finally {
        slots.release();
      }
    },
    close: () => transport.close(),
  };
}

/**
 * Hands a message we built (compose-mail.ts) straight to nodemailer's SMTP pool, the way its
 * Mailer hands a composed one (a custom transport's `send(mail, callback)`: `mail.message`
 * gives the envelope, the Message-ID and the message stream). Through `sendMail`, even a raw
 * message is wrapped in a MIME node that parses its envelope addresses again, makes a random
 * Message-ID it does not use and pipes the bytes through a stream pipeline: a quarter of the
 * worker's CPU per acknowledgement (issue 15). The pool, its connections, the SMTP session
 * (pipelining, dot-stuffing, errors, requeues) stay nodemailer's.
 */
function sendBuilt(pool: SMTPPool, envelope: { from: string; to: string[] }, messageId: string, raw: Buffer): Promise<void> {
  // What the pool reads of the message: it pipes it into the connection's data stream once
  // the server has said 354, and requeues it on a dropped reused connection only when
  // `readableDidRead` is false, i.e. no byte of it went out (at most once, issue 14).
  const source = {
    readableDidRead: false,
    pipe(dest: NodeJS.WritableStream) {
      source.readableDidRead = true;
      dest.end(raw);
      return dest;
    },
  };
  const message = {
    getEnvelope: () => envelope,
    messageId: () => messageId,
    getHeader: (key: string) => (key.toLowerCase() === 'message-id' ? messageId : undefined),
    createReadStream: () => source,
  };
  return new Promise((resolve, reject) => {
    pool.send({ data: {}, message } as unknown as Parameters<SMTPPool['send']>[0], (err) => (err ? reject(err) : resolve()));
  });
}

/** A counting semaphore: as many mails in flight as the pool has connections. */
class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = size;
  }

  acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}
