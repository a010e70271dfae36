// Periodic sweeps shared by every worker process (issue 15): a sweep runs only in
// the worker whose upsert moves its `next_run_at` forward, so however many workers
// run, each sweep fires once per interval. One statement on a one-row-per-sweep
// table: no session state, so it works through PgBouncer in transaction mode and on PGlite.
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.ts';

/** Claims this round of sweep `name` for `by`; true when this worker is to run it now. */
export async function claimSweep(db: Db, name: string, everyMs: number, by: string): Promise<boolean> {
  const rows = await queryRows<{ name: string }>(
    db,
    sql`insert into sweeps (name, next_run_at, last_run_at, last_run_by, runs)
        values (${name}, now() + make_interval(secs => ${everyMs / 1000}), now(), ${by}, 1)
        on conflict (name) do update set next_run_at = now() + make_interval(secs => ${everyMs / 1000}),
          last_run_at = now(), last_run_by = excluded.last_run_by, runs = sweeps.runs + 1
        where sweeps.next_run_at <= now()
        returning name`,
  );
  return rows.length > 0;
}

/** A sweep and how often it runs. */
export interface Sweep {
  name: string;
  everyMs: number;
  run(db: Db): Promise<unknown>;
  /** A long sweep (a retention backlog) runs beside the others instead of holding them back; never twice at once in one worker. */
  background?: boolean;
}

/**
 * Runs the sweeps that are due: each worker looks no more often than a sweep's
 * interval, and only the one that claims the round runs it. A failing sweep is
 * logged and does not keep the others from running.
 */
export class SweepRunner {
  private readonly lastTried = new Map<string, number>();
  /** Background sweeps still running, by name. */
  private readonly busy = new Map<string, Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly by: string,
    private readonly sweeps: Sweep[],
    private readonly log?: (msg: string, extra?: Record<string, unknown>) => void,
  ) {}

  async runDue(now = Date.now()): Promise<string[]> {
    const ran: string[] = [];
    for (const s of this.sweeps) {
      if (now - (this.lastTried.get(s.name) ?? 0) < s.everyMs || this.busy.has(s.name)) continue;
      this.lastTried.set(s.name, now);
      try {
        if (!(await claimSweep(this.db, s.name, s.everyMs, this.by))) continue;
        ran.push(s.name);
        if (s.background) {
          const done = s
            .run(this.db)
            .then(() => undefined)
            .catch((err: Error) => this.log?.('sweep failed', { sweep: s.name, err: err.message }))
            .finally(() => this.busy.delete(s.name));
          this.busy.set(s.name, done);
        } else await s.run(this.db);
      } catch (err) {
        this.log?.('sweep failed', { sweep: s.name, err: (err as Error).message });
      }
    }
    return ran;
  }

  /** Waits for the background sweeps still running (a stopping worker lets them finish). */
  async settle(): Promise<void> {
    await Promise.all([...this.busy.values()]);
  }
}
