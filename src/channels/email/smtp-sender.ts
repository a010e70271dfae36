// Outgoing mail through nodemailer. Each message carries a stable Message-ID
// derived from its id, so a retry after a crash is recognisable as the same mail.
import nodemailer from 'nodemailer';
import type { Config } from '../../config.ts';

export interface OutgoingMail {
  id: string;
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** A mailer when SMTP_URL is set; null means "record as not sent, and say why". */
export function createMailer(cfg: Config): Mailer | null {
  if (!cfg.SMTP_URL) return null;
  // A pool of connections: at a thousand complaints a second, one SMTP session per mail would not keep up.
  const url = new URL(cfg.SMTP_URL);
  url.searchParams.set('pool', 'true');
  if (!url.searchParams.has('maxConnections')) url.searchParams.set('maxConnections', '5');
  const transport = nodemailer.createTransport(url.toString(), { from: cfg.MAIL_FROM });
  const domain = new URL(cfg.PUBLIC_URL ?? 'http://amends.local').hostname || 'amends.local';
  return {
    async send(mail) {
      await transport.sendMail({
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        messageId: `<${mail.id}@${domain}>`,
      });
    },
    close: () => transport.close(),
  };
}
