// Sealing one secret: a round trip, a fresh nonce each time, and every way a
// stored value can be wrong — altered, truncated, moved to another row, sealed
// with a key this process lacks — is SECRET_UNREADABLE, never a garbage value.
// The key: AMENDS_SECRET_KEY validated with a clear message (that never repeats
// the value), or a key file made once with mode 0600 and then reused.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
import { AppError } from '../domain/errors.ts';
import { isSealed, keyring, open, seal, sealedWith, secretPlace } from './secret-box.ts';
import { loadSecretKeys } from './load-keys.ts';

const ring = keyring(randomBytes(32));
const place = secretPlace('webhooks.secret', '0190a0a0-0000-7000-8000-000000000001');

function unreadable(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('SECRET_UNREADABLE');
    return (err as AppError).message;
  }
  throw new Error('expected SECRET_UNREADABLE');
}

describe('sealing a secret', () => {
  it('round trip: enc:v1:<key id>:<base64>, a fresh nonce each time, unicode intact', () => {
    for (const secret of ['whsec_0123456789abcdef', 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', 'ünïcødé ✓ секрет', 'x'.repeat(5000)]) {
      const a = seal(ring, secret, place);
      const b = seal(ring, secret, place);
      expect(a).toMatch(new RegExp(`^enc:v1:${ring.current.id}:[A-Za-z0-9+/]+=*$`));
      expect(a).not.toBe(b);
      expect(a).not.toContain(secret.slice(0, 8));
      expect(open(ring, a, place)).toBe(secret);
      expect(open(ring, b, place)).toBe(secret);
      expect(isSealed(a)).toBe(true);
      expect(sealedWith(a)).toBe(ring.current.id);
    }
    expect(ring.current.id).toMatch(/^[0-9a-f]{8}$/);
  });

  it('a plaintext row from before passes through as it is', () => {
    expect(isSealed('whsec_plain')).toBe(false);
    expect(sealedWith('whsec_plain')).toBeNull();
    expect(open(ring, 'whsec_plain', place)).toBe('whsec_plain');
  });

  it('an altered, truncated or moved value does not open', () => {
    const sealed = seal(ring, 'whsec_0123456789abcdef', place);
    const [head, body] = [sealed.slice(0, sealed.lastIndexOf(':') + 1), sealed.slice(sealed.lastIndexOf(':') + 1)];
    const raw = Buffer.from(body, 'base64');
    for (const i of [0, 12, 15, raw.length - 1]) {
      const bad = Buffer.from(raw);
      bad[i]! ^= 0x01;
      expect(unreadable(() => open(ring, head + bad.toString('base64'), place))).toMatch(/altered or moved/);
    }
    unreadable(() => open(ring, head + raw.subarray(0, 20).toString('base64'), place));
    unreadable(() => open(ring, head, place));
    // The same ciphertext in another row, or another column of the same row.
    expect(unreadable(() => open(ring, sealed, secretPlace('webhooks.secret', '0190a0a0-0000-7000-8000-000000000002')))).not.toContain('whsec');
    unreadable(() => open(ring, sealed, secretPlace('staff_totp.secret', '0190a0a0-0000-7000-8000-000000000001')));
  });

  it('a value under a key this process lacks names both key ids; an older key in the ring still reads', () => {
    const sealed = seal(ring, 'whsec_0123456789abcdef', place);
    const other = keyring(randomBytes(32));
    const message = unreadable(() => open(other, sealed, place));
    expect(message).toContain(ring.current.id);
    expect(message).toContain(other.current.id);
    expect(message).toContain('AMENDS_SECRET_KEY');
    const rotated = keyring(randomBytes(32), ring.current.key);
    expect(open(rotated, sealed, place)).toBe('whsec_0123456789abcdef');
    expect(sealedWith(seal(rotated, 'x', place))).toBe(rotated.current.id);
  });
});

describe('the secret key', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'amends-key-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('AMENDS_SECRET_KEY must be base64 of 32 bytes; the message names the variable, never the value', () => {
    const good = randomBytes(32).toString('base64');
    expect(loadConfig({ AMENDS_SECRET_KEY: good }).AMENDS_SECRET_KEY).toBe(good);
    expect(loadConfig({ AMENDS_SECRET_KEY: randomBytes(32).toString('base64url') }).AMENDS_SECRET_KEY).toBeDefined();
    for (const bad of ['hunter2hunter2', randomBytes(16).toString('base64'), randomBytes(33).toString('base64'), `${good}!`]) {
      let message = '';
      try {
        loadConfig({ AMENDS_SECRET_KEY: bad, AMENDS_SECRET_KEY_OLD: bad });
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        message = (err as Error).message;
      }
      expect(message).toMatch(/AMENDS_SECRET_KEY: must be the base64 of 32 random bytes/);
      expect(message).toMatch(/AMENDS_SECRET_KEY_OLD: must be/);
      expect(message).not.toContain(bad);
    }
  });

  it('from the environment: the key and the old one, and no file is written', () => {
    const dir = tempDir();
    const key = randomBytes(32);
    const old = randomBytes(32);
    const cfg = loadConfig({ AMENDS_DATA_DIR: dir, AMENDS_SECRET_KEY: key.toString('base64'), AMENDS_SECRET_KEY_OLD: old.toString('base64') });
    const loaded = loadSecretKeys(cfg);
    expect(loaded.source).toBe('AMENDS_SECRET_KEY');
    expect(loaded.ring.current.key.equals(key)).toBe(true);
    expect(loaded.ring.older.map((k) => k.key.toString('hex'))).toEqual([old.toString('hex')]);
    expect(() => statSync(join(dir, 'secret.key'))).toThrow();
  });

  it('without it: made once in the data folder with mode 0600, the same key on every later start', () => {
    const dir = join(tempDir(), 'not-yet');
    const cfg = loadConfig({ AMENDS_DATA_DIR: dir });
    const first = loadSecretKeys(cfg);
    expect(first.created).toBe(true);
    expect(first.source).toBe(join(dir, 'secret.key'));
    expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(join(dir, 'secret.key'), 'utf8').trim(), 'base64').equals(first.ring.current.key)).toBe(true);
    const again = loadSecretKeys(cfg);
    expect(again.created).toBe(false);
    expect(again.ring.current.id).toBe(first.ring.current.id);
  });

  it('a damaged key file is a clear error, not a new key', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'secret.key'), 'not a key\n');
    expect(() => loadSecretKeys(loadConfig({ AMENDS_DATA_DIR: dir }))).toThrow(/secret\.key is not a secret key/);
    expect(readFileSync(join(dir, 'secret.key'), 'utf8')).toBe('not a key\n');
  });
});
