// The closing summary of `npm run bench` (each figure beside the README's for 12-05, the
// starting point of issue 15, and its target) and the housekeeping report: table and index
// sizes, dead rows and fillfactor after a run (scripts/table-sizes.ts).
import pg from 'pg';
import { tableSizesReport } from '../scripts/table-sizes.ts';

/** One measured figure; `before`: the same figure as the README gives it for 12-05, where there is one. */
export interface Figure {
  name: string;
  value: number | string;
  unit: string;
  target?: string;
  before?: string;
}

/** Table and index sizes and dead rows (issue 15, housekeeping), printed and kept in the summary. */
export async function housekeepingReport(url: string, record: (f: Figure) => void, log: (s: string) => void, when: string): Promise<void> {
  log(`housekeeping: table and index sizes and dead rows ${when} (scripts/table-sizes.ts) …`);
  log((await tableSizesReport(url)).replace(/^/gm, '    '));
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ relname: string; total: string; live: string; dead: string; ff: string | null }>(
      `select s.relname, pg_size_pretty(pg_total_relation_size(s.relid)) as total, s.n_live_tup as live, s.n_dead_tup as dead,
              (select option_value from pg_options_to_table(k.reloptions) where option_name = 'fillfactor') as ff
       from pg_stat_user_tables s join pg_class k on k.oid = s.relid where s.relname in ('cases', 'jobs', 'clocks') order by s.relname`,
    );
    for (const r of rows) record({ name: `housekeeping ${when}: ${r.relname}`, value: r.total, unit: `(${Number(r.live).toLocaleString('en')} live, ${Number(r.dead).toLocaleString('en')} dead rows, fillfactor ${r.ff ?? 100})` });
    const { rows: db } = await c.query<{ size: string }>('select pg_size_pretty(pg_database_size(current_database())) as size');
    record({ name: `housekeeping ${when}: whole database`, value: db[0]!.size, unit: '' });
  } finally {
    await c.end();
  }
}

/** The closing summary: each figure beside the README's figure for 12-05 and the target. */
export function summary(results: Figure[]): string {
  const rows = results.map((r) => [r.name, `${typeof r.value === 'number' ? r.value.toLocaleString('en') : r.value} ${r.unit}`.trim(), r.before ?? '', r.target ?? '']);
  const head = ['figure', 'now', '12-05 (README)', 'target'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

