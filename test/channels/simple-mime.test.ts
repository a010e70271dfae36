// The light reader of plain mail (src/channels/email/simple-mime.ts) against mailparser: for
// every real .eml fixture and a matrix of plain mails (line ends, transfer encodings, encoded
// words, multipart/alternative, address forms, machine headers), whatever it reads must be
// what readMail makes of mailparser's reading of the same bytes; what it declines goes to mailparser.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { simpleParser } from 'mailparser';
import { parseSimpleMail } from '../../src/channels/email/simple-mime.ts';
import { readMail } from '../../src/channels/email/route-email.ts';
import { dedupeKeyOf } from '../../src/channels/email/inbound-rules.ts';
import { loadConfig } from '../../src/config.ts';

const cfg = loadConfig({ MAIL_FROM: 'Shop <desk@shop.example>', MAIL_REPLY_ADDRESS: 'reply@shop.example', MAIL_MAILBOXES: 'help@shop.example, riga@shop.example=riga, klientiem@shop.example:lv' } as never);
const FIXTURES = join(import.meta.dirname, '../fixtures/eml');

const viaMailparser = async (raw: Buffer) => readMail(cfg, await simpleParser(raw, { skipTextToHtml: true, skipImageLinks: true, maxHtmlLengthToParse: 2 * 1024 * 1024 }), dedupeKeyOf(raw));
const viaLight = (raw: Buffer) => {
  const mail = parseSimpleMail(raw);
  return mail && readMail(cfg, mail, dedupeKeyOf(raw));
};

const utf8 = 'Ilze Bērziņa — посылка пришла разбитой';
const qp = (s: string) => [...Buffer.from(s, 'utf8')].map((b) => (b > 126 || b === 61 ? `=${b.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(b))).join('');
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const body = `Hello,\n\nthe vase in order 4711 arrived in pieces!!! ${utf8}\nI want my money back.\n\nOn Mon, 23 Nov 2026, Shop <desk@shop.example> wrote:\n> Thank you for your order.\n`;
const head = (over: Record<string, string | null> = {}) => {
  const h: Record<string, string | null> = {
    From: 'Ilze <ilze@example.lv>',
    To: 'help@shop.example',
    Subject: 'The order arrived broken',
    Date: 'Mon, 23 Nov 2026 10:00:00 +0200',
    'Message-ID': '<m-1@example.lv>',
    'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Transfer-Encoding': '8bit',
    ...over,
  };
  return Object.entries(h)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k}: ${v}`);
};
const mail = (headers: string[], text: string, eol = '\r\n') => Buffer.from([...headers, '', ...text.split('\n')].join(eol), 'utf8');
const alternative = (plain: string, cte = '8bit', boundary = 'b1=_x') =>
  [
    'This is a multi-part message in MIME format.',
    `--${boundary}`,
    'Content-Type: text/plain; charset="UTF-8"',
    `Content-Transfer-Encoding: ${cte}`,
    '',
    plain,
    `--${boundary}`,
    'Content-Type: text/html; charset="UTF-8"',
    'Content-Transfer-Encoding: 8bit',
    '',
    `<div dir="ltr">${body.replace(/\n/g, '<br>')}</div>`,
    `--${boundary}--`,
    'epilogue',
  ].join('\n');

