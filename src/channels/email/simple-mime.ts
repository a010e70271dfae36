// The plain mail a person writes, anew or as a reply — one text/plain part, or text/plain with its HTML twin
// (multipart/alternative), in UTF-8 or ASCII, with UTF-8 or ASCII headers — read without mailparser's
// stream machinery (issue 15: at 500 mails a second mailparser was the largest share of an
// email's own CPU). It reads only what readMail (route-email.ts) uses and gives up — null, the
// caller parses with mailparser — on anything else: encoded words in other charsets, other
// charsets, attachments, nested or other multiparts, format=flowed, group or commented
// addresses, odd quoted-printable. The test (test/channels/simple-mime.test.ts) holds it to mailparser's
// reading of the same bytes.
import type { AddressObject, HeaderLines, ParsedMail } from 'mailparser';

/** What readMail reads of a parsed mail: mailparser's ParsedMail, or this module's reading. */
export type MailView = Pick<ParsedMail, 'headerLines' | 'from' | 'to' | 'cc' | 'subject' | 'text' | 'date' | 'inReplyTo' | 'references' | 'attachments'>;

/** The simple mail read as mailparser would; null when it is not that simple (parse it with mailparser). */
export function parseSimpleMail(raw: Buffer): MailView | null {
  const split = splitHead(raw, 0);
  if (!split) return null;
  const headerLines = headerLinesOf(split.head);
  if (!headerLines) return null;
  const h = firstValues(headerLines);
  if (!h) return null;
  if (h.has('content-disposition')) return null;
  const inReplyTo = messageIdOf(decodeWords(h.get('in-reply-to')));
  const refs = decodeWords(h.get('references'));
  if (inReplyTo === null || refs === null) return null;
  // As mailparser lists them: each blank-separated word made <id>; one is a string, none or several a list.
  const referenceList = refs === undefined ? undefined : refs.split(/\s+/).map(messageIdOf).filter((v): v is string => !!v);
  const from = addressHeader(h.get('from'));
  const to = addressHeader(h.get('to'));
  const cc = addressHeader(h.get('cc'));
  if (from === null || to === null || cc === null) return null;
  const subject = decodeWords(h.get('subject'));
  if (subject === null) return null;
  const text = bodyText(raw, split.body, h);
  if (text === null) return null;
  const dateValue = h.get('date');
  let date: Date | undefined;
  if (dateValue !== undefined) {
    date = new Date(dateValue);
    // As mailparser: a Date it cannot read is the moment of parsing.
    if (Number.isNaN(date.getTime())) date = new Date();
  }
  const references = referenceList?.length === 1 ? referenceList[0] : referenceList;
  return { headerLines, from, to, cc, subject: subject || undefined, text, date, inReplyTo: inReplyTo || undefined, references, attachments: [] };
}

/** mailparser's Message-ID format: wrapped in <> when it is not; '' for an empty value. */
function messageIdOf(value: string | undefined | null): string | undefined | null {
  if (!value) return value;
  return `${value.startsWith('<') ? '' : '<'}${value}${value.endsWith('>') ? '' : '>'}`;
}

/** Where the header block ends and the body starts (the first empty line), from `start`. */
function splitHead(raw: Buffer, start: number): { head: string; body: number } | null {
  const crlf = raw.indexOf('\r\n\r\n', start);
  const lf = raw.indexOf('\n\n', start);
  if (crlf < 0 && lf < 0) return null;
  const [end, body] = lf >= 0 && (crlf < 0 || lf < crlf + 1) ? [lf, lf + 2] : [crlf, crlf + 4];
  const head = raw.toString('latin1', start, end);
  // Control characters (a NUL, say) are left to mailparser; 8-bit bytes are UTF-8 (RFC 6532), as it reads them.
  return /[^\t\r\n\x20-\x7e\x80-\xff]/.test(head) ? null : { head, body };
}

/** The header lines as mailsplit gives them: key lower-cased, continuation lines joined by CRLF. */
function headerLinesOf(head: string): HeaderLines | null {
  const lines: { key: string; line: string }[] = [];
  for (const l of head.split(/\r?\n/)) {
    if (l.startsWith(' ') || l.startsWith('\t')) {
      const last = lines.at(-1);
      if (!last) return null;
      last.line += `\r\n${l}`;
      continue;
    }
    const colon = l.indexOf(':');
    // A mbox "From " line, a line without a colon, a stray CR: mailparser's to read.
    if (colon <= 0 || l.includes('\r')) return null;
    const key = l.slice(0, colon).trim().toLowerCase();
    if (!/^[!-9;-~]+$/.test(key)) return null;
    lines.push({ key, line: l });
  }
  return lines;
}

