// Tests run the app with strict responses: an answer whose response schema
// would drop a field the handler returned fails, so the schemas the OpenAPI
// document (and the web app's generated types) come from stay complete.
import { serializerCompiler } from 'fastify-type-provider-zod';
import { fastSerializerCompiler } from './fast-serializer.ts';

/** The paths of `sent` (as JSON) that `kept` lacks, e.g. ".items[].owner". */
export function droppedFields(sent: unknown, kept: unknown, path = ''): string[] {
  if (Array.isArray(sent)) return Array.isArray(kept) ? [...new Set(sent.flatMap((x, i) => droppedFields(x, kept[i], `${path}[]`)))] : [];
  if (!sent || typeof sent !== 'object') return [];
  const out = kept && typeof kept === 'object' ? (kept as Record<string, unknown>) : {};
  return Object.entries(sent).flatMap(([k, v]) => (v === undefined ? [] : k in out ? droppedFields(v, out[k], `${path}.${k}`) : [`${path}.${k}`]));
}

/**
 * The Zod serializer, refusing to drop fields silently (a 500 naming them instead), and
 * checking that production's serializer (fast-serializer.ts) writes the very same text.
 */
export const strictSerializerCompiler: typeof serializerCompiler = (route) => {
  const serialize = serializerCompiler(route);
  const fast = fastSerializerCompiler(route);
  return (data) => {
    const json = serialize(data);
    const quick = fast(data);
    if (quick !== json) {
      const message = `the production serializer writes the ${route.httpStatus} answer of ${route.method} ${route.url} differently: ${quick.slice(0, 300)} instead of ${json.slice(0, 300)}`;
      console.error(message);
      throw new Error(message);
    }
    const dropped = droppedFields(JSON.parse(JSON.stringify(data ?? null)), JSON.parse(json));
    if (dropped.length) {
      const message = `the ${route.httpStatus} schema of ${route.method} ${route.url} drops ${dropped.join(', ')}: add them to it, or leave them out on purpose`;
      console.error(message); // the answer itself is a plain 500
      throw new Error(message);
    }
    return json;
  };
};
