import { describe, expect, it } from 'vitest';
import { droppedFields } from './strict-responses.ts';

describe('droppedFields', () => {
  it('names every field the serialized answer lost, inside lists too, and ignores undefined ones', () => {
    const sent = { id: '1', extra: 2, gone: undefined, items: [{ a: 1, b: 2 }, { a: 1, b: 3 }], nested: { keep: true, lose: null } };
    const kept = { id: '1', items: [{ a: 1 }, { a: 1 }], nested: { keep: true } };
    expect(droppedFields(sent, kept)).toEqual(['.extra', '.items[].b', '.nested.lose']);
    expect(droppedFields(sent, sent)).toEqual([]);
  });
});
