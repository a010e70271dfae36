// Secrets at rest (webhook signing keys, TOTP secrets): AES-256-GCM with a
// random 12-byte nonce per value, stored as text `enc:v1:<key id>:<base64 of
// nonce | ciphertext | tag>`. The row they belong to ("webhooks.secret:<id>")
// is the associated data, so a ciphertext copied to another row or column does
// not open. A value without the prefix is a plaintext row from before the
// encryption: it is read as it is until the startup sweep seals it
// (seal-stored-secrets.ts). A value that does not open is an error, never garbage.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { AppError } from '../domain/errors.ts';

const PREFIX = 'enc:v1:';
const NONCE = 12;
const TAG = 16;

/** One 32-byte key and its id: the first 8 hex digits of an HMAC of a constant, so ids say which key without saying anything of it. */
export interface SecretKey {
  id: string;
  key: Buffer;
}

/** The key new values are sealed with, and the keys still accepted for reading (rotation). */
export interface Keyring {
  current: SecretKey;
  older: SecretKey[];
}

export function secretKey(key: Buffer): SecretKey {
  if (key.length !== 32) throw new Error('a secret key is 32 bytes');
  return { id: createHmac('sha256', key).update('amends secret key id').digest('hex').slice(0, 8), key };
}

export function keyring(current: Buffer, ...older: Buffer[]): Keyring {
  const cur = secretKey(current);
  return { current: cur, older: older.map(secretKey).filter((k) => k.id !== cur.id) };
}

/** The associated data binding a value to its row: table, column and row id. */
export const secretPlace = (column: string, rowId: string) => `${column}:${rowId}`;

/** True for a sealed value (any key); false for a plaintext row from before. */
export function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

/** The key id a sealed value names, or null for plaintext. */
export function sealedWith(stored: string): string | null {
  if (!isSealed(stored)) return null;
  const end = stored.indexOf(':', PREFIX.length);
  return end < 0 ? '' : stored.slice(PREFIX.length, end);
}

export function seal(ring: Keyring, plaintext: string, place: string): string {
  const nonce = randomBytes(NONCE);
  const cipher = createCipheriv('aes-256-gcm', ring.current.key, nonce);
  cipher.setAAD(Buffer.from(place, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${PREFIX}${ring.current.id}:${Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64')}`;
}

/**
 * The plaintext of a stored value: sealed ones are opened (SECRET_UNREADABLE when the key
 * is not in the ring, the value was altered or belongs to another row); plaintext is returned as it is.
 */
export function open(ring: Keyring, stored: string, place: string): string {
  if (!isSealed(stored)) return stored;
  const id = sealedWith(stored)!;
  const key = ring.current.id === id ? ring.current : ring.older.find((k) => k.id === id);
  if (!key) {
    throw new AppError(
      'SECRET_UNREADABLE',
      `a stored secret was encrypted with key ${id || '?'}, which this process does not have (it has ${[ring.current, ...ring.older].map((k) => k.id).join(', ')}): set AMENDS_SECRET_KEY (or AMENDS_SECRET_KEY_OLD) to that key`,
    );
  }
  const raw = Buffer.from(stored.slice(PREFIX.length + id.length + 1), 'base64');
  if (raw.length < NONCE + TAG) throw new AppError('SECRET_UNREADABLE', `a stored secret (${place.split(':')[0]}) is truncated`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, raw.subarray(0, NONCE));
    decipher.setAAD(Buffer.from(place, 'utf8'));
    decipher.setAuthTag(raw.subarray(raw.length - TAG));
    return Buffer.concat([decipher.update(raw.subarray(NONCE, raw.length - TAG)), decipher.final()]).toString('utf8');
  } catch {
    throw new AppError('SECRET_UNREADABLE', `a stored secret (${place.split(':')[0]}) does not authenticate under key ${id}: it was altered or moved from another row`);
  }
}

// The keys of this process, loaded once at start (server.ts, the CLI) like the detection models.
let installed: Keyring | null = null;

export function useSecretKeys(ring: Keyring): void {
  installed = ring;
}

/** The installed keyring; SECRET_UNREADABLE when none was loaded (a bug: startServer and the CLI load it). */
export function secretKeys(): Keyring {
  if (!installed) throw new AppError('SECRET_UNREADABLE', 'no secret key is loaded in this process (AMENDS_SECRET_KEY or <AMENDS_DATA_DIR>/secret.key)');
  return installed;
}

/** Seals a value for its row with this process's key. */
export const sealSecret = (plaintext: string, place: string) => seal(secretKeys(), plaintext, place);

/** Opens a stored value of its row with this process's keys (plaintext from before passes through). */
export const openSecret = (stored: string, place: string) => open(secretKeys(), stored, place);
