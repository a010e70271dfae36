// The queue's first rows as plain HTML in the desk's document (first-screen.ts): what
// the agent sees before any script has run — the desk's frame (header, navigation's
// place), the queue's title and its table with real links to the cases, in Mantine's
// own classes (its stylesheet is in the page's head) and marked as the app marks them
// (data-testid="queue-row"). React replaces all of it when it mounts. Every text is
// escaped; the words are the desk's own, from the strings the web build writes
// (web/dist/first-rows.json, see vite.config.ts), in the reader's language.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyRequest } from 'fastify';
import { isLanguage } from '../domain/languages.ts';

type Strings = { [key: string]: string | Strings };
/** One language's words for the rows, English beneath. */
export type FirstRowsStrings = { own: Strings; en: Strings };

/** What the rows show of a queue item (the fields of the API's CaseListItem). */
export interface RowsInput {
  items: {
    id: string;
    number: string;
    status: string;
    priority: string;
    channel: string;
    subject: string | null;
    ownerId: string | null;
    customer: { name: string | null };
    dissatisfaction: { score: number } | null;
    createdAt: string;
    nextDueAt: string | null;
  }[];
}

/** The cookie web/src/i18n/index.ts writes beside localStorage when a language is chosen. */
export const LANGUAGE_COOKIE = 'amends_lang';

/** The language the app will start in: the one chosen (cookie), else the browser's, else English (as initI18n). */
export function pageLanguage(req: FastifyRequest): string {
  const chosen = req.cookies?.[LANGUAGE_COOKIE];
  if (chosen) return isLanguage(chosen) ? chosen : 'en';
  const browser = (req.headers['accept-language'] ?? '').split(',')[0]!.trim().slice(0, 2).toLowerCase();
  return isLanguage(browser) ? browser : 'en';
}

/** The strings of web/dist/first-rows.json, read once; undefined when the build has none. */
export function firstRowsStrings(dist: string): (language: string) => FirstRowsStrings | undefined {
  let all: Record<string, Strings> | null | undefined;
  return (language) => {
    if (all === undefined) {
      try {
        all = JSON.parse(readFileSync(resolve(dist, 'first-rows.json'), 'utf8')) as Record<string, Strings>;
      } catch {
        all = null;
      }
    }
    const en = all?.en;
    return en ? { own: all![language] ?? en, en } : undefined;
  };
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text or an attribute's value, escaped. */
export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ESC[c]!);

function lookup(s: Strings, key: string): string | undefined {
  let v: string | Strings | undefined = s;
  for (const p of key.split('.')) v = typeof v === 'object' ? v[p] : undefined;
  return typeof v === 'string' ? v : undefined;
}

const PRIORITY_COLOR: Record<string, string> = { urgent: 'red', high: 'orange', normal: 'blue', low: 'gray' };
const STATUS_COLOR: Record<string, string> = { new: 'gray', acknowledged: 'blue', understood: 'cyan', resolving: 'violet', resolved: 'green', closed: 'dark' };
const COLORS = ['red', 'orange', 'blue', 'gray', 'green', 'teal', 'cyan', 'violet', 'dark'];
const PALE = new Set(['green', 'lime', 'yellow', 'orange']);

/**
 * What the components' props would write on every element, once: the theme's shades (main.tsx:
 * filled at shade 9, light as shade 9 on shade 0, dimmed at gray 7, teal links), badges sized to
 * their words, text sizes, and the AppShell's frame (header 56 px; navigation 210 px from 48em).
 * Scoped to the rows' frame, and gone with it when React mounts.
 */
