// Prints each table's size, its indexes' size, live and dead rows and when autovacuum
// last ran, for the database named by DATABASE_URL (or the first argument): the
// housekeeping view of docs/OPERATIONS.md. Read-only: it queries pg_stat_user_tables.
//   npx tsx scripts/table-sizes.ts postgres://postgres@127.0.0.1:5432/amends_bench
// `npm run bench` prints the same report after its lifecycle run at a million cases (bench/run.ts).
import { pathToFileURL } from 'node:url';
import pg from 'pg';

/** The report as text: tables by total size, then the largest indexes. */
export async function tableSizesReport(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let text = '';
  try {
    const { rows } = await client.query<{
      table: string;
      total: string;
      heap: string;
      indexes: string;
      live: string;
      dead: string;
      dead_pct: string;
      fillfactor: string | null;
      last_autovacuum: string | null;
      autovacuums: string;
    }>(`
      select s.relname as table,
             pg_size_pretty(pg_total_relation_size(s.relid)) as total,
             pg_size_pretty(pg_relation_size(s.relid)) as heap,
             pg_size_pretty(pg_indexes_size(s.relid)) as indexes,
             s.n_live_tup as live, s.n_dead_tup as dead,
             case when s.n_live_tup + s.n_dead_tup = 0 then '0' else round(100.0 * s.n_dead_tup / (s.n_live_tup + s.n_dead_tup), 1)::text end as dead_pct,
             (select option_value from pg_options_to_table(c.reloptions) where option_name = 'fillfactor') as fillfactor,
             to_char(greatest(s.last_autovacuum, s.last_vacuum), 'YYYY-MM-DD HH24:MI') as last_autovacuum,
             s.autovacuum_count as autovacuums
      from pg_stat_user_tables s join pg_class c on c.oid = s.relid
      where s.schemaname = 'public'
      order by pg_total_relation_size(s.relid) desc`);
    const head = ['table', 'total', 'heap', 'indexes', 'live rows', 'dead rows', 'dead %', 'fillfactor', 'last vacuum', 'autovacuums'];
    const body = rows.map((r) => [r.table, r.total, r.heap, r.indexes, r.live, r.dead, r.dead_pct, r.fillfactor ?? '100', r.last_autovacuum ?? '-', r.autovacuums]);
    const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => String(b[i]).length)));
    const line = (cells: unknown[]) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!))).join('  ');
    text += `${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${body.map(line).join('\n')}\n`;
    const { rows: idx } = await client.query<{ index: string; table: string; size: string; scans: string }>(`
      select indexrelname as index, relname as table, pg_size_pretty(pg_relation_size(indexrelid)) as size, idx_scan as scans
      from pg_stat_user_indexes where schemaname = 'public' order by pg_relation_size(indexrelid) desc limit 15`);
    text += `\nlargest indexes\n${idx.map((i) => `  ${i.index.padEnd(40)} ${i.table.padEnd(20)} ${i.size.padStart(10)}  ${i.scans} scans`).join('\n')}\n`;
  } finally {
    await client.end();
  }
  return text;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const url = process.argv[2] ?? process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write('usage: tsx scripts/table-sizes.ts postgres://… (or set DATABASE_URL)\n');
    process.exit(2);
  }
  process.stdout.write(await tableSizesReport(url));
}

