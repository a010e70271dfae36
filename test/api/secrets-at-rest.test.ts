// Secrets at rest (src/secrets), on PGlite and PostgreSQL: the webhook signing key
// and the TOTP secret are stored only encrypted (the columns, and on PGlite the
// whole data directory, on PostgreSQL a pg_dump, hold no plaintext); plaintext rows from before are sealed
// by the startup sweep and keep working (the signature verifies, the code signs
// in); a rotation moves every row to the new key; a wrong key is SECRET_UNREADABLE
// at use and stops the sweep with a clear message; a ciphertext moved to another
// row does not open. Every start runs the sweep and refuses a key that does not fit.
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Secret } from 'otpauth';
import { createTestApp, PASSWORD, TEST_SECRET_KEYS, type TestApp } from '../helpers/app.ts';
import { TARGETS } from '../helpers/db.ts';
import { queryRows } from '../../src/db/client.ts';
import { Worker } from '../../src/jobs/worker.ts';
import { hashCode, totpCode } from '../../src/staff/second-factor.ts';
import { keyring, useSecretKeys } from '../../src/secrets/secret-box.ts';
import { SecretKeyError, sealStoredSecrets } from '../../src/secrets/seal-stored-secrets.ts';
import { startServer } from '../../src/server.ts';
import { loadConfig } from '../../src/config.ts';

const run = promisify(execFile);

async function startReceiver() {
  const received: { signature: string; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ signature: String(req.headers['x-amends-signature']), body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200).end('thanks');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** As docs/API.md tells receivers to check a signature. */
function verify(secret: string, header: string, body: string): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  return !!m && createHmac('sha256', secret).update(`${m[1]}.${body}`).digest('hex') === m[2];
}

