// The pure rules of inbound mail (STYLE 9): what identifies a message before
// it is parsed, which mails are machines talking (auto-replies, bounces) and
// must never open a case or be answered, where a reply's quoted history
// starts, and which addresses carry a case's reply token.
import { createHash } from 'node:crypto';

/** The header block of a raw message (up to the first empty line), unfolded; capped so a hostile header cannot blow up memory. */
export function rawHeaders(raw: Buffer, cap = 512 * 1024): string {
  const head = raw.subarray(0, Math.min(raw.length, cap)).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  return (end >= 0 ? head.slice(0, end) : head).replace(/\r?\n[ \t]+/g, ' ');
}

/** One header's first value from an unfolded header block. */
export function rawHeader(headers: string, name: string): string | null {
  const m = new RegExp(`^${name}[ \\t]*:[ \\t]*(.*)$`, 'im').exec(headers);
  return m ? m[1]!.trim() : null;
}

/** Does this look like an email at all: at least one "Name: value" header line at its start. */
export function looksLikeEmail(raw: Buffer): boolean {
  const headers = rawHeaders(raw, 64 * 1024);
  return /^[!-9;-~]+[ \t]*:/.test(headers) && /^(from|message-id|to|subject|date|received|return-path|mime-version)[ \t]*:/im.test(headers);
}

/**
 * What makes two deliveries the same message: its Message-ID, or a hash of
 * the bytes when it has none (or an absurd one). Read before parsing.
 */
export function dedupeKeyOf(raw: Buffer): string {
  const id = rawHeader(rawHeaders(raw), 'message-id');
  const clean = id ? /<[^<>\s]+>/.exec(id)?.[0] ?? id.split(/\s/)[0] : null;
  if (clean && clean.length >= 3 && clean.length <= 900 && !clean.includes('\u0000')) return clean;
  return `sha256:${createHash('sha256').update(raw).digest('hex')}`;
}

/** Message-IDs listed in In-Reply-To / References (bounded: a hostile References header may list thousands). */
export function messageIdsIn(value: string | string[] | undefined | null, max = 100): string[] {
  const text = Array.isArray(value) ? value.join(' ') : (value ?? '');
  return [...new Set(text.match(/<[^<>\s]{1,900}>/g) ?? [])].slice(-max);
}