/** Mails the light reader must take (and read as mailparser does). */
const TAKEN: Record<string, Buffer> = {
  'plain, CRLF': mail(head(), body),
  'plain, LF': mail(head(), body, '\n'),
  'no content headers at all': mail(head({ 'MIME-Version': null, 'Content-Type': null, 'Content-Transfer-Encoding': null }), body.replace(utf8, 'ascii only')),
  'us-ascii, 7bit': mail(head({ 'Content-Type': 'text/plain; charset="us-ascii"', 'Content-Transfer-Encoding': '7bit' }), body.replace(utf8, 'plain')),
  'quoted-printable': mail(head({ 'Content-Transfer-Encoding': 'quoted-printable' }), qp(body).replace('arrived in pieces', 'arrived=\n in pieces')),
  base64: mail(head({ 'Content-Transfer-Encoding': 'base64' }), b64(body).replace(/(.{76})/g, '$1\n')),
  'encoded words (B, Q, split across words)': mail(head({ From: '=?UTF-8?Q?Ilze_B=C4=93rzi=C5=86a?= <Ilze@Example.lv>', Subject: `=?utf-8?B?${b64('Посылка ')}?=\r\n =?utf-8?B?${b64('пришла разбитой')}?= (order 4711)` }), body),
  'quoted names, several recipients, Cc, folded To': mail(head({ From: '"Berzina, Ilze" <ilze@example.lv>', To: 'Support <help@shop.example>,\r\n  "Riga, shop" <RIGA@shop.example>', Cc: 'a@b.example, B <b@b.example>' }), body),
  'name with several blanks': mail(head({ From: 'Ilze   Marta  Berzina <ilze@example.lv>' }), body),
  'folded subject': mail(head({ Subject: 'The order\r\n\tarrived   broken' }), body),
  'no date, no subject': mail(head({ Date: null, Subject: null }), body),
  'empty subject': mail(head({ Subject: '' }), body),
  'reply token address': mail(head({ To: 'reply+abcdef0123456789abcdef01@shop.example' }), body),
  'delivered-to a mailbox': mail(head({ To: 'someone@else.example', 'Delivered-To': '<klientiem@shop.example>', 'X-Original-To': 'riga@shop.example' }), body),
  'auto-reply headers': mail(head({ 'Auto-Submitted': 'auto-replied', Precedence: 'bulk' }), body),
  'empty return-path': mail(head({ 'Return-Path': '<>' }), body),
  'from our own address': mail(head({ From: 'Shop <desk@shop.example>' }), body),
  'multipart/alternative, 8bit': mail(head({ 'Content-Type': 'multipart/alternative; boundary="b1=_x"', 'Content-Transfer-Encoding': null }), alternative(body)),
  'multipart/alternative, QP, CRLF': mail(head({ 'Content-Type': 'multipart/alternative;\r\n boundary="b1=_x"', 'Content-Transfer-Encoding': null }), alternative(qp(body), 'quoted-printable')),
  'multipart/alternative, base64, unquoted boundary': mail(head({ 'Content-Type': 'multipart/alternative; boundary=000000000000abcdef', 'Content-Transfer-Encoding': null }), alternative(b64(body), 'base64', '000000000000abcdef'), '\n'),
  'UTF-8 headers (RFC 6532)': mail(head({ From: '"Bērziņa, Ilze" <ilze@example.lv>', Subject: 'Посылка пришла разбитой' }), body),
  'a part with no Content-Type (text/plain by default)': mail(head({ 'Content-Type': 'multipart/alternative; boundary=q', 'Content-Transfer-Encoding': null }), ['--q', 'Content-Transfer-Encoding: 8bit', '', body, '--q', 'Content-Type: text/html', '', '<p>hi</p>', '--q--', ''].join('\n')),
  'text/plain with a name': mail(head({ 'Content-Type': 'text/plain; charset=utf-8; name="note.txt"' }), body),
  'a reply: In-Reply-To, folded References': mail(head({ 'In-Reply-To': '<0b9c7c1e-1111-2222-3333-444455556666@shop.example>', References: '<first@x.example>\r\n <0b9c7c1e-1111-2222-3333-444455556666@shop.example>' }), body),
  'a reply: ids without brackets, a comment, one reference': mail(head({ 'In-Reply-To': 'abc@x.example (sent by Shop)', References: 'abc@x.example' }), body),
  'empty threading headers': mail(head({ 'In-Reply-To': '', References: '' }), body),
  'a NUL and a lone surrogate-looking text': mail(head(), `${body}\u0000 and \uFFFD`),
};

