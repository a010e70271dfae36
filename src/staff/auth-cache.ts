// Who a bearer token or session cookie belongs to, remembered for a few seconds
// (AUTH_CACHE_MS) so a staff request does not ask the database every time. Bounded
// in size; keyed by the token's hash; failures are never remembered (a new token
// works at once). A change made in this process (sign-out, token revoked, user
// changed or deactivated) forgets everything at once; one made by another process
// is honoured here after at most AUTH_CACHE_MS (docs/OPERATIONS.md).
import type { StaffUser } from './users.ts';

let generation = 0;

/** Forgets every remembered sign-in in this process (call after a change to users, sessions or tokens). */
export function forgetSignIns(): void {
  generation++;
}

export class AuthCache {
  private readonly entries = new Map<string, { user: StaffUser; until: number }>();
  private seen = generation;

  constructor(
    private readonly ttlMs: number,
    private readonly max = 10_000,
  ) {}

  /** The user behind `key` (a token hash), looked up by `load` unless remembered and fresh. */
  async get(key: string, load: () => Promise<StaffUser | null>): Promise<StaffUser | null> {
    if (this.ttlMs <= 0) return load();
    if (this.seen !== generation) {
      this.entries.clear();
      this.seen = generation;
    }
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.until > now) return hit.user;
    if (hit) this.entries.delete(key);
    const started = generation;
    const user = await load();
    // Something changed while we asked: the answer may be from before it.
    if (!user || started !== generation) return user;
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { user, until: now + this.ttlMs });
    return user;
  }
}
