// The IMAP poller end to end against a real Dovecot (Debian's dovecot-imapd,
// installed by scripts/ensure-test-packages.sh), started privately for this file:
// IMAP only on 127.0.0.1, no TLS, one passwd-file user. Mail is put into the
// mailbox with IMAP APPEND, as a delivery agent would.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImapFlow } from 'imapflow';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { TARGETS, openTestDatabase } from '../helpers/db.ts';
import { freePort } from '../helpers/mail.ts';
import { queryRows } from '../../src/db/client.ts';
import { ImapPoller, parseImapUrls, type ImapMailbox } from '../../src/channels/email/imap-poller.ts';

const DOVECOT = '/usr/sbin/dovecot';
// Dovecot refuses to deliver mail as root; as root we hand the mail store to "nobody".
const canRun = existsSync(DOVECOT) && process.getuid?.() === 0;

async function startDovecot(): Promise<{ port: number; dir: string; child: ChildProcess }> {
  const dir = await mkdtemp(join(tmpdir(), 'amends-dovecot-'));
  await chmod(dir, 0o755);
  for (const d of ['run', 'state', 'home']) await mkdir(join(dir, d));
  await chown(join(dir, 'home'), 65534, 65534);
  await writeFile(join(dir, 'passwd'), 'shop:{PLAIN}imap-secret\n');
  const port = await freePort();
  await writeFile(
    join(dir, 'dovecot.conf'),
    `protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/log
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=65534 gid=65534 home=${dir}/home/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
`,
  );
  const child = spawn(DOVECOT, ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(true)); // the port is taken: Dovecot listens
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(false)));
    });
    if (up) return { port, dir, child };
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill();
  throw new Error(`dovecot did not start: ${await readFile(join(dir, 'log'), 'utf8').catch(() => '')}`);
}

describe.skipIf(!canRun).each(TARGETS)('IMAP poller against Dovecot on %s', (target) => {
  let t: TestApp;
  let dovecot: Awaited<ReturnType<typeof startDovecot>>;
  let box: ImapMailbox;
  const imap = () => new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: false, doSTARTTLS: false, auth: { user: 'shop', pass: 'imap-secret' }, logger: false });
  const fixture = async (name: string, id: string) =>
    (await readFile(join(import.meta.dirname, '../fixtures/eml', name))).toString('latin1').replaceAll('0001', id).replaceAll('0007', id).replaceAll('{{TO}}', 'help@shop.example').replaceAll('{{IN_REPLY_TO}}', '<x@y>');
  const unseen = async () => {
    const c = imap();
    await c.connect();
    const lock = await c.getMailboxLock('INBOX');
    try {
      return ((await c.search({ seen: false }, { uid: true })) || []).length;
    } finally {
      lock.release();
      await c.logout();
    }
  };
  const append = async (...raws: string[]) => {
    const c = imap();
    await c.connect();
    for (const raw of raws) await c.append('INBOX', Buffer.from(raw, 'latin1'));
    await c.logout();
  };

  beforeAll(async () => {
    dovecot = await startDovecot();
    t = await createTestApp(target, { MAIL_FROM: 'Shop <desk@shop.example>', MAIL_MAILBOXES: 'help@shop.example' });
    [box] = parseImapUrls(`imap://shop:imap-secret@127.0.0.1:${dovecot.port}/INBOX`) as [ImapMailbox];
  });
  afterAll(async () => {
    await t?.close();
    if (dovecot) {
      // Our own Dovecot, by its pid: wait until it has gone before removing its files.
      const exited = new Promise((r) => dovecot.child.once('exit', r));
      dovecot.child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      await rm(dovecot.dir, { recursive: true, force: true });
    }
  });

  it('reads unseen mail, opens cases (auto-replies ignored), marks them seen, and reads nothing twice', async () => {
    await append(await fixture('new-complaint.eml', '5001'), await fixture('auto-reply-rfc3834.eml', '5002'));
    expect(await unseen()).toBe(2);
    const poller = new ImapPoller({ db: t.database.db, services: t.services, mailboxes: [box], pollMs: 60_000 });
    expect(await poller.pollMailbox(box)).toEqual({ fetched: 2, stored: 2, deferred: 0, refused: 0 });
    expect(await unseen()).toBe(0);
    const rows = await queryRows<{ source: string; status: string; route: string }>(t.database.db, sql`select source, status, route from inbound_emails order by received_at`);
    expect(rows).toEqual([
      { source: `imap:shop@127.0.0.1/INBOX`, status: 'routed', route: 'mailbox' },
      { source: `imap:shop@127.0.0.1/INBOX`, status: 'ignored', route: 'auto_reply' },
    ]);
    expect((await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from cases where channel = 'email'`))[0]!.n).toBe(1);
    expect(await poller.pollMailbox(box)).toEqual({ fetched: 0, stored: 0, deferred: 0, refused: 0 });
  });

  it('leaves a message unseen while the database is down and takes it once it is back; refuses non-mail once', async () => {
    await append(await fixture('new-complaint.eml', '5003'));
    const down = await openTestDatabase(target);
    await down.close();
    const broken = new ImapPoller({ db: down.db, services: t.services, mailboxes: [box], pollMs: 60_000 });
    expect(await broken.pollMailbox(box)).toMatchObject({ fetched: 1, stored: 0, deferred: 1 });
    expect(await unseen()).toBe(1);
    const poller = new ImapPoller({ db: t.database.db, services: t.services, mailboxes: [box], pollMs: 60_000 });
    expect(await poller.pollMailbox(box)).toMatchObject({ fetched: 1, stored: 1, deferred: 0 });
    expect(await unseen()).toBe(0);
    expect((await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from messages where external_id = '<CAF-new-complaint-5003@mail.example.lv>'`))[0]!.n).toBe(1);

    await append('this is no mail at all, just text\r\n');
    expect(await poller.pollMailbox(box)).toMatchObject({ fetched: 1, stored: 0, refused: 1 });
    expect(await unseen()).toBe(0);
  });

  it('runs in the background from IMAP_URLS-style settings', async () => {
    await append(await fixture('new-complaint.eml', '5004'));
    const poller = new ImapPoller({ db: t.database.db, services: t.services, mailboxes: [box], pollMs: 100 });
    poller.start();
    try {
      const end = Date.now() + 15_000;
      while ((await unseen()) > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      expect(await unseen()).toBe(0);
    } finally {
      await poller.stop();
    }
    expect((await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from messages where external_id = '<CAF-new-complaint-5004@mail.example.lv>'`))[0]!.n).toBe(1);
  });
});
