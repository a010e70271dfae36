// `npm run gen:api`: writes web/src/api/schema.gen.ts, the TypeScript types of
// the API's OpenAPI document, so the web app uses the server's contract
// instead of re-typing it. The document is built in-process from the route
// schemas (no server, no database); test/web/api-types.test.ts fails when the
// committed file is stale.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildApp } from '../src/http/app.ts';
import { loadConfig } from '../src/config.ts';
import type { Database } from '../src/db/client.ts';

/** Where the generated types live (committed). */
export const API_TYPES_FILE = fileURLToPath(new URL('../web/src/api/schema.gen.ts', import.meta.url));

/** The command that rewrites the file; named in the header and in the staleness test's message. */
export const GEN_API_COMMAND = 'npm run gen:api';

const HEADER = `// GENERATED FILE: do not edit. The types of the Amends API (/api/openapi.json),
// written by scripts/gen-api-types.ts with openapi-typescript.
// Regenerate after changing a route's schema: ${GEN_API_COMMAND}
`;

/** Building the document never touches the database: any use of it is a bug in this script's assumptions. */
function noDatabase(): Database {
  const refuse = (): never => {
    throw new Error('gen-api-types: building the OpenAPI document must not use the database');
  };
  const db = new Proxy({}, { get: refuse }) as Database['db'];
  return { db, kind: 'pglite', exec: async () => refuse(), close: async () => undefined };
}

/** The OpenAPI document exactly as GET /api/openapi.json serves it. */
export async function buildOpenApiDocument(): Promise<Record<string, unknown>> {
  const app = await buildApp({ database: noDatabase(), services: { config: loadConfig({}, {}), wakeWorker: () => undefined } });
  try {
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
  }
}

/** The text of schema.gen.ts for the current route schemas. */
export async function generateApiTypes(): Promise<string> {
  const doc = await buildOpenApiDocument();
  const ast = await openapiTS(JSON.parse(JSON.stringify(doc)), { alphabetize: true });
  return HEADER + astToString(ast);
}

/** The committed file's text (empty when missing). */
export async function readApiTypes(): Promise<string> {
  return readFile(API_TYPES_FILE, 'utf8').catch(() => '');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = await generateApiTypes();
  const before = await readApiTypes();
  if (text === before) console.log(`${API_TYPES_FILE}: up to date`);
  else {
    await writeFile(API_TYPES_FILE, text);
    console.log(`${API_TYPES_FILE}: written`);
  }
}
