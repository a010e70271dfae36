// Where the key comes from: AMENDS_SECRET_KEY (base64 of 32 bytes; every process
// and machine of one installation must have the same), with AMENDS_SECRET_KEY_OLD
// still accepted for reading while a rotation is under way. Without it, a key is
// generated once into <AMENDS_DATA_DIR>/secret.key (mode 0600), so `npm start`
// works with no set-up. Neither the key nor the file's contents are ever logged.
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, parseSecretKey, type Config } from '../config.ts';
import { keyring, type Keyring } from './secret-box.ts';

export const keyFile = (dataDir: string) => resolve(dataDir, 'secret.key');

/**
 * Reads <dir>/secret.key, making a fresh one first when there is none. The key is written to a
 * file of this process's own and linked into place: two processes starting together get one key,
 * and neither reads half a file.
 */
function fileKey(dataDir: string): { key: Buffer; created: boolean } {
  const path = keyFile(dataDir);
  let created = false;
  if (!existsSync(path)) {
    const draft = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
    try {
      mkdirSync(resolve(dataDir), { recursive: true });
      writeFileSync(draft, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
      linkSync(draft, path);
      created = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new ConfigError(`cannot write the secret key file ${path}: ${(err as Error).message} (or set AMENDS_SECRET_KEY)`);
    } finally {
      rmSync(draft, { force: true });
    }
  }
  const key = parseSecretKey(readFileSync(path, 'utf8'));
  if (!key) throw new ConfigError(`${path} is not a secret key (base64 of 32 bytes): restore the file it replaced, or set AMENDS_SECRET_KEY`);
  return { key, created };
}

export interface LoadedKeys {
  ring: Keyring;
  /** Where the current key came from: the environment, or the key file (path). */
  source: 'AMENDS_SECRET_KEY' | string;
  created: boolean;
}

/** The keyring of this configuration (the key file is created when neither variable gives a key). */
export function loadSecretKeys(cfg: Pick<Config, 'AMENDS_SECRET_KEY' | 'AMENDS_SECRET_KEY_OLD' | 'AMENDS_DATA_DIR'>): LoadedKeys {
  const old = cfg.AMENDS_SECRET_KEY_OLD ? [parseSecretKey(cfg.AMENDS_SECRET_KEY_OLD)!] : [];
  if (cfg.AMENDS_SECRET_KEY) return { ring: keyring(parseSecretKey(cfg.AMENDS_SECRET_KEY)!, ...old), source: 'AMENDS_SECRET_KEY', created: false };
  const { key, created } = fileKey(cfg.AMENDS_DATA_DIR);
  return { ring: keyring(key, ...old), source: join(cfg.AMENDS_DATA_DIR, 'secret.key'), created };
}
