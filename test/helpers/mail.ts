// Real mail for tests: an SMTP server (smtp-server) that parses what it
// receives (mailparser), a free local port, and waiting for a condition.
import { createServer } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface ReceivedMail {
  /** The envelope recipients, comma separated. */
  rcpt: string;
  subject: string;
  text: string;
  messageId: string;
  /** Everything else: headers, html, attachments. */
  parsed: ParsedMail;
}

export interface TestSmtp {
  server: SMTPServer;
  port: number;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

/** A local SMTP server that keeps every mail it accepts, parsed. */
export function startSmtp(port = 0): Promise<TestSmtp> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      simpleParser(stream)
        .then((m) => {
          mails.push({ rcpt: session.envelope.rcptTo.map((r) => r.address).join(','), subject: m.subject ?? '', text: m.text ?? '', messageId: m.messageId ?? '', parsed: m });
          done();
        })
        .catch(done);
    },
  });
  return new Promise((resolve) =>
    server.listen(port, '127.0.0.1', () =>
      resolve({ server, port: (server.server.address() as { port: number }).port, mails, close: () => new Promise<void>((r) => server.close(() => r())) }),
    ),
  );
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** Polls until the condition holds; fails after `ms`. */
export async function until(cond: () => Promise<boolean> | boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
