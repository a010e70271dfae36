// Migrates one template per test run — a PGlite data dump, and a PostgreSQL
// template database when TEST_DATABASE_URL is set — so each suite starts from
// a fresh copy in well under a second instead of migrating again.
import { writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplate: string | null;
  }
}

export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export default async function setup(project: TestProject) {
  const dumpPath = join(tmpdir(), `amends-template-${process.pid}.tar`);
  const lite = await openDatabase({});
  await migrate(lite);
  const client = (lite.db as unknown as { $client: { dumpDataDir(c: 'none'): Promise<Blob> } }).$client;
  await writeFile(dumpPath, Buffer.from(await (await client.dumpDataDir('none')).arrayBuffer()));
  await lite.close();
  project.provide('pgliteTemplate', dumpPath);

  const url = process.env.TEST_DATABASE_URL;
  let template: string | null = null;
  if (url) {
    template = `amends_tpl_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${template}`);
    await admin.query(`create database ${template}`);
    await admin.end();
    const tpl = await openDatabase({ url: withDatabaseName(url, template), poolSize: 2 });
    await migrate(tpl);
    await tpl.close();
  }
  project.provide('pgTemplate', template);

  return async () => {
    await rm(dumpPath, { force: true });
    if (url && template) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`amends_t%_${process.pid}%`]);
      for (const r of rows) await admin.query(`drop database if exists ${r.datname} with (force)`);
      await admin.query(`drop database if exists ${template} with (force)`);
      await admin.end();
    }
  };
}
