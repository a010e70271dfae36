// The `amends` command as a newcomer runs it: a real process, a real PGlite
// data folder, configuration errors that say what is wrong.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { realpathSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '../src/db/client.ts';
import { userForApiToken } from '../src/staff/api-tokens.ts';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '..', 'bin', 'amends.js');

async function amends(args: string[], env: Record<string, string>, input?: string) {
  const child = run(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, timeout: 120_000 });
  if (input !== undefined) {
    child.child.stdin!.end(input);
  }
  return child;
}

// Each command is a fresh process that opens a new PGlite data folder: on a busy 2-core
// machine that alone can take most of a minute, so these tests get room.
describe('amends CLI', { timeout: 180_000 }, () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'amends-cli-'));
    env = { AMENDS_DATA_DIR: dir, DATABASE_URL: '' };
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('adds a user and creates a token that authenticates as that role', async () => {
    const added = await amends(['users', 'add', '--email', 'marta@example.com', '--name', 'Marta Kask', '--role', 'supervisor', '--password', 'long enough', '--languages', 'en,lv'], env);
    expect(added.stdout).toMatch(/user marta@example.com \(supervisor\) created/);
    const dup = await amends(['users', 'add', '--email', 'MARTA@example.com', '--name', 'M', '--role', 'agent', '--password', 'long enough'], env).catch((e) => e);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/exists/);
    const created = await amends(['tokens', 'create', '--name', 'CRM sync', '--role', 'agent'], env);
    const token = created.stdout.trim();
    expect(token).toMatch(/^amd_[A-Za-z0-9_-]{43}$/);
    const tokenId = /token id (\S+)/.exec(created.stderr)![1]!;
    // A mail server's token may only feed channels in.
    const mta = (await amends(['tokens', 'create', '--name', 'Postfix pipe', '--scope', 'channels:ingest'], env)).stdout.trim();
    const badScope = await amends(['tokens', 'create', '--name', 'x', '--scope', 'everything'], env).catch((e) => e);
    expect(badScope.code).toBe(2);
    expect(badScope.stderr).toMatch(/unknown scopes: everything/);
    const database = await openDatabase({ dataDir: join(dir, 'pglite') });
    try {
      const user = await userForApiToken(database.db, token);
      expect(user).toMatchObject({ name: 'CRM sync', role: 'agent', kind: 'service', scopes: null });
      expect(await userForApiToken(database.db, mta)).toMatchObject({ name: 'Postfix pipe', scopes: ['channels:ingest'] });
    } finally {
      await database.close();
    }
    // Revoked from the command line: refused from then on, and every step is in the audit log (issue 14).
    expect((await amends(['tokens', 'revoke', '--id', tokenId], env)).stdout).toMatch(/token CRM sync .* revoked/);
    const after = await openDatabase({ dataDir: join(dir, 'pglite') });
    try {
      expect(await userForApiToken(after.db, token)).toBeNull();
      const rows = await queryRows<{ action: string; actor_name: string }>(after.db, sql`select action, actor_name from audit_log order by id`);
      expect(rows.map((r) => r.action)).toEqual(['user.create', 'api_token.issue', 'api_token.issue', 'api_token.revoke']);
      expect(rows.every((r) => r.actor_name === 'amends cli')).toBe(true);
    } finally {
      await after.close();
    }
  });

  it('secrets reseal: plaintext secrets sealed with the key made in the data folder; a key that does not fit is refused, clearly', async () => {
    const id = '0190a0a0-0000-7000-8000-00000000cafe';
    const before = await openDatabase({ dataDir: join(dir, 'pglite') });
    try {
      await before.db.execute(sql`insert into webhooks (id, url, events, event_kinds, secret) values (${id}, 'https://hooks.example.com/x', '{case.opened}', '{case_opened}', 'whsec_cli_plain_1234')`);
    } finally {
      await before.close();
    }
    const sealed = await amends(['secrets', 'reseal'], env);
    expect(sealed.stdout).toMatch(/stored secrets under key [0-9a-f]{8} \(.*secret\.key\): 1 plaintext sealed, 0 moved from an older key/);
    expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    const wrong = await amends(['secrets', 'reseal'], { ...env, AMENDS_SECRET_KEY: randomBytes(32).toString('base64') }).catch((e) => e);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^amends: stored secrets were encrypted with a key this process does not have \(1 with key [0-9a-f]{8}; /);
    expect(wrong.stderr).not.toMatch(/\.ts:\d+/);
    const after = await openDatabase({ dataDir: join(dir, 'pglite') });
    try {
      const [row] = await queryRows<{ secret: string }>(after.db, sql`select secret from webhooks where id = ${id}`);
      expect(row!.secret).toMatch(/^enc:v1:[0-9a-f]{8}:/);
      expect(row!.secret).not.toContain('whsec_cli_plain');
      await after.db.execute(sql`delete from webhooks where id = ${id}`);
    } finally {
      await after.close();
    }
  });

  it('refuses bad arguments and bad configuration with a clear message', async () => {
    const role = await amends(['users', 'add', '--email', 'a@b.c', '--name', 'A', '--role', 'boss', '--password', 'long enough'], env).catch((e) => e);
    expect(role.code).toBe(2);
    expect(role.stderr).toMatch(/--role must be one of agent, supervisor, head, admin/);
    const port = await amends(['migrate'], { ...env, PORT: 'eighty' }).catch((e) => e);
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/PORT/);
    const url = await amends(['migrate'], { ...env, DATABASE_URL: 'mysql://x' }).catch((e) => e);
    expect(url.stderr).toMatch(/DATABASE_URL: must start with postgres/);
    const unknown = await amends(['frobnicate'], env).catch((e) => e);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);
  });

  it('detect: one JSON line out per line in, in order', async () => {
    const out = await amends(['detect'], {}, '{"text":"Where is my refund??? Third time I ask!"}\n{"text":"Danke, alles super."}\nnot json\n');
    const lines = out.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ language: 'en', dissatisfied: true });
    expect(lines[0].signals.map((s: { type: string }) => s.type)).toContain('repeat_contact');
    expect(lines[1]).toMatchObject({ language: 'de', dissatisfied: false, signals: [] });
    expect(lines[2].error.code).toBe('INVALID_LINE');
  });

  it('npm install links the project\'s own command, so `npx amends` never asks the registry', () => {
    expect(realpathSync(join(import.meta.dirname, '..', 'node_modules', '.bin', 'amends'))).toBe(realpathSync(bin));
  });
});