const STYLE = `<style>${[
  `:root[data-mantine-color-scheme="light"]{${COLORS.map((c) => `--mantine-color-${c}-filled:var(--mantine-color-${c}-9);`).join('')}--mantine-color-dimmed:var(--mantine-color-gray-7);--mantine-color-anchor:var(--mantine-color-teal-9)}`,
  ':root{--app-shell-navbar-width:calc(13.125rem * var(--mantine-scale));--app-shell-navbar-offset:calc(13.125rem * var(--mantine-scale));--app-shell-header-height:calc(3.5rem * var(--mantine-scale));--app-shell-header-offset:calc(3.5rem * var(--mantine-scale));--app-shell-padding:var(--mantine-spacing-xs)}',
  '@media(min-width: 48em){:root{--app-shell-padding:var(--mantine-spacing-md)}}',
  '@media(max-width: 47.99375em){:root{--app-shell-navbar-width:100%;--app-shell-navbar-offset:0px;--app-shell-navbar-transform:translateX(calc(var(--app-shell-navbar-width) * -1))}}',
  '[data-first-rows] .b{flex-shrink:0;max-width:none;overflow:visible;text-transform:none;letter-spacing:0;--badge-bd:calc(0.0625rem * var(--mantine-scale)) solid transparent}',
  '[data-first-rows] .b>span{overflow:visible;text-overflow:clip}',
  '[data-first-rows] .s{--text-fz:var(--mantine-font-size-sm);--text-lh:var(--mantine-line-height-sm)}',
  '[data-first-rows] .x{--text-fz:var(--mantine-font-size-xs);--text-lh:var(--mantine-line-height-xs);color:var(--mantine-color-dimmed)}',
  '[data-first-rows] .x.h{font-weight:400}',
  '[data-first-rows] .x.a{margin-top:calc(0.125rem * var(--mantine-scale))}',
  '[data-first-rows] .d{color:var(--mantine-color-dimmed)}',
  '[data-first-rows] .g{--group-gap:calc(0.375rem * var(--mantine-scale));--group-align:center;--group-justify:flex-start;--group-wrap:nowrap}',
  '[data-first-rows] .sj{max-width:calc(13.75rem * var(--mantine-scale))}',
  '[data-first-rows] .pw{width:calc(5rem * var(--mantine-scale))}',
  '[data-first-rows] .cw{width:calc(2.25rem * var(--mantine-scale))}',
  '[data-first-rows] .t{flex-shrink:0;display:inline-flex;align-items:center;--button-height:var(--button-height-xs);--button-padding-x:var(--button-padding-x-xs);--button-fz:var(--mantine-font-size-xs);--button-bg:var(--mantine-color-teal-0);--button-color:var(--mantine-color-teal-9);--button-bd:calc(0.0625rem * var(--mantine-scale)) solid transparent}',
  ...COLORS.flatMap((c) => [
    `[data-first-rows] .f-${c}{--badge-bg:var(--mantine-color-${c}-filled);--badge-color:var(--mantine-color-white);--progress-section-color:var(--mantine-color-${c}-filled)}`,
    `[data-first-rows] .l-${c}{--badge-bg:var(--mantine-color-${c}-0);--badge-color:var(--mantine-color-${PALE.has(c) ? 'dark' : c}-9)}`,
  ]),
].join('')}</style>`;

/** A Mantine badge as main.tsx's theme colours it. */
function badge(label: string, color: string, variant: 'filled' | 'light', attrs = ''): string {
  return `<div class="m_347db0ec b ${variant[0]}-${color}" data-variant="${variant}"${attrs}><span class="m_5add502a">${esc(label)}</span></div>`;
}

const TEXT = 'class="m_b6d8b162';

/** One formatter per language (building one costs more than formatting with it). */
const formats = new Map<string, Intl.RelativeTimeFormat>();

/** "3 hours ago" as web/src/format.ts writes it. */
function age(iso: string, locale: string, now: number): string {
  const mins = Math.round((new Date(iso).getTime() - now) / 60_000);
  let rtf = formats.get(locale);
  if (!rtf) formats.set(locale, (rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })));
  if (Math.abs(mins) < 60) return rtf.format(mins, 'minute');
  const hours = Math.round(mins / 60);
  if (Math.abs(hours) < 48) return rtf.format(hours, 'hour');
  return rtf.format(Math.round(hours / 24), 'day');
}

/** The subjects intake writes in English, in the reader's language (web/src/staff/subject.ts). */
function subject(t: (k: string, v?: Record<string, string>) => string, s: string | null): string {
  if (!s) return '';
  const fixed: Record<string, string> = { 'Missed call — call back': 'missed', 'Dropped call — call back now': 'dropped', 'Voicemail — call back': 'voicemail' };
  if (fixed[s]) return t(`desk.subject.${fixed[s]}`);
  const review = /^Review on (.+?)(?: \(([\d.]+\/\d+)\))?$/.exec(s);
  if (review) return t('desk.subject.review', { source: review[1]!, rating: review[2] ? ` (${review[2]})` : '' });
  const survey = /^Survey detractor: (.+)$/.exec(s);
  if (survey) return t('desk.subject.survey', { score: survey[1]! });
  return s;
}

