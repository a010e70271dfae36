// The English strings the desk's first screen (the queue, with the desk's header
// and navigation) needs: the entry bundles only these (vite.config.ts picks them
// from en.json, import './en.json?first-screen'), and the rest of English loads
// beside the queue (englishStrings in index.ts), before any later screen or part
// renders (lazy.ts). test/web/first-screen.test.ts checks that every key the
// first screen's files name is here.

/** Key paths into en.json: a section, or one key (with its plural forms, key_one, key_other …). */
export const FIRST_SCREEN_STRINGS = [
  'common', 'nav', 'role', 'status', 'priority', 'channel', 'queue',
  'case.owner', 'case.noOwner', 'ownership.takeOver',
  'queuePower.bulk.select', 'queuePower.bulk.selectAll', 'queuePower.sla.nav',
  'desk.nav', 'desk.canned.nav', 'desk.notifications.bell', 'desk.subject',
  'learning.nav', 'reports.nav', 'twoFactor.nav', 'webhooks.nav', 'audit.nav',
] as const;

type Strings = { [key: string]: string | Strings };

/** The part of `all` that the paths name (a key's plural forms with it). */
export function pickStrings(all: Strings, paths: readonly string[] = FIRST_SCREEN_STRINGS): Strings {
  const out: Strings = {};
  for (const path of paths) {
    const parts = path.split('.');
    const last = parts.pop()!;
    let from: Strings | string | undefined = all;
    let to = out;
    for (const p of parts) {
      from = typeof from === 'object' ? from[p] : undefined;
      to = (to[p] ??= {}) as Strings;
    }
    if (typeof from !== 'object') throw new Error(`first-screen strings: no section for ${path}`);
    const keys = Object.keys(from).filter((k) => k === last || k.startsWith(`${last}_`));
    if (keys.length === 0) throw new Error(`first-screen strings: no ${path} in en.json`);
    for (const k of keys) to[k] = from[k]!;
  }
  return out;
}

/**
 * The strings of the queue's rows that the server writes into the desk's page before any script
 * runs (src/http/first-rows.ts): the web build writes them, in every language, to dist/first-rows.json.
 */
export const FIRST_ROWS_STRINGS = ['queue', 'status', 'priority', 'channel', 'case.owner', 'case.noOwner', 'ownership.takeOver', 'desk.subject', 'nav.main'] as const;