/** The unfolded, trimmed value of each header's first line (mailparser keeps the first of From, Subject, Date…). */
function firstValues(lines: HeaderLines): Map<string, string> | null {
  const values = new Map<string, string>();
  for (const { key, line } of lines) {
    // A repeated address header is a list mailparser joins: left to it.
    if (values.has(key) && ['from', 'to', 'cc', 'content-type', 'content-transfer-encoding', 'references'].includes(key)) return null;
    if (values.has(key)) continue;
    const value = line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]*/g, ' ').trim();
    // The lines are bytes as latin1 (mailsplit's "binary"); a value is read as UTF-8, as mailparser reads it.
    values.set(key, /[\x80-\xff]/.test(value) ? Buffer.from(value, 'latin1').toString('utf8') : value);
  }
  return values;
}

const BARE = /^([^\s"<>(),;:\\@]+@[^\s"<>(),;:\\@]+)$/;
// No two ways to match one string (the name takes no '<', the blanks before it go with it): linear on hostile headers.
const NAMED = /^(?:"([^"\\]*)"\s*|([^"<>(),;:\\@]*))<([^\s"<>(),;:\\@]+@[^\s"<>(),;:\\@]+)>$/;

/**
 * An address list of plain entries (`a@b`, `Name <a@b>`, `"Name, Inc" <a@b>`) as mailparser
 * reads it; undefined when absent, null when it holds anything else (groups, comments, encoded words).
 */
function addressHeader(value: string | undefined): AddressObject | undefined | null {
  if (value === undefined) return undefined;
  if (/xn--/i.test(value)) return null;
  const entries: { address: string; name: string }[] = [];
  for (const part of splitOutsideQuotes(value)) {
    const entry = part.trim();
    if (!entry) continue;
    const bare = BARE.exec(entry);
    const named = bare ? null : NAMED.exec(entry);
    if (bare && !bare[1]!.includes('=?')) entries.push({ address: bare[1]!, name: '' });
    else if (named && !named[3]!.includes('=?')) {
      // The name as addressparser gives it, encoded words decoded.
      const name = decodeWords((named[1] ?? named[2] ?? '').trim());
      if (typeof name !== 'string') return null;
      entries.push({ address: named[3]!, name });
    } else return null;
  }
  if (!entries.length) return null;
  return { value: entries, html: '', text: '' };
}

const WORD = /=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * RFC 2047 encoded words as libmime's decodeWords reads them (adjacent words of one encoding
 * joined, the blanks between words dropped), for UTF-8 words only; null for any other charset
 * or bytes that are not UTF-8.
 */
function decodeWords(value: string | undefined): string | undefined | null {
  if (value === undefined || !value.includes('=?')) return value;
  for (const m of value.matchAll(WORD)) if (!['utf8'].includes(m[1]!.toLowerCase().replace(/[^a-z0-9]+/g, ''))) return null;
  const joined = value
    .replace(/(=\?([^?]+)\?[Bb]\?[^?]*\?=)\s*(?==\?([^?]+)\?[Bb]\?[^?]*\?=)/g, '$1\u0000')
    .replace(/(=\?([^?]+)\?[Qq]\?[^?]*\?=)\s*(?==\?([^?]+)\?[Qq]\?[^?]*\?=)/g, '$1\u0000')
    .replace(/(\?=)?\u0000(=\?([^?]+)\?[QqBb]\?)?/g, '')
    .replace(/(=\?[^?]+\?[QqBb]\?[^?]*\?=)\s+(?==\?[^?]+\?[QqBb]\?[^?]*\?=)/g, '$1');
  let bad = false;
  const out = joined.replace(WORD, (_m, _charset: string, encoding: string, text: string) => {
    let bytes: Buffer;
    if (encoding.toUpperCase() === 'B') {
      // Padding inside the joined text: libbase64 reads segment by segment, left to it.
      if (/=[^=]/.test(text) || !/^[A-Za-z0-9+/=]*$/.test(text)) bad = true;
      bytes = Buffer.from(text, 'base64');
    } else {
      if (/=(?![0-9A-Fa-f]{2})|\s/.test(text)) bad = true;
      bytes = Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_h, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
    }
    try {
      return UTF8.decode(bytes);
    } catch {
      bad = true;
      return '';
    }
  });
  return bad || out.includes('=?') ? null : out;
}

function splitOutsideQuotes(value: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts;
}

interface ContentType {
  type: string;
  params: Map<string, string>;
}

/** `type/subtype; a=b; c="d"` — null for what this reader does not take (comments, RFC 2231, encoded words). */
function contentTypeOf(value: string | undefined): ContentType | null {
  if (value === undefined) return { type: 'text/plain', params: new Map() };
  const m = /^([a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+)\s*((?:;\s*[a-z0-9_.-]+\s*=\s*(?:"[^"\\]*"|[^;\s"()]+)\s*)*);?$/i.exec(value);
  if (!m || value.includes('=?')) return null;
  const params = new Map<string, string>();
  for (const p of m[2]!.matchAll(/;\s*([a-z0-9_.-]+)\s*=\s*(?:"([^"\\]*)"|([^;\s"()]+))/gi)) params.set(p[1]!.toLowerCase(), p[2] ?? p[3]!);
  return { type: m[1]!.toLowerCase(), params };
}