/** The desk's frame and the queue's first rows, for #root. */
export function renderFirstRows(page: RowsInput, me: { id: string; name: string }, strings: FirstRowsStrings, language: string, now = Date.now()): string {
  const t = (key: string, vars: Record<string, string> = {}) =>
    (lookup(strings.own, key) ?? lookup(strings.en, key) ?? key).replace(/\{\{(\w+)\}\}/g, (_, v: string) => vars[v] ?? '');
  const th = (label: string, sub?: string, cls = '') => `<th class="m_4e7aa4f3${cls}">${esc(label)}${sub ? `<p ${TEXT} x h" data-size="xs">${esc(sub)}</p>` : ''}</th>`;
  const td = (html: string, cls = '') => `<td class="m_4e7aa4ef${cls}">${html}</td>`;
  const TR = '<tr class="m_4e7aa4fd" data-with-row-border data-striped="odd" data-hover';
  const rows = page.items.map((c) => {
    const owner = c.ownerId === null ? t('case.noOwner') : c.ownerId === me.id ? me.name : '';
    // The take-over button's place (the button itself comes with React: nothing here pretends to work).
    const takeOver = c.status !== 'closed' && c.ownerId !== me.id ? `<span class="m_77c9d27d t" data-variant="light" data-size="xs" aria-hidden="true"><span class="m_80f1301b"><span class="m_811560b9">${esc(t('ownership.takeOver'))}</span></span></span>` : '';
    const score = c.dissatisfaction?.score;
    const progress = score === undefined ? '—' : `<div class="m_db6d6462"><div class="m_2242eb65 f-${score > 0.6 ? 'red' : score > 0.3 ? 'orange' : 'teal'}" role="progressbar" aria-label="${Math.round(score * 100)}%" style="--progress-section-size:${(score * 100).toFixed(1)}%"></div></div>`;
    let deadline = `<p ${TEXT} s d" data-size="sm">—</p>`;
    if (c.nextDueAt) {
      const left = Date.parse(c.nextDueAt) - now;
      const color = left < 0 ? 'red' : left < 2 * 3_600_000 ? 'orange' : 'green';
      deadline = badge(age(c.nextDueAt, language, now), color, left < 0 ? 'filled' : 'light', ` data-testid="deadline" data-color="${color}"`);
    }
    return `${TR} data-testid="queue-row">${[
      td(''),
      td(`<a href="/cases/${encodeURIComponent(c.id)}" class="mantine-focus-auto m_849cf0da m_b6d8b162" data-underline="hover"><span data-testid="case-no" style="white-space:nowrap">${esc(c.number)}</span></a>`),
      td(badge(t(`priority.${c.priority}`), PRIORITY_COLOR[c.priority] ?? 'gray', 'filled')),
      td(`<p ${TEXT} s" data-size="sm" dir="auto">${esc(c.customer.name ?? '—')}</p><p ${TEXT} x" data-size="xs">${esc(t(`channel.${c.channel}`))}</p>`),
      td(`<p ${TEXT} s" data-size="sm" data-truncate="end" dir="auto">${esc(subject(t, c.subject))}</p>`, ' sj'),
      td(badge(t(`status.${c.status}`), STATUS_COLOR[c.status] ?? 'gray', 'light', ' data-testid="case-status"')),
      td(`<div class="m_4081bf90 g"><p ${TEXT} s" data-size="sm" data-testid="queue-owner-name">${esc(owner)}</p>${takeOver}</div>`),
      td(progress, ' pw'),
      td(`${deadline}<p ${TEXT} x a" data-size="xs">${esc(age(c.createdAt, language, now))}</p>`),
    ].join('')}</tr>`;
  });
  const head = `${TR}>${[
    th('', undefined, ' cw'),
    th(t('queue.number')), th(t('queue.priority')), th(t('queue.customer'), t('queue.channel')), th(t('queue.subject')),
    th(t('queue.status')), th(t('case.owner')), th(t('queue.dissatisfaction')), th(t('queue.deadline'), t('queue.age')),
  ].join('')}</tr>`;
  const table = `<div style="overflow-x:auto"><div style="min-width:900px"><table class="m_b23fa0ef" style="--table-vertical-spacing:calc(0.4375rem * var(--mantine-scale))"><thead class="m_b242d975">${head}</thead><tbody class="m_b2404537">${rows.join('')}</tbody></table></div></div>`;
  const header = `<header class="m_3b16f56b" data-with-border style="--app-shell-header-z-index:100"><div class="m_4081bf90" style="--group-gap:var(--mantine-spacing-xs);--group-align:center;--group-justify:space-between;--group-wrap:nowrap;height:100%;padding-inline:var(--mantine-spacing-md)"><h3 class="m_8a5d1357" data-order="3" style="--title-fw:var(--mantine-h3-font-weight);--title-lh:var(--mantine-h3-line-height);--title-fz:var(--mantine-h3-font-size);color:var(--mantine-color-teal-9)">Amends</h3><p ${TEXT} s" data-size="sm" data-truncate="end">${esc(me.name)}</p></div></header>`;
  const nav = `<nav class="m_45252eee" data-with-border aria-label="${esc(t('nav.main'))}" style="--app-shell-navbar-z-index:101"></nav>`;
  const title = `<h2 class="m_8a5d1357" data-order="2" style="--title-fw:var(--mantine-h2-font-weight);--title-lh:var(--mantine-h2-line-height);--title-fz:var(--mantine-h2-font-size)">${esc(t('queue.title'))}</h2>`;
  // Where the saved views, the search and the filters will be (as tall as the queue's own placeholders).
  const gap = (h: string) => `<div style="height:${h}"></div>`;
  const input = 'calc(var(--input-height-sm) + var(--mantine-font-size-sm) * var(--mantine-line-height))';
  const main = `<main class="m_8983817"><div class="m_6d731127" style="--stack-gap:var(--mantine-spacing-md);--stack-align:stretch;--stack-justify:flex-start">${title}${gap('calc(var(--mantine-font-size-sm) * var(--mantine-line-height) + 1.25rem)')}${gap(input)}${gap(input)}${table}</div></main>`;
  return `${STYLE}<div class="m_89ab340" data-mode="fixed" data-first-rows>${header}${nav}${main}</div>`;
}

