// newId: RFC 9562 version-7 UUIDs, unique and in creation order (intake makes many per millisecond).
import { describe, expect, it } from 'vitest';
import { validate, version } from 'uuid';
import { newId } from '../../src/db/ids.ts';

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
