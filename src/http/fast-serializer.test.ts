import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { compileWriter, fastSerializerCompiler } from './fast-serializer.ts';
import { CaseSchema } from './routes/cases/schemas.ts';
import { MoneySchema } from './schemas.ts';

const route = (schema: z.ZodType) => ({ schema, method: 'GET', url: '/x', httpStatus: '200' }) as never;

/** Both serializers' answers: the text, or the error's class when one throws. */
function both(schema: z.ZodType, data: unknown) {
  const run = (f: (d: unknown) => string) => {
    try {
      return f(data);
    } catch (err) {
      return `throws ${(err as Error).constructor.name}`;
    }
  };
  return { fast: run(fastSerializerCompiler(route(schema))), zod: run(serializerCompiler(route(schema))) };
}

const Item = z.object({
  id: z.string(),
  when: z.iso.datetime(),
  kind: z.enum(['a', 'b']),
  done: z.literal(true).optional(),
  note: z.string().nullable(),
  price: MoneySchema.nullable(),
  count: z.number().int(),
  trimmed: z.string().trim().optional(),
  tags: z.array(z.string()),
  extra: z.record(z.string(), z.number()).optional(),
  details: z.unknown().optional(),
});
const Schema = z.object({ items: z.array(Item), total: z.number(), ok: z.boolean() });

const item = {
  count: 2,
  id: 'x"\\\n\u2028\ud800é',
  when: '2026-12-06T05:00:00.000Z',
  kind: 'a',
  note: null,
  price: { currency: 'EUR', amount: '12.50', stray: 1 },
  tags: ['t1', 't2'],
  notInSchema: 'dropped',
  trimmed: '  spaced  ',
  extra: { b: 1, a: 2 },
  details: { any: [1, 'two', null, { deep: true }], date: new Date(0) },
};

describe('fast serializer', () => {
  it('writes exactly what Zod and JSON.stringify write: schema order, unknown keys left out, checks that rewrite applied', () => {
    const data = { ok: true, total: 1.5, items: [item, { ...item, done: true, note: 'n', price: null, details: undefined, extra: undefined, tags: [] }] };
    const { fast, zod } = both(Schema, data);
    expect(fast).toBe(zod);
    expect(fast).toContain('"trimmed":"spaced"');
    expect(fast).not.toContain('notInSchema');
  });

  it('leaves a value that fails a check to Zod, which fails it as before', () => {
    const bad: unknown[] = [
      { ...item, count: 1.5 },
      { ...item, count: Number.NaN },
      { ...item, kind: 'c' },
      { ...item, when: 'yesterday' },
      { ...item, price: { amount: '12,50', currency: 'EUR' } },
      { ...item, note: undefined },
      { ...item, tags: [1] },
      { ...item, extra: { a: 'one' } },
    ];
    for (const b of bad) {
      const { fast, zod } = both(Schema, { ok: true, total: 1, items: [b] });
      expect(zod).toMatch(/^throws/);
      expect(fast).toBe(zod);
    }
  });

  it('hands schemas it does not handle (unions, transforms, defaults) to Zod', () => {
    for (const schema of [z.union([z.string(), z.number()]), z.string().transform((s) => s.length), z.object({ a: z.string().default('x') }), z.object({ a: z.string() }).loose()]) {
      expect(compileWriter(schema as never)).toBeNull();
    }
    for (const [schema, data] of [[z.object({ a: z.string().default('x') }), {}], [z.union([z.string(), z.number()]), 3]] as const) {
      const { fast, zod } = both(schema as z.ZodType, data);
      expect(fast).toBe(zod);
    }
  });

  it('writes keys that look like code as data (the writer is generated source)', () => {
    const keys = ['a"b', 'c\\d', 'e\u2028f', "g'); throw new Error('x'); ('", '${h}', 'w0', 'FAIL', '0', ' '];
    const schema = z.object(Object.fromEntries(keys.map((k, i) => [k, i % 2 ? z.string() : z.array(z.object({ [k]: z.number().nullable() }))])));
    const data = Object.fromEntries(keys.map((k, i) => [k, i % 2 ? `v${k}` : [{ [k]: i }, { [k]: null }]]));
    const { fast, zod } = both(schema, data);
    expect(fast).toBe(zod);
    expect(JSON.parse(fast)).toEqual(data);
    expect(compileWriter(schema as never)).toBe(compileWriter(schema as never));
  });

  it('takes the fast path for the case view, every case action’s answer', () => {
    expect(compileWriter(CaseSchema as never)).not.toBeNull();
  });
});
