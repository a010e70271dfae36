// newId: RFC 9562 version-7 UUIDs, unique and in creation order (intake makes many per millisecond).
import { describe, expect, it } from 'vitest';
import { validate, version } from 'uuid';
import { newId, withRandomBytes } from '../../src/db/ids.ts';
import { newPortalToken, newReplyToken } from '../../src/portal/portal-tokens.ts';

describe('newId', () => {
  it('makes valid, unique, time-ordered version-7 UUIDs, also many in one millisecond and across pool refills', () => {
    const before = Date.now();
    const ids = Array.from({ length: 20_000 }, () => newId());
    expect(ids.every((id) => validate(id) && version(id) === 7)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    // The first 48 bits are the creation time in milliseconds.
    const ms = parseInt(ids[0]!.replace(/-/g, '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(Date.now() + 1);
  });
});

describe('tokens from the random pool', () => {
  it('are well formed and unique across pool refills: portal links 256 bits base64url, reply tokens 26 base32 characters', () => {
    const portal = Array.from({ length: 2_000 }, () => newPortalToken());
    const reply = Array.from({ length: 2_000 }, () => newReplyToken());
    expect(portal.every((t) => /^[A-Za-z0-9_-]{43}$/.test(t))).toBe(true);
    expect(reply.every((t) => /^[a-z2-7]{26}$/.test(t))).toBe(true);
    expect(new Set(portal).size).toBe(portal.length);
    expect(new Set(reply).size).toBe(reply.length);
    // Every base32 character turns up: the bytes are used, not a constant.
    expect(new Set(reply.join('')).size).toBe(32);
    expect(() => withRandomBytes(257, () => 0)).toThrow(/at most 256/);
  });
});
