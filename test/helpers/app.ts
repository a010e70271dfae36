// An Amends app on a fresh test database, with one signed-in token per role,
// exercised through app.inject() (no network, the real routes and plugins).
import type { LightMyRequestResponse } from 'fastify';
import { buildApp, type App } from '../../src/http/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import type { Database } from '../../src/db/client.ts';
import type { Services } from '../../src/context.ts';
import { addUser, type StaffUser } from '../../src/staff/users.ts';
import type { Role } from '../../src/domain/authority.ts';
import { openTestDatabase, type Target } from './db.ts';
import { createApiToken } from '../../src/staff/api-tokens.ts';
import { eq } from 'drizzle-orm';
import { users as usersTable } from '../../src/db/schema.ts';
import { hashPassword } from '../../src/staff/passwords.ts';
import { randomBytes } from 'node:crypto';
import { keyring, useSecretKeys, type Keyring } from '../../src/secrets/secret-box.ts';

/** The secret key of this test process (startServer loads one from the configuration; apps built here get this one). */
export const TEST_SECRET_KEYS: Keyring = keyring(randomBytes(32));

export const PASSWORD = 'correct horse battery';
let passwordHash: Promise<string> | undefined;
/** One hash of PASSWORD per test process: scrypt at full cost takes most of a second each. */
export const testPasswordHash = () => (passwordHash ??= hashPassword(PASSWORD));

export interface TestApp {
  app: App;
  database: Database;
  services: Services;
  users: Record<Role, StaffUser & { token: string }>;
  /** Sends a request as a role (or anonymously with null). */
  call(role: Role | null, method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse & { data: any }>;
  close(): Promise<void>;
  wakes: number;
}

export async function createTestApp(target: Target, config: Partial<Config> = {}): Promise<TestApp> {
  useSecretKeys(TEST_SECRET_KEYS);
  const database = await openTestDatabase(target);
  const cfg = loadConfig({}, { PUBLIC_URL: 'https://complaints.example.com', ...config });
  const t = { wakes: 0 } as TestApp;
  const services: Services = { config: cfg, wakeWorker: () => void t.wakes++ };
  const app = await buildApp({ database, services, strictResponses: true });
  const users = {} as TestApp['users'];
  const names: Record<Role, string> = { agent: 'Anna Agent', supervisor: 'Sam Supervisor', head: 'Hanna Head', admin: 'Adam Admin' };
  for (const role of ['agent', 'supervisor', 'head', 'admin'] as Role[]) {
    const user = await addUser(database.db, { email: `${role}@test.example`, name: names[role], role, languages: ['en'] });
    await database.db.update(usersTable).set({ passwordHash: await testPasswordHash() }).where(eq(usersTable.id, user.id));
    const { token } = await createApiToken(database.db, { name: `${role} token`, role, userId: user.id });
    users[role] = { ...user, token };
  }
  Object.assign(t, {
    app,
    database,
    services,
    users,
    async call(role: Role | null, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
      const res = await app.inject({
        method: method as 'GET',
        url,
        headers: { ...(role ? { authorization: `Bearer ${users[role].token}` } : {}), ...headers },
        ...(body === undefined ? {} : { payload: body as object }),
      });
      let data: unknown = null;
      try {
        data = res.body ? JSON.parse(res.body) : null;
      } catch {
        data = res.body;
      }
      return Object.assign(res, { data });
    },
    async close() {
      await app.close();
      await database.close();
    },
  });
  return t;
}