/** Our own outbound Message-IDs are <message uuid@domain>: the uuid names the message. */
export function ourMessageUuid(messageId: string): string | null {
  const m = /^<([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@/i.exec(messageId);
  return m ? m[1]!.toLowerCase() : null;
}

export type MachineMail = { kind: 'auto_reply' | 'bounce' | 'loop'; reason: string };

/**
 * RFC 3834 and common practice: auto-replies (Auto-Submitted, X-Autoreply,
 * Precedence bulk/junk/list/auto_reply) and bounces (multipart/report,
 * MAILER-DAEMON, an empty Return-Path) are machines talking; answering them
 * would start a mail loop, counting them as complaints would be wrong.
 */
export function machineMail(h: { get(name: string): string | null }, from: string | null, ourAddresses: string[]): MachineMail | null {
  // Bounces first: they often carry Auto-Submitted too, and a bounce tells us more (our mail failed).
  const contentType = h.get('content-type')?.toLowerCase() ?? '';
  if (contentType.startsWith('multipart/report')) return { kind: 'bounce', reason: 'multipart/report (a delivery or read report)' };
  const sender = from?.toLowerCase() ?? '';
  if (/^(mailer-daemon|postmaster|mail-daemon|noreply-dmarc-support)@/.test(sender)) return { kind: 'bounce', reason: `from ${sender}` };
  const returnPath = h.get('return-path');
  if (returnPath !== null && /^<\s*>$/.test(returnPath.trim())) return { kind: 'bounce', reason: 'empty Return-Path (a delivery notification)' };
  const autoSubmitted = h.get('auto-submitted')?.toLowerCase();
  if (autoSubmitted && !autoSubmitted.startsWith('no')) return { kind: 'auto_reply', reason: `Auto-Submitted: ${autoSubmitted}` };
  for (const name of ['x-autoreply', 'x-autorespond', 'x-autorespond-key', 'x-auto-reply']) {
    if (h.get(name)) return { kind: 'auto_reply', reason: `${name} present` };
  }
  const precedence = h.get('precedence')?.toLowerCase();
  if (precedence && ['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return { kind: 'auto_reply', reason: `Precedence: ${precedence}` };
  if (sender && ourAddresses.includes(sender)) return { kind: 'loop', reason: `from our own address ${sender}` };
  return null;
}

// Where a reply's quoted history starts, in the languages Amends speaks and the clients people use.
const QUOTE_STARTS: RegExp[] = [
  /^\s*On\b.{0,300}\bwrote:\s*$/i, // Gmail, Apple Mail (en)
  /^\s*Am\b.{0,300}\bschrieb\b.{0,200}:\s*$/i, // de
  /^\s*El\b.{0,300}\bescribió:\s*$/i, // es
  /^.{0,300}\s(пишет|написал|написала)\s*:\s*$/i, // ru (\b does not see Cyrillic)
  /^.{0,300}\brakstīja\s*:\s*$/i, // lv
  /^.{0,300}\bkirjoitti\s*:\s*$/i, // fi
  /^\s*(În|In)\b.{0,300}\ba scris:\s*$/i, // ro
  /^\s*Le\b.{0,300}\ba écrit\s*:\s*$/i, // fr
  /^-{2,}\s*(Original Message|Ursprüngliche Nachricht|Исходное сообщение|Mensaje original|Alkuperäinen viesti|Oriģinālā ziņa|Mesaj original)\s*-{2,}\s*$/i,
  /^_{10,}\s*$/, // Outlook's rule above the quoted header
  /^\s*(From|Von|От|De|Lähettäjä|No|Kimden)\s*:.+$/i, // Outlook's "From: … Sent: …" block (checked with the next line)
];

/**
 * The new text of a reply, without the quoted history below it (and without
 * "> " quoted lines). The full message is kept raw; this is what people read.
 */
export function stripQuoted(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  // Where the trailing run of "> " and blank lines starts (found once: asking at every quoted
  // line whether the rest is all quote was quadratic, seconds for a long inline-quoted thread).
  let tail = lines.length;
  while (tail > 0 && /^\s*(>.*)?$/.test(lines[tail - 1]!)) tail--;
  let cut = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const last = QUOTE_STARTS.length - 1;
    const hit = QUOTE_STARTS.some((re, k) => {
      if (!re.test(line)) return false;
      // A "From:" line counts only when a header-like line follows (Outlook quotes), not in prose.
      if (k === last) return /^\s*(Sent|Gesendet|Отправлено|Enviado|Lähetetty|Nosūtīts|Trimis|Date|Datum|To|An|Кому)\s*:/i.test(lines[i + 1] ?? '');
      return true;
    });
    if (hit && i > 0) {
      cut = i;
      break;
    }
    // A block of "> " lines that runs to the end (possibly with blank lines) is the quote.
    if (i >= tail && /^\s*>/.test(line)) {
      cut = i;
      break;
    }
  }
  let out = lines.slice(0, cut);
  // Gmail puts the "On … wrote:" line after the text; a wrapped one spans two lines.
  if (cut < lines.length && out.length && /^\s*On\b/i.test(out.at(-1) ?? '') && !/wrote:\s*$/i.test(out.at(-1)!)) out = out.slice(0, -1);
  return out.join('\n').replace(/\s+$/, '').replace(/^\s*\n/, '');
}

/** The case token in a reply address (local+token@domain), when the address is ours. */
export function replyTokenIn(addresses: string[], local: string, domain: string): string | null {
  for (const a of addresses) {
    const m = /^([^+@\s]+)\+([a-z0-9]{16,64})@([^@\s]+)$/i.exec(a.trim());
    if (m && m[1]!.toLowerCase() === local && m[3]!.toLowerCase() === domain) return m[2]!.toLowerCase();
  }
  return null;
}

/** Text PostgreSQL can store: no NUL characters, no lone surrogates. */
export function cleanText(s: string): string {
  return s.replace(/\u0000/g, '\uFFFD').replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