describe.each(TARGETS)('secrets at rest on %s', (target) => {
  let t: TestApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let worker: Worker;
  const column = (table: 'webhooks' | 'staff_totp') => queryRows<{ secret: string }>(t.database.db, sql.raw(`select secret from ${table}`));
  const dump = async (table: 'webhooks' | 'staff_totp') => JSON.stringify(await queryRows(t.database.db, sql.raw(`select * from ${table}`)));
  const work = async (done: () => boolean) => {
    for (let i = 0; i < 400 && !done(); i++) if ((await worker.runOnce()) === 0) await new Promise((r) => setTimeout(r, 10));
  };
  const RECOVERY = 'abcd1234-ef567890';
  /** The agent's TOTP secret as an older version stored it (set by the second test). */
  let agentTotp = '';
  const signIn = (email: string, code?: string) => t.call(null, 'POST', '/api/v1/session', { email, password: PASSWORD, ...(code ? { code } : {}) });

  beforeAll(async () => {
    receiver = await startReceiver();
    t = await createTestApp(target, { WEBHOOK_ALLOW_PRIVATE: true, WEBHOOK_RETRY_BASE_MS: 5, WEBHOOK_MAX_ATTEMPTS: 2 });
    worker = new Worker({ db: t.database.db, mailer: null, config: t.services.config, pollMs: 50 });
  });
  afterEach(() => useSecretKeys(TEST_SECRET_KEYS));
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  it('a webhook key and a TOTP secret written through the API are stored only encrypted', async () => {
    const secret = `whsec_fresh_${randomBytes(8).toString('hex')}`;
    const hook = await t.call('admin', 'POST', '/api/v1/webhooks', { url: 'https://hooks.example.com/a', events: ['case.opened'], secret });
    expect(hook.statusCode).toBe(201);
    expect(hook.data.secretHint).toBe(`…${secret.slice(-4)}`);
    const rotated = `whsec_rotated_${randomBytes(8).toString('hex')}`;
    expect((await t.call('admin', 'PATCH', `/api/v1/webhooks/${hook.data.id}`, { secret: rotated })).data.secretHint).toBe(`…${rotated.slice(-4)}`);
    const enrol = await t.call('supervisor', 'POST', '/api/v1/session/totp');
    expect(enrol.statusCode).toBe(201);
    const totp = enrol.data.secret as string;

    const stored = [...(await column('webhooks')), ...(await column('staff_totp'))].map((r) => r.secret);
    expect(stored).toHaveLength(2);
    for (const s of stored) expect(s).toMatch(new RegExp(`^enc:v1:${TEST_SECRET_KEYS.current.id}:`));
    const tables = (await dump('webhooks')) + (await dump('staff_totp'));
    for (const plain of [secret, rotated, totp]) expect(tables).not.toContain(plain);
    expect((await t.call('admin', 'GET', `/api/v1/webhooks/${hook.data.id}`)).data.secretHint).toBe(`…${rotated.slice(-4)}`);
    // The confirmation computes the code from the stored (sealed) secret.
    expect((await t.call('supervisor', 'POST', '/api/v1/session/totp/confirm', { code: totpCode(totp) })).statusCode).toBe(200);

    if (target === 'pglite') {
      // The database as a backup would copy it: every page and the write-ahead log.
      await t.database.db.execute(sql`checkpoint`);
      const client = (t.database.db as unknown as { $client: { dumpDataDir(c: 'none'): Promise<Blob> } }).$client;
      const files = Buffer.from(await (await client.dumpDataDir('none')).arrayBuffer());
      expect(files.length).toBeGreaterThan(1_000_000);
      for (const plain of [secret, rotated, totp]) expect(files.includes(plain)).toBe(false);
    } else {
      // pg_dump of the whole database, as an operator would take it.
      const { stdout } = await run('pg_dump', ['--data-only', '--no-owner', t.database.url!], { maxBuffer: 256 * 1024 * 1024 });
      expect(stdout).toContain('COPY public.webhooks');
      expect(stdout).toContain('enc:v1:');
      for (const plain of [secret, rotated, totp]) expect(stdout).not.toContain(plain);
    }
    await t.call('admin', 'DELETE', `/api/v1/webhooks/${hook.data.id}`);
  });

  it('plaintext rows from before are sealed by the sweep and still work: the signature verifies, the code signs in', async () => {
    const legacy = `whsec_legacy_${randomBytes(6).toString('hex')}`;
    const hook = await t.call('admin', 'POST', '/api/v1/webhooks', { url: receiver.url, events: ['case.opened'], secret: 'replaced below' });
    const totp = (agentTotp = new Secret({ size: 20 }).base32);
    // As an older version wrote them: the secrets as given.
    await t.database.db.execute(sql`update webhooks set secret = ${legacy} where id = ${hook.data.id}`);
    await t.database.db.execute(sql`insert into staff_totp (user_id, secret, confirmed_at, recovery_hashes) values (${t.users.agent.id}, ${totp}, now(), array[${hashCode(RECOVERY)}])`);
    // Readable before the sweep (a plaintext row passes through) …
    expect((await t.call('admin', 'GET', `/api/v1/webhooks/${hook.data.id}`)).data.secretHint).toBe(`…${legacy.slice(-4)}`);

    const report = await sealStoredSecrets(t.database.db, TEST_SECRET_KEYS);
    expect(report).toEqual({ sealed: 2, resealed: 0, unreadable: [] });
    const tables = (await dump('webhooks')) + (await dump('staff_totp'));
    expect(tables).not.toContain(legacy);
    expect(tables).not.toContain(totp);
    for (const r of [...(await column('webhooks')), ...(await column('staff_totp'))]) expect(r.secret).toMatch(/^enc:v1:/);
    // Once is enough: a second sweep finds nothing to do.
    expect(await sealStoredSecrets(t.database.db, TEST_SECRET_KEYS)).toEqual({ sealed: 0, resealed: 0, unreadable: [] });

    expect((await signIn('agent@test.example')).data.error.code).toBe('TOTP_REQUIRED');
    expect((await signIn('agent@test.example', totpCode(totp))).statusCode).toBe(200);

    const filed = await t.call(null, 'POST', '/api/v1/public/complaints', { name: 'Ilze', email: 'ilze@example.com', body: 'The parcel came open and half of it is missing.', language: 'en' });
    expect(filed.statusCode).toBe(201);
    await work(() => receiver.received.length >= 1);
    expect(receiver.received).toHaveLength(1);
    expect(verify(legacy, receiver.received[0]!.signature, receiver.received[0]!.body)).toBe(true);
  });

  it('a rotation moves every row to the new key; the old key alone then reads nothing', async () => {
    const next = keyring(randomBytes(32), TEST_SECRET_KEYS.current.key);
    const rows = (await column('webhooks')).length + (await column('staff_totp')).length;
    expect(await sealStoredSecrets(t.database.db, next)).toEqual({ sealed: 0, resealed: rows, unreadable: [] });
    for (const r of [...(await column('webhooks')), ...(await column('staff_totp'))]) expect(r.secret.startsWith(`enc:v1:${next.current.id}:`)).toBe(true);
    useSecretKeys(next);
    const hooks = await t.call('admin', 'GET', '/api/v1/webhooks');
    expect(hooks.statusCode).toBe(200);
    expect(hooks.data.items.length).toBeGreaterThan(0);
    // The next step's code (the last one was spent by the sign-in before).
    expect((await signIn('agent@test.example', totpCode(agentTotp, Date.now() + 30_000))).statusCode).toBe(200);
    // Back to the first key only: the rows are now under a key it does not have.
    useSecretKeys(TEST_SECRET_KEYS);
    const refused = await t.call('admin', 'GET', '/api/v1/webhooks');
    expect(refused.statusCode).toBe(500);
    expect(refused.data.error.code).toBe('SECRET_UNREADABLE');
    expect(refused.data.error.message).toContain(next.current.id);
    // Put them back under the test key for the tests after this one.
    expect((await sealStoredSecrets(t.database.db, keyring(TEST_SECRET_KEYS.current.key, next.current.key))).resealed).toBe(rows);
  });

  it('a wrong key: SECRET_UNREADABLE at use, never a garbage value; the sweep stops with a clear message', async () => {
    const wrong = keyring(randomBytes(32));
    useSecretKeys(wrong);
    const signIn2 = await signIn('agent@test.example', '123456');
    expect(signIn2.statusCode).toBe(500);
    expect(signIn2.data.error.code).toBe('SECRET_UNREADABLE');
    // Turning it off says why too (not "wrong code"); a recovery code, kept as a hash, still signs in.
    const off = await t.call('agent', 'POST', '/api/v1/session/totp/disable', { password: PASSWORD, code: '123456' });
    expect(off.data.error.code).toBe('SECRET_UNREADABLE');
    expect((await signIn('agent@test.example', RECOVERY)).statusCode).toBe(200);
    const listed = await t.call('admin', 'GET', '/api/v1/webhooks');
    expect(listed.data.error.code).toBe('SECRET_UNREADABLE');
    // A delivery under the wrong key is a failed attempt in the log, not a POST signed with garbage.
    const before = receiver.received.length;
    const filed = await t.call(null, 'POST', '/api/v1/public/complaints', { name: 'Juris', email: 'juris@example.com', body: 'Nobody answered my three emails about the refund.', language: 'en' });
    expect(filed.statusCode).toBe(201);
    let failed: { last_error: string | null }[] = [];
    for (let i = 0; i < 400 && !failed.length; i++) {
      if ((await worker.runOnce()) === 0) await new Promise((r) => setTimeout(r, 10));
      failed = await queryRows<{ last_error: string | null }>(t.database.db, sql`select last_error from webhook_deliveries where state = 'failed'`);
    }
    expect(receiver.received.length).toBe(before);
    expect(failed[0]!.last_error).toMatch(/^SECRET_UNREADABLE: .*AMENDS_SECRET_KEY/);

    let error: unknown;
    try {
      await sealStoredSecrets(t.database.db, wrong);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SecretKeyError);
    expect((error as Error).message).toContain(`with key ${TEST_SECRET_KEYS.current.id}`);
    expect((error as Error).message).toContain(wrong.current.id);
    expect((error as Error).message).toContain('AMENDS_SECRET_KEY');
    // Nothing was rewritten.
    for (const r of await column('webhooks')) expect(r.secret.startsWith(`enc:v1:${TEST_SECRET_KEYS.current.id}:`)).toBe(true);
  });

  it('every start seals plaintext rows first, and refuses a key that does not fit the stored secrets', async () => {
    const [row] = await queryRows<{ id: string }>(t.database.db, sql`select id from webhooks order by created_at limit 1`);
    await t.database.db.execute(sql`update webhooks set secret = 'whsec_plain_at_start' where id = ${row!.id}`);
    const start = (key: Buffer) =>
      startServer(loadConfig({ AMENDS_SECRET_KEY: key.toString('base64') }, { LOG_LEVEL: 'silent' }), { database: t.database, role: 'web', listen: false });
    const running = await start(TEST_SECRET_KEYS.current.key);
    await running.close();
    const [after] = await queryRows<{ secret: string }>(t.database.db, sql`select secret from webhooks where id = ${row!.id}`);
    expect(after!.secret.startsWith(`enc:v1:${TEST_SECRET_KEYS.current.id}:`)).toBe(true);
    expect((await t.call('admin', 'GET', `/api/v1/webhooks/${row!.id}`)).data.secretHint).toBe('…tart');
    await expect(start(randomBytes(32))).rejects.toThrow(/encrypted with a key this process does not have .*Set AMENDS_SECRET_KEY/);
  });

  it('a ciphertext moved to another row does not open there', async () => {
    const a = await t.call('admin', 'POST', '/api/v1/webhooks', { url: 'https://hooks.example.com/a', events: ['case.opened'], secret: 'whsec_aaaa_1111' });
    const b = await t.call('admin', 'POST', '/api/v1/webhooks', { url: 'https://hooks.example.com/b', events: ['case.opened'], secret: 'whsec_bbbb_2222' });
    await t.database.db.execute(sql`update webhooks set secret = (select secret from webhooks where id = ${a.data.id}) where id = ${b.data.id}`);
    const moved = await t.call('admin', 'GET', `/api/v1/webhooks/${b.data.id}`);
    expect(moved.data.error.code).toBe('SECRET_UNREADABLE');
    expect(JSON.stringify(moved.data)).not.toContain('1111');
    expect((await t.call('admin', 'GET', `/api/v1/webhooks/${a.data.id}`)).data.secretHint).toBe('…1111');
    // The sweep leaves it as it is and says so.
    expect((await sealStoredSecrets(t.database.db, keyring(randomBytes(32), TEST_SECRET_KEYS.current.key))).unreadable).toEqual([`webhooks.secret of ${b.data.id}`]);
  });
});