/** The text mailparser would give: the text/plain part, decoded, with LF line ends; null when not simple. */
function bodyText(raw: Buffer, bodyStart: number, h: Map<string, string>): string | null {
  const ct = contentTypeOf(h.get('content-type'));
  if (!ct) return null;
  if (ct.type === 'text/plain') return partText(raw.subarray(bodyStart), ct, h.get('content-transfer-encoding'));
  if (ct.type !== 'multipart/alternative') return null;
  const boundary = ct.params.get('boundary');
  if (!boundary || !/^[0-9a-z'()+_,./:=? -]{1,70}$/i.test(boundary)) return null;
  const parts = multipartBodies(raw, bodyStart, boundary);
  if (!parts) return null;
  let text: string | null = null;
  for (const [start, end] of parts) {
    const split = splitHead(raw, start);
    // A part with no header block at all is text/plain in mailparser's reading: left to it.
    if (!split || split.body > end) return null;
    const lines = headerLinesOf(split.head.replace(/^(\r?\n)+/, ''));
    const ph = lines && firstValues(lines);
    if (!ph || ph.has('content-disposition')) return null;
    const pct = contentTypeOf(ph.get('content-type'));
    if (!pct) return null;
    if (pct.type === 'text/html') continue;
    // One text part only (several would be joined; other types may be attachments).
    if (pct.type !== 'text/plain' || text !== null) return null;
    text = partText(raw.subarray(split.body, end), pct, ph.get('content-transfer-encoding'));
    if (text === null) return null;
  }
  // HTML alone needs html-to-text: mailparser's.
  return text;
}

/** The [start, end) byte ranges of a multipart body's parts (the line break before a boundary belongs to it). */
function multipartBodies(raw: Buffer, bodyStart: number, boundary: string): [number, number][] | null {
  const text = raw.toString('latin1', bodyStart);
  const delimiter = `--${boundary}`;
  const ranges: [number, number][] = [];
  let partStart = -1;
  let closed = false;
  const lineRe = /([^\r\n]*)(\r?\n|$)/g;
  for (let m = lineRe.exec(text); m && m.index < text.length; m = lineRe.exec(text)) {
    const line = m[1]!.replace(/[ \t]+$/, '');
    if (line === delimiter || line === `${delimiter}--`) {
      if (partStart >= 0) {
        // The part ends before the line break that precedes the boundary line.
        const before = m.index;
        const end = text[before - 2] === '\r' && text[before - 1] === '\n' ? before - 2 : text[before - 1] === '\n' ? before - 1 : before;
        ranges.push([bodyStart + partStart, bodyStart + Math.max(partStart, end)]);
      }
      if (line !== delimiter) {
        closed = true;
        break;
      }
      partStart = m.index + m[0].length;
    } else if (line.startsWith('--') && line.length > 2 && partStart >= 0 && line.startsWith(delimiter)) {
      // Something that starts like the boundary but is not it: mailparser's to judge.
      return null;
    }
    if (m[0].length === 0) lineRe.lastIndex++;
  }
  return closed && ranges.length ? ranges : null;
}

/** One text part's bytes, transfer-decoded and read as UTF-8 (the only charsets taken are UTF-8 and ASCII). */
function partText(body: Buffer, ct: ContentType, encoding: string | undefined): string | null {
  const charset = (ct.params.get('charset') ?? 'utf-8').toLowerCase().replace(/[^a-z0-9]+/g, '');
  if (!['ascii', 'usascii', 'utf8'].includes(charset)) return null;
  if ((ct.params.get('format') ?? '').toLowerCase() === 'flowed') return null;
  const cte = (encoding ?? '7bit').toLowerCase();
  let bytes: Buffer;
  if (cte === '7bit' || cte === '8bit' || cte === 'binary') bytes = body;
  else if (cte === 'base64') {
    const b64 = body.toString('latin1');
    if (!/^[A-Za-z0-9+/=\r\n \t]*$/.test(b64)) return null;
    bytes = Buffer.from(b64, 'base64');
  } else if (cte === 'quoted-printable') {
    const qp = decodeQuotedPrintable(body.toString('latin1'));
    if (qp === null) return null;
    bytes = qp;
  } else return null;
  return bytes.toString('utf8').replace(/\r?\n/g, '\n');
}

/** Quoted-printable with only well-formed escapes and soft breaks, no trailing blanks; else null. */
function decodeQuotedPrintable(s: string): Buffer | null {
  if (/[ \t]\r?\n|=(?![0-9A-F]{2}|\r?\n|$)/.test(s)) return null;
  const out = s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(out.endsWith('=') ? out.slice(0, -1) : out, 'latin1');
}
