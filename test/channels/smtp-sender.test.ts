// The mailer (smtp-sender.ts) against a real SMTP server (smtp-server): our built mail goes
// out byte for byte as compose-mail wrote it (dot-stuffed on the wire, unstuffed on arrival),
// pooled connections carry more than nodemailer's default of 100 messages each, and a pooled
// connection the server dropped is replaced without losing or doubling a mail.
import { afterEach, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { createMailer, type Mailer } from '../../src/channels/email/smtp-sender.ts';
import { composeMail, senderOf } from '../../src/channels/email/compose-mail.ts';
import { loadConfig } from '../../src/config.ts';

interface Got {
  from: string;
  to: string[];
  raw: Buffer;
}

/**
 * An SMTP server keeping each mail's envelope and raw bytes, and counting connections. With
 * `holdUntil`, it answers no mail until that many are being transferred at once (one per
 * connection), then every one.
 */
async function rawServer(holdUntil = 0) {
  const got: Got[] = [];
  let connections = 0;
  let held: (() => void)[] | null = holdUntil > 0 ? [] : null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect: (_s, cb) => (connections++, cb()),
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        got.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
        if (!held) return done();
        held.push(() => done());
        if (held.length < holdUntil) return;
        const all = held;
        held = null;
        all.forEach((answer) => answer());
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.server.address() as { port: number }).port;
  return {
    server,
    port,
    got,
    connections: () => connections,
    /** Ends every open connection from the server's side (as an idle timeout does). */
    dropAll: () => (server as unknown as { connections: Set<{ close(): void }> }).connections.forEach((c) => c.close()),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('createMailer', () => {
  let mailer: Mailer | null = null;
  let srv: Awaited<ReturnType<typeof rawServer>> | null = null;
  afterEach(async () => {
    mailer?.close();
    await srv?.close();
    mailer = null;
    srv = null;
  });
  const config = (port: number, query = '') =>
    loadConfig({}, { SMTP_URL: `smtp://127.0.0.1:${port}${query}`, MAIL_FROM: 'Amends Desk <desk@shop.example>', PUBLIC_URL: 'https://care.shop.example' });
  const body = (i: number) => `Dear customer ${i},\n.\nA line that began with a dot above. Jūsu sūdzība ir saņemta — ${'long line '.repeat(12)}\n..two dots`;

  it('sends the mail compose-mail built, byte for byte, 120 mails over one pooled connection', async () => {
    srv = await rawServer();
    mailer = createMailer(config(srv.port, '?maxConnections=1'))!;
    const n = 120;
    const sent = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        mailer!.send({ id: `m-${i}`, to: `customer-${i}@example.lv`, subject: `Re: Pasūtījums [C-${i}]`, text: body(i), references: ['<earlier@shop.example>'], replyTo: 'reply+tok@shop.example', autoSubmitted: 'auto-replied' }),
      ),
    );
    expect(sent.every(Boolean)).toBe(true);
    expect(srv.got).toHaveLength(n);
    // nodemailer's pool closes a connection after 100 messages unless told otherwise.
    expect(srv.connections()).toBe(1);
    const sender = senderOf('Amends Desk <desk@shop.example>')!;
    for (let i = 0; i < n; i++) {
      const g = srv.got.find((x) => x.to[0] === `customer-${i}@example.lv`)!;
      expect(g.from).toBe('desk@shop.example');
      expect(g.to).toEqual([`customer-${i}@example.lv`]);
      const date = /^Date: (.*)$/m.exec(g.raw.toString())![1]!;
      const expected = composeMail(
        { to: `customer-${i}@example.lv`, subject: `Re: Pasūtījums [C-${i}]`, text: body(i), messageId: mailer.messageIdFor(`m-${i}`), references: ['<earlier@shop.example>'], replyTo: 'reply+tok@shop.example', autoSubmitted: 'auto-replied' },
        sender,
        new Date(date.replace('+0000', 'GMT')),
      )!;
      // The data's end (CRLF . CRLF) leaves the CRLF that closes the last line.
      expect(g.raw.toString('latin1')).toBe(`${expected.toString('latin1')}\r\n`);
    }
  });

  it('sends mail side by side over 50 pooled connections by default', async () => {
    // Each connection waits for its mail's durable mark before it sends: ten carried about 1,000
    // acknowledgements a second at best, no room to catch up at a steady 1,000 (docs/OPERATIONS.md).
    srv = await rawServer(50);
    mailer = createMailer(config(srv.port))!;
    const sent = await Promise.all(Array.from({ length: 60 }, (_, i) => mailer!.send({ id: `p-${i}`, to: `pool-${i}@example.com`, subject: 'Hello', text: `Mail ${i}.` })));
    expect(sent.every(Boolean)).toBe(true);
    expect(srv.got).toHaveLength(60);
    expect(srv.connections()).toBe(50);
  });

  it('replaces a pooled connection the server dropped: every mail arrives once', async () => {
    srv = await rawServer();
    mailer = createMailer(config(srv.port, '?maxConnections=2'))!;
    const send = (i: number) => mailer!.send({ id: `d-${i}`, to: `drop-${i}@example.com`, subject: 'Hello', text: `Mail ${i}.` });
    expect(await Promise.all([send(0), send(1)])).toEqual([true, true]);
    srv.dropAll();
    await new Promise((r) => setTimeout(r, 200));
    expect(await Promise.all([send(2), send(3), send(4)])).toEqual([true, true, true]);
    expect(srv.got.map((g) => g.to[0]).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `drop-${i}@example.com`));
  });
});
