// Live delivery to open streams, across processes: one hub per process keeps
// the streams by user. On a PostgreSQL server it holds one connection that
// LISTENs on the channel `notify` signals at commit, so a note written through
// any instance reaches a stream opened on any other. PGlite, in this process,
// listens through its own client. Without LISTEN (it failed, or the server's
// listener is reconnecting) the hub polls the table for rows newer than it saw.
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../db/client.ts';
import { NOTIFY_CHANNEL } from './notify.ts';

type Listener = () => void;

/** The per-process fan-out of "user X's notifications changed" to that user's open streams. */
export class NotificationHub {
  private readonly listeners = new Map<string, Set<Listener>>();
  private client: pg.Client | null = null;
  private listening = false;
  private poller: NodeJS.Timeout | null = null;
  private lastSeen = -1;
  private closed = false;
  private starting: Promise<void> | null = null;
  private readonly streams = new Set<() => void>();
  private stopInProcess: (() => Promise<void>) | null = null;

  constructor(
    private readonly database: Database,
    private readonly pollMs: number,
  ) {}

  /** Calls `fn` whenever the user's notifications change; returns the unsubscribe. */
  async subscribe(userId: string, fn: Listener): Promise<() => void> {
    let set = this.listeners.get(userId);
    if (!set) this.listeners.set(userId, (set = new Set()));
    set.add(fn);
    await this.start();
    return () => {
      set.delete(fn);
      if (set.size === 0) this.listeners.delete(userId);
    };
  }

  /** Registers how to end an open stream when the server shuts down; returns the deregistration. */
  track(end: () => void): () => void {
    this.streams.add(end);
    return () => this.streams.delete(end);
  }

  /** Ends every open stream (the server is closing: clients reconnect to another instance). */
  endStreams(): void {
    for (const end of [...this.streams]) end();
    this.streams.clear();
  }

  /** Tells this process's streams of a user at once (a change made here, before any NOTIFY round trip). */
  signal(userId: string): void {
    for (const fn of this.listeners.get(userId) ?? []) fn();
  }

  /** Whether delivery currently comes from LISTEN (else from polling). */
  get mode(): 'listen' | 'poll' {
    return this.listening ? 'listen' : 'poll';
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.poller) clearInterval(this.poller);
    this.poller = null;
    const c = this.client;
    this.client = null;
    this.listening = false;
    if (c) await c.end().catch(() => {});
    const stop = this.stopInProcess;
    this.stopInProcess = null;
    if (stop) await stop().catch(() => {});
  }

  private start(): Promise<void> {
    this.starting ??= (async () => {
      if (this.database.kind === 'postgres' && this.database.url) await this.listen();
      else if (this.database.listen) await this.listenInProcess(this.database.listen);
      this.ensurePolling();
    })();
    return this.starting;
  }

  /** PGlite runs in this process: its own LISTEN hears the notifications its transactions commit. */
  private async listenInProcess(listen: NonNullable<Database['listen']>): Promise<void> {
    try {
      const stop = await listen(NOTIFY_CHANNEL, (payload) => this.signal(payload));
      this.listening = true;
      this.stopInProcess = stop;
    } catch {
      // Polling covers it.
    }
  }

  private async listen(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.database.url });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    client.on('notification', (msg) => {
      if (msg.channel === NOTIFY_CHANNEL && msg.payload) this.signal(msg.payload);
    });
    try {
      await client.connect();
      await client.query(`listen ${NOTIFY_CHANNEL}`);
      this.client = client;
      this.listening = true;
    } catch {
      this.lost(client);
    }
  }

  /** The listener dropped: poll meanwhile, and listen again after a pause. */
  private lost(client: pg.Client): void {
    if (this.client === client) this.client = null;
    else if (this.client) return;
    this.listening = false;
    client.end().catch(() => {});
    if (this.closed) return;
    setTimeout(() => void this.listen(), Math.max(this.pollMs, 1000)).unref();
  }

  /** Polling runs while nobody listens: each tick asks which users have rows past the last id seen. */
  private ensurePolling(): void {
    if (this.poller || this.closed) return;
    this.poller = setInterval(() => void this.poll(), this.pollMs);
    this.poller.unref();
  }

  private async poll(): Promise<void> {
    if (this.listening || this.listeners.size === 0) {
      // Keep the high-water mark fresh, so switching to polling does not replay history.
      this.lastSeen = -1;
      return;
    }
    try {
      if (this.lastSeen < 0) {
        const [r] = await queryRows<{ id: number | null }>(this.database.db, sql`select max(id)::bigint as id from notifications`);
        this.lastSeen = Number(r?.id ?? 0);
        // Read-state changes carry no new row: on the first tick every open stream refreshes once.
        for (const u of this.listeners.keys()) this.signal(u);
        return;
      }
      const rows = await queryRows<{ user_id: string; id: number }>(
        this.database.db,
        sql`select user_id, max(id)::bigint as id from notifications where id > ${this.lastSeen} group by user_id`,
      );
      for (const r of rows) {
        this.lastSeen = Math.max(this.lastSeen, Number(r.id));
        this.signal(r.user_id);
      }
    } catch {
      // The database is away for a moment; the next tick tries again.
    }
  }
}
