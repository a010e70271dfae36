import { describe, expect, it } from 'vitest';
import { dedupeKeyOf, machineMail, messageIdsIn, ourMessageUuid, replyTokenIn, stripQuoted, cleanText } from './inbound-rules.ts';

const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n] ?? null });

describe('inbound mail rules', () => {
  it('strips quoted history in the clients and languages we meet', () => {
    expect(stripQuoted('Fine, thanks.\n\nOn Mon, 23 Nov 2026 at 10:01, Shop <a@b.c> wrote:\n> old\n> older')).toBe('Fine, thanks.');
    expect(stripQuoted('Gut.\n\nAm 23.11.2026 um 10:01 schrieb Shop <a@b.c>:\n> alt')).toBe('Gut.');
    expect(stripQuoted('Нет.\n\n23.11.2026 10:01, Shop пишет:\n> старое')).toBe('Нет.');
    expect(stripQuoted('Nē.\n\n2026-11-23 Shop rakstīja:\n> vecs')).toBe('Nē.');
    expect(stripQuoted('Ei.\n\nShop kirjoitti 23.11.2026:\n> vanha'.replace('kirjoitti 23.11.2026:', '23.11.2026 kirjoitti:'))).toBe('Ei.');
    expect(stripQuoted('Sí.\n\nEl lun, 23 nov 2026, Shop escribió:\n> viejo')).toBe('Sí.');
    expect(stripQuoted('Da.\n\nÎn lun., 23 nov. 2026, Shop a scris:\n> vechi')).toBe('Da.');
    expect(stripQuoted('Top.\n\n-----Original Message-----\nFrom: x\nSent: y\n\nold')).toBe('Top.');
    expect(stripQuoted('Top.\n\nFrom: Shop <a@b.c>\nSent: Monday\nTo: me\n\nold')).toBe('Top.');
    // Prose that mentions "From:" is not a quote; inline "> " answers between text are kept.
    expect(stripQuoted('From: the start it was wrong.\nReally.')).toBe('From: the start it was wrong.\nReally.');
    expect(stripQuoted('> When will it come?\nTomorrow, you said.\n> Are you sure?\nYes.')).toBe('> When will it come?\nTomorrow, you said.\n> Are you sure?\nYes.');
  });

  it('a long quoted run is cut only where quote and blank lines run to the end (read in one pass)', () => {
    const quoted = Array.from({ length: 20_000 }, (_, i) => (i % 50 === 49 ? '' : `> line ${i}`));
    // Followed by a signature: an inline quote, kept whole.
    const signed = ['Answer first.', ...quoted, '-- ', 'Ilze'].join('\n');
    expect(stripQuoted(signed)).toBe(signed);
    // Running to the end (blank lines too): the quote is cut.
    expect(stripQuoted(['Answer first.', '', ...quoted, '', ''].join('\n'))).toBe('Answer first.');
    // Nothing but a quote: nothing new (readMail then keeps the full text).
    expect(stripQuoted(['> only a quote', '>', ''].join('\n'))).toBe('');
  });

  it('tells machines from people (RFC 3834, bounces, our own address)', () => {
    expect(machineMail(headers({ 'auto-submitted': 'auto-replied' }), 'a@b.c', [])?.kind).toBe('auto_reply');
    expect(machineMail(headers({ 'auto-submitted': 'no' }), 'a@b.c', [])).toBeNull();
    expect(machineMail(headers({ precedence: 'bulk' }), 'a@b.c', [])?.kind).toBe('auto_reply');
    expect(machineMail(headers({ 'content-type': 'multipart/report; report-type=delivery-status' }), 'a@b.c', [])?.kind).toBe('bounce');
    expect(machineMail(headers({}), 'MAILER-DAEMON@mx.example', [])?.kind).toBe('bounce');
    expect(machineMail(headers({ 'return-path': '<>' }), 'a@b.c', [])?.kind).toBe('bounce');
    expect(machineMail(headers({}), 'desk@shop.example', ['desk@shop.example'])?.kind).toBe('loop');
    expect(machineMail(headers({}), 'customer@example.com', ['desk@shop.example'])).toBeNull();
  });

  it('reads ids, tokens and keys defensively', () => {
    expect(dedupeKeyOf(Buffer.from('Message-ID: <a@b>\r\n\r\nbody'))).toBe('<a@b>');
    expect(dedupeKeyOf(Buffer.from('Message-id:\r\n <folded@b>\r\n\r\nbody'))).toBe('<folded@b>');
    expect(dedupeKeyOf(Buffer.from('From: x@y\r\n\r\nbody'))).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(messageIdsIn(['<a@b> <c@d>', '<a@b>'])).toEqual(['<a@b>', '<c@d>']);
    expect(messageIdsIn(Array.from({ length: 500 }, (_, i) => `<r${i}@x>`).join(' ')).length).toBe(100);
    expect(ourMessageUuid('<0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee@shop.example>')).toBe('0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee');
    expect(ourMessageUuid('<CAF123@mail.gmail.com>')).toBeNull();
    expect(replyTokenIn(['help@shop.example', 'Reply+abcdefghijklmnop2345@Shop.Example'], 'reply', 'shop.example')).toBe('abcdefghijklmnop2345');
    expect(replyTokenIn(['reply+abcdefghijklmnop2345@evil.example'], 'reply', 'shop.example')).toBeNull();
    expect(cleanText('a\u0000b\uD800c')).toBe('a\uFFFDb\uFFFDc');
  });
});
