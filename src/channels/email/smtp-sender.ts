// Outgoing mail through nodemailer. Each message carries a stable Message-ID
// derived from its id, so a retry after a crash is recognisable as the same
// mail, and the headers that keep a conversation on its case: In-Reply-To and
// References (the customer's mail client threads it), and a Reply-To of
// reply+<case token>@… (the answer finds its case even if the thread is lost).
import nodemailer from 'nodemailer';
import type { Config } from '../../config.ts';

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

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
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
  if (!url.searchParams.has('maxConnections')) url.searchParams.set('maxConnections', '5');
  const transport = nodemailer.createTransport(url.toString(), { from: cfg.MAIL_FROM });
  const domain = mailDomain(cfg);
  const messageIdFor = (id: string) => `<${id}@${domain}>`;
  return {
    messageIdFor,
    async send(mail) {
      const refs = mail.references ?? [];
      await transport.sendMail({
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        messageId: messageIdFor(mail.id),
        ...(refs.length ? { inReplyTo: refs.at(-1), references: refs } : {}),
        ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
        ...(mail.autoSubmitted ? { headers: { 'Auto-Submitted': mail.autoSubmitted } } : {}),
      });
    },
    close: () => transport.close(),
  };
}