/** Top-level rules of a stylesheet (an @media block is one rule). */
function cssRules(css: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < css.length; i++) {
    const ch = css[i];
    if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) (out.push(css.slice(start, i + 1)), (start = i + 1));
    else if (ch === ';' && depth === 0) (out.push(css.slice(start, i + 1)), (start = i + 1));
  }
  return out;
}

/** The rules of Mantine's stylesheet that name none of its component classes or one of `used`; no dark scheme, no animations. */
function keepRules(css: string, used: Set<string>): string {
  return cssRules(css)
    .map((r) => {
      const brace = r.indexOf('{');
      if (brace < 0) return r;
      const prelude = r.slice(0, brace);
      if (/^@(keyframes|font-face)/.test(prelude)) return '';
      if (prelude.startsWith('@')) {
        const inner = keepRules(r.slice(brace + 1, -1), used);
        return inner ? `${prelude}{${inner}}` : '';
      }
      const classes = prelude.match(/\.m_[0-9a-f]+/g);
      if (classes) return classes.some((c) => used.has(c.slice(1))) ? r : '';
      return /\.mantine-|data-mantine-color-scheme=dark/.test(prelude) ? '' : r;
    })
    .join('');
}

/** Every Mantine class the rows can carry (a sample with each kind of row). */
const ROW_CLASSES = (() => {
  const at = new Date(0).toISOString();
  const item = { id: 'x', number: 'C-1', status: 'new', priority: 'normal', channel: 'email', subject: null, customer: { name: null }, createdAt: at };
  const html = renderFirstRows(
    { items: [{ ...item, ownerId: 'me', dissatisfaction: null, nextDueAt: null }, { ...item, ownerId: null, dissatisfaction: { score: 0.5 }, nextDueAt: at }] },
    { id: 'me', name: '' },
    { own: {}, en: {} },
    'en',
  );
  return new Set([...html.matchAll(/\bm_[0-9a-f]+\b/g)].map((m) => m[0]));
})();

/**
 * The part of the app's stylesheet (web/dist/assets/…css) the rows need — the theme's variables,
 * the base rules and their components' (≈ 40 of its 250 KB) — read once per stylesheet; the page
 * carries it inline so the rows paint without waiting for the whole sheet. '' when unreadable.
 */
export function rowsStylesheet(dist: string): (href: string) => string {
  const cache = new Map<string, string>();
  return (href) => {
    let css = cache.get(href);
    if (css === undefined) {
      try {
        css = keepRules(readFileSync(resolve(dist, `.${href}`), 'utf8'), ROW_CLASSES);
      } catch {
        css = '';
      }
      cache.set(href, css);
    }
    return css;
  };
}