/** Mails it must leave to mailparser. */
const DECLINED: Record<string, Buffer> = {
  'iso-8859-1 text': Buffer.from(mail(head({ 'Content-Type': 'text/plain; charset=iso-8859-1' }), 'Caf\u00e9 ordered, never came').toString('latin1'), 'latin1'),
  'latin-1 encoded word': mail(head({ Subject: '=?iso-8859-1?Q?Caf=E9?=' }), body),
  'format=flowed': mail(head({ 'Content-Type': 'text/plain; charset=utf-8; format=flowed' }), body),
  'html only': mail(head({ 'Content-Type': 'text/html; charset=utf-8' }), `<p>${body}</p>`),
  'References twice': mail(head({ References: '<a@b>', 'X-A': 'b\r\nReferences: <c@d>' }), body),
  'an attachment': mail(head({ 'Content-Type': 'multipart/mixed; boundary=zz', 'Content-Transfer-Encoding': null }), ['--zz', 'Content-Type: text/plain', '', 'hi', '--zz', 'Content-Type: application/pdf', 'Content-Disposition: attachment; filename=a.pdf', 'Content-Transfer-Encoding: base64', '', 'JVBERi0=', '--zz--'].join('\n')),
  'a group address': mail(head({ To: 'undisclosed-recipients:;' }), body),
  'a comment in an address': mail(head({ From: 'ilze@example.lv (Ilze)' }), body),
  'a NUL in a header': mail(head({ Subject: 'null\u0000byte' }), body),
  'unterminated multipart': mail(head({ 'Content-Type': 'multipart/alternative; boundary=q', 'Content-Transfer-Encoding': null }), '--q\nContent-Type: text/plain\n\nhello\n'),
  'an unknown transfer encoding': mail(head({ 'Content-Transfer-Encoding': 'x-uuencode' }), body),
  'no empty line after the headers': Buffer.from('From: a@b.example\r\nSubject: x'),
};

describe('the light reader of plain mail agrees with mailparser', () => {
  // mailparser dates an unreadable Date header "now": both read at one frozen instant.
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-06T10:00:00Z'));
  });
  afterAll(() => vi.useRealTimers());

  it.each(Object.keys(TAKEN))('takes and reads alike: %s', async (name) => {
    const raw = TAKEN[name]!;
    const light = viaLight(raw);
    expect(light).not.toBeNull();
    expect(light).toEqual(await viaMailparser(raw));
  });

  it.each(Object.keys(DECLINED))('leaves to mailparser: %s', (name) => {
    expect(parseSimpleMail(DECLINED[name]!)).toBeNull();
  });

  it('reads every real .eml fixture it takes as mailparser does (and takes the plain ones)', async () => {
    const taken: string[] = [];
    for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.eml')).sort()) {
      // Placeholders filled as test/channels/email.test.ts fills them.
      const raw = Buffer.from(readFileSync(join(FIXTURES, file), 'latin1').replace(/\{\{(\w+)\}\}/g, (_, k: string) => ({ from: 'anna@example.net', to: 'klientiem@shop.example', id: '1', TO: 'reply+abcdef0123456789abcdef01@shop.example', IN_REPLY_TO: '<0b9c7c1e-1111-2222-3333-444455556666@shop.example>' })[k] ?? k), 'latin1');
      const light = viaLight(raw);
      if (!light) continue;
      taken.push(file);
      expect({ file, read: light }).toEqual({ file, read: await viaMailparser(raw) });
    }
    expect(taken).toEqual(expect.arrayContaining(['new-complaint.eml', 'short-message.eml', 'mailbox-riga.eml', 'reply-gmail-quoted.eml']));
  });

  it('an invalid Date header reads as the moment of parsing, as mailparser has it', async () => {
    const raw = mail(head({ Date: 'yesterday-ish' }), body);
    expect(viaLight(raw)?.input.occurredAt).toEqual(new Date('2026-12-06T10:00:00Z'));
    expect(viaLight(raw)).toEqual(await viaMailparser(raw));
  });
});
