// Passwords with node's scrypt (no native build step): salt, cost parameters
// and hash stored together, so the cost can be raised and old hashes still verify
// (and are rehashed at the next successful sign-in, see sessions.ts).
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (pw: string, salt: Buffer, len: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(pw, salt, len, opts, (err, key) => (err ? reject(err) : resolve(key))));

/** OWASP's current recommendation for scrypt: N=2^17, r=8, p=1 (128 MiB, well under a second). */
export const SCRYPT_COST = { N: 2 ** 17, r: 8, p: 1 } as const;

/** scrypt needs 128·N·r bytes; node refuses above maxmem (32 MiB by default). */
const maxmemFor = (N: number, r: number) => 128 * N * r + 16 * 1024 * 1024;

/** The most a stored hash may ask for, so a crafted row cannot exhaust memory. */
const MAX_N = 2 ** 20;

export async function hashPassword(password: string): Promise<string> {
  const { N, r, p } = SCRYPT_COST;
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, 32, { N, r, p, maxmem: maxmemFor(N, r) });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}


export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  if (!stored) return false;
  const [alg, n, rr, pp, salt, key] = stored.split('$');
  const N = Number(n);
  const r = Number(rr);
  const p = Number(pp);
  if (alg !== 'scrypt' || !salt || !key || !Number.isInteger(N) || N > MAX_N || !(r >= 1 && r <= 32) || !(p >= 1 && p <= 16)) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N, r, p, maxmem: maxmemFor(N, r) });
  return timingSafeEqual(expected, actual);
}

/** Whether a stored hash was made with other cost parameters than today's. */
export function needsRehash(stored: string): boolean {
  const [, n, rr, pp] = stored.split('$');
  return Number(n) !== SCRYPT_COST.N || Number(rr) !== SCRYPT_COST.r || Number(pp) !== SCRYPT_COST.p;
}

let dummy: Promise<string> | undefined;
/** A hash at today's cost to verify against when no account matches, so an unknown email takes as long as a known one. */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('base64'));
  return dummy;
}
