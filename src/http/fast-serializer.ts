// Answers without a Zod pass per response: Zod's encode of a case view (a dozen nested
// objects and arrays) and the JSON.stringify after it cost more Node CPU than reading the
// case. For response schemas made only of plain parts (objects, arrays, strings, numbers,
// booleans, literals, enums, nullable, optional, records, unknown) this writes the JSON
// directly, checking every value on the way; the text is the one Zod's encode and
// JSON.stringify give (keys in schema order, unknown keys left out). Anything else — a
// union, a transform, a default, a check on an object — and any value that fails a check
// goes through the Zod serializer as before, so a wrong answer still fails the same way.
// Tests run the strict serializer, which also compares this text with Zod's (strict-responses.ts).
import { serializerCompiler } from 'fastify-type-provider-zod';

/** A value the fast path cannot vouch for: the Zod serializer decides. */
const FAIL = Symbol('fail');
type Write = (v: unknown) => string | undefined | typeof FAIL;

interface Def {
  type: string;
  checks?: unknown[];
  shape?: Record<string, { _zod: { def: Def; optin?: string } }>;
  catchall?: unknown;
  element?: { _zod: { def: Def } };
  innerType?: { _zod: { def: Def } };
  values?: unknown[];
  entries?: Record<string, unknown>;
  keyType?: { _zod: { def: Def } };
  valueType?: { _zod: { def: Def } };
  format?: string;
  coerce?: boolean;
}

type Schema = { _zod: { def: Def } };

/** A string as JSON.stringify writes it: quoted as is unless something needs escaping (quotes, backslashes, controls, surrogates). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
const str = (v: string) => (NEEDS_ESCAPE.test(v) ? JSON.stringify(v) : `"${v}"`);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A leaf Zod checks itself (formats, regexes, refinements, number ranges): asked per value. */
function byZod(schema: Schema, expectedType: string): Write {
  const run = (schema as unknown as { _zod: { run(p: { value: unknown; issues: unknown[] }, ctx: object): { value: unknown; issues: unknown[] } } })._zod.run;
  const ctx = { async: false };
  return (v) => {
    if (typeof v !== expectedType) return FAIL;
    // What z.safeParse does, without building its result: the leaf's checks, synchronously
    // (and its value: a check such as .trim() rewrites it).
    const out = run({ value: v, issues: [] }, ctx);
    if (out instanceof Promise || out.issues.length > 0) return FAIL;
    return typeof out.value === 'string' ? str(out.value) : JSON.stringify(out.value);
  };
}

/** The writer of `schema`, or null when it has a part this file does not handle. */
export function compileWriter(schema: Schema): Write | null {
  const def = schema._zod.def;
  const checked = (def.checks?.length ?? 0) > 0;
  switch (def.type) {
    case 'string':
      if (def.coerce) return null;
      return checked || def.format ? byZod(schema, 'string') : (v) => (typeof v === 'string' ? str(v) : FAIL);
    case 'number':
      if (def.coerce) return null;
      // z.number() refuses NaN and the infinities, and JSON has neither.
      return checked || def.format ? byZod(schema, 'number') : (v) => (typeof v === 'number' && Number.isFinite(v) ? JSON.stringify(v) : FAIL);
    case 'boolean':
      if (def.coerce || checked) return null;
      return (v) => (typeof v === 'boolean' ? (v ? 'true' : 'false') : FAIL);
    case 'null':
      return (v) => (v === null ? 'null' : FAIL);
    case 'literal': {
      const values = def.values ?? [];
      if (!values.every((x) => x === null || ['string', 'number', 'boolean'].includes(typeof x))) return null;
      return (v) => (values.includes(v as never) ? JSON.stringify(v) : FAIL);
    }
    case 'enum': {
      // String values only (a numeric TypeScript enum has reverse entries Zod leaves out).
      const allowed = new Set(Object.values(def.entries ?? {}));
      if (![...allowed].every((x) => typeof x === 'string')) return null;
      return (v) => (allowed.has(v) ? JSON.stringify(v) : FAIL);
    }
    case 'unknown':
    case 'any':
      // Zod passes these through untouched; JSON.stringify writes what it would have.
      return (v) => JSON.stringify(v);
    case 'nullable': {
      const inner = compileWriter(def.innerType!);
      return inner && ((v) => (v === null ? 'null' : inner(v)));
    }
    case 'optional': {
      const inner = compileWriter(def.innerType!);
      return inner && ((v) => (v === undefined ? undefined : inner(v)));
    }
    case 'array': {
      if (checked) return null;
      const element = def.element!;
      // JSON.stringify writes an undefined element as null, Zod's output could hold one: leave it to them.
      if (['optional', 'undefined', 'unknown', 'any'].includes(element._zod.def.type)) return null;
      const item = compileWriter(element);
      if (!item) return null;
      return (v) => {
        if (!Array.isArray(v)) return FAIL;
        let out = '[';
        for (let i = 0; i < v.length; i++) {
          const s = item(v[i]);
          if (s === FAIL || s === undefined) return FAIL;
          out += i ? `,${s}` : s;
        }
        return `${out}]`;
      };
    }
    case 'object': {
      if (checked || def.catchall !== undefined) return null;
      const fields: { key: string; name: string; write: Write; optional: boolean }[] = [];
      for (const [key, field] of Object.entries(def.shape ?? {})) {
        const write = compileWriter(field);
        if (!write) return null;
        fields.push({ key, name: JSON.stringify(key), write, optional: field._zod.optin === 'optional' });
      }
      return (v) => {
        if (!isObject(v)) return FAIL;
        let out = '{';
        let first = true;
        for (const f of fields) {
          const x = v[f.key];
          // A required key must be there (an optional one may be absent); undefined is written as nothing.
          if (x === undefined && !f.optional && !(f.key in v)) return FAIL;
          const s = f.write(x);
          if (s === FAIL) return FAIL;
          if (s === undefined) continue;
          out += first ? `${f.name}:${s}` : `,${f.name}:${s}`;
          first = false;
        }
        return `${out}}`;
      };
    }
    case 'record': {
      if (checked) return null;
      const keyDef = def.keyType!._zod.def;
      if (keyDef.type !== 'string' || (keyDef.checks?.length ?? 0) > 0 || keyDef.format) return null;
      const value = compileWriter(def.valueType!);
      if (!value || def.valueType!._zod.def.type === 'optional') return null;
      return (v) => {
        if (!isObject(v)) return FAIL;
        let out = '{';
        let first = true;
        for (const key of Reflect.ownKeys(v)) {
          if (typeof key !== 'string') return FAIL;
          if (key === '__proto__') continue; // as Zod does
          const s = value(v[key]);
          if (s === FAIL) return FAIL;
          if (s === undefined) continue;
          out += first ? `${JSON.stringify(key)}:${s}` : `,${JSON.stringify(key)}:${s}`;
          first = false;
        }
        return `${out}}`;
      };
    }
    default:
      return null;
  }
}

/** The production serializer: the direct writer where the schema allows, Zod's serializer otherwise and for any value it doubts. */
export const fastSerializerCompiler: typeof serializerCompiler = (route) => {
  const zod = serializerCompiler(route);
  const schema = route.schema as Schema;
  const write = schema && typeof schema === 'object' && '_zod' in schema ? compileWriter(schema) : null;
  if (!write) return zod;
  return (data) => {
    const s = write(data);
    return typeof s === 'string' ? s : zod(data);
  };
};
