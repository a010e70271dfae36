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

/**
 * The writer of `schema`, or null when it has a part this file does not handle. The writer is
 * generated code (one small function per part of the schema, an object's fields unrolled),
 * as fast-json-stringify does: a walk of closures over field lists read each field by a
 * key that changed at every step, which V8 cannot look up quickly; generated code reads
 * `v["id"]` like any property. Only the schema's own keys (quoted) become code; every value
 * a check needs is passed in, never written into the source.
 */
export function compileWriter(schema: Schema): Write | null {
  if (compiled.has(schema)) return compiled.get(schema)!;
  const gen = new WriterSource();
  const root = gen.writerOf(schema);
  const write = root === null ? null : (new Function('FAIL', 'ESC', 'h', `'use strict';\n${gen.functions.join('\n')}\nreturn ${root};`)(FAIL, NEEDS_ESCAPE, gen.helpers) as Write);
  compiled.set(schema, write);
  return write;
}

/** Writers made once per schema object (the error schema is every route's). */
const compiled = new WeakMap<Schema, Write | null>();

/** The generated source of one schema's writer: its functions, and the values they take from outside (`h`). */
class WriterSource {
  readonly functions: string[] = [];
  readonly helpers: unknown[] = [];

  private helper(value: unknown): string {
    this.helpers.push(value);
    return `h[${this.helpers.length - 1}]`;
  }

  /** Adds a function `w<n>(v)` with `body` and returns its name. */
  private fn(body: string): string {
    const name = `w${this.functions.length}`;
    this.functions.push(`function ${name}(v) {\n${body}\n}`);
    return name;
  }

  /** A writer made outside the generated code (a Zod check per value): a named constant. */
  private external(write: Write): string {
    const name = `w${this.functions.length}`;
    this.functions.push(`const ${name} = ${this.helper(write)};`);
    return name;
  }

  /** The name of the function that writes `schema`, or null when a part of it is not handled here. */
  writerOf(schema: Schema): string | null {
    const def = schema._zod.def;
    const checked = (def.checks?.length ?? 0) > 0;
    switch (def.type) {
      case 'string':
        if (def.coerce) return null;
        if (checked || def.format) return this.external(byZod(schema, 'string'));
        return this.fn(`return typeof v === 'string' ? (ESC.test(v) ? JSON.stringify(v) : '"' + v + '"') : FAIL;`);
      case 'number':
        if (def.coerce) return null;
        // z.number() refuses NaN and the infinities, and JSON has neither.
        if (checked || def.format) return this.external(byZod(schema, 'number'));
        return this.fn(`return typeof v === 'number' && Number.isFinite(v) ? JSON.stringify(v) : FAIL;`);
      case 'boolean':
        if (def.coerce || checked) return null;
        return this.fn(`return v === true ? 'true' : v === false ? 'false' : FAIL;`);
      case 'null':
        return this.fn(`return v === null ? 'null' : FAIL;`);
      case 'literal': {
        const values = def.values ?? [];
        if (!values.every((x) => x === null || ['string', 'number', 'boolean'].includes(typeof x))) return null;
        return this.fn(`return ${this.helper(values)}.includes(v) ? JSON.stringify(v) : FAIL;`);
      }
      case 'enum': {
        // String values only (a numeric TypeScript enum has reverse entries Zod leaves out).
        const allowed = [...new Set(Object.values(def.entries ?? {}))];
        if (!allowed.every((x) => typeof x === 'string')) return null;
        const texts = new Map(allowed.map((x) => [x, JSON.stringify(x)]));
        return this.fn(`const s = ${this.helper(texts)}.get(v);\nreturn s === undefined ? FAIL : s;`);
      }
      case 'unknown':
      case 'any':
        // Zod passes these through untouched; JSON.stringify writes what it would have.
        return this.fn(`return JSON.stringify(v);`);
      case 'nullable': {
        const inner = this.writerOf(def.innerType!);
        return inner && this.fn(`return v === null ? 'null' : ${inner}(v);`);
      }
      case 'optional': {
        const inner = this.writerOf(def.innerType!);
        return inner && this.fn(`return v === undefined ? undefined : ${inner}(v);`);
      }
      case 'array': {
        if (checked) return null;
        const element = def.element!;
        // JSON.stringify writes an undefined element as null, Zod's output could hold one: leave it to them.
        if (['optional', 'undefined', 'unknown', 'any'].includes(element._zod.def.type)) return null;
        const item = this.writerOf(element);
        if (!item) return null;
        return this.fn(`if (!Array.isArray(v)) return FAIL;
let out = '[';
for (let i = 0; i < v.length; i++) {
  const s = ${item}(v[i]);
  if (s === FAIL || s === undefined) return FAIL;
  out += i ? ',' + s : s;
}
return out + ']';`);
      }
      case 'object': {
        if (checked || def.catchall !== undefined) return null;
        const lines = [`if (typeof v !== 'object' || v === null || Array.isArray(v)) return FAIL;`, `let out = '{', first = true, x, s;`];
        for (const [key, field] of Object.entries(def.shape ?? {})) {
          const write = this.writerOf(field);
          if (!write) return null;
          const k = JSON.stringify(key);
          const optional = field._zod.optin === 'optional';
          lines.push(`x = v[${k}];`);
          // A required key must be there (an optional one may be absent); undefined is written as nothing.
          if (!optional) lines.push(`if (x === undefined && !(${k} in v)) return FAIL;`);
          lines.push(`s = ${write}(x);`, `if (s === FAIL) return FAIL;`);
          lines.push(`if (s !== undefined) { out += first ? ${JSON.stringify(`${JSON.stringify(key)}:`)} + s : ${JSON.stringify(`,${JSON.stringify(key)}:`)} + s; first = false; }`);
        }
        lines.push(`return out + '}';`);
        return this.fn(lines.join('\n'));
      }
      case 'record': {
        if (checked) return null;
        const keyDef = def.keyType!._zod.def;
        if (keyDef.type !== 'string' || (keyDef.checks?.length ?? 0) > 0 || keyDef.format) return null;
        const value = this.writerOf(def.valueType!);
        if (!value || def.valueType!._zod.def.type === 'optional') return null;
        return this.fn(`if (typeof v !== 'object' || v === null || Array.isArray(v)) return FAIL;
let out = '{', first = true;
for (const key of Reflect.ownKeys(v)) {
  if (typeof key !== 'string') return FAIL;
  if (key === '__proto__') continue; // as Zod does
  const s = ${value}(v[key]);
  if (s === FAIL) return FAIL;
  if (s === undefined) continue;
  out += first ? JSON.stringify(key) + ':' + s : ',' + JSON.stringify(key) + ':' + s;
  first = false;
}
return out + '}';`);
      }
      default:
        return null;
    }
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
