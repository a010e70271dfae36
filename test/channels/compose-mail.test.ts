// Outgoing mail built directly (compose-mail.ts) reads back, through mailparser, as the
// mail nodemailer's composer would have made: encoded subjects in any script, long
// lines, threading headers, no header injection from a subject; addresses that need
// nodemailer's handling are left to it.
import { describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { composeMail, senderOf } from '../../src/channels/email/compose-mail.ts';

const from = senderOf('Shop <desk@shop.example>')!;

describe('composeMail', () => {
  it('writes a one-part text mail that parses back to what went in', async () => {
    const refs = Array.from({ length: 8 }, (_, i) => `<earlier-${i}-${'x'.repeat(30)}@mail.example.lv>`);
    const text = `Labdien!\nJūsu sūdzība ir saņemta — мы ответим скоро.\n${'long line '.repeat(30)}\n.\nA line with a dot alone above.`;
    const raw = composeMail(
      { to: 'anna@example.lv', subject: 'Re: Pasūtījums nav piegādāts — где мой заказ? [C-000123]', text, messageId: '<m1@shop.example>', references: refs, replyTo: 'reply+tok@shop.example', autoSubmitted: 'auto-replied' },
      from,
    )!;
    expect(raw.toString('latin1').split('\r\n\r\n')[0]!.split('\r\n').every((l) => l.length <= 78)).toBe(true);
    const m = await simpleParser(raw);
    expect(m.from?.value).toEqual([{ address: 'desk@shop.example', name: 'Shop' }]);
    expect(m.to && !Array.isArray(m.to) ? m.to.value : null).toEqual([{ address: 'anna@example.lv', name: '' }]);
    expect(m.replyTo?.value[0]?.address).toBe('reply+tok@shop.example');
    expect(m.subject).toBe('Re: Pasūtījums nav piegādāts — где мой заказ? [C-000123]');
    expect(m.messageId).toBe('<m1@shop.example>');
    expect(m.inReplyTo).toBe(refs.at(-1));
    expect([m.references].flat()).toEqual(refs);
    expect(m.headers.get('auto-submitted')).toBe('auto-replied');
    expect(m.text?.replace(/\r\n/g, '\n').trimEnd()).toBe(text);
  });

  it('keeps a subject on one header (no injected headers) and plain ASCII as 7bit', async () => {
    const raw = composeMail({ to: 'a@b.example', subject: 'Hello\r\nBcc: victim@evil.example', text: 'Short ASCII body.', messageId: '<m2@shop.example>' }, from)!;
    const m = await simpleParser(raw);
    expect(m.subject).toBe('Hello Bcc: victim@evil.example');
    expect(m.headers.has('bcc')).toBe(false);
    expect(raw.toString()).toContain('Content-Transfer-Encoding: 7bit');
    expect(m.text?.trim()).toBe('Short ASCII body.');
    expect(m.headers.has('auto-submitted')).toBe(false);
    expect(m.inReplyTo).toBeUndefined();
  });

  it('leaves internationalised or unusual addresses to nodemailer', () => {
    expect(composeMail({ to: 'jānis@piemērs.lv', subject: 's', text: 't', messageId: '<m3@x.example>' }, from)).toBeNull();
    expect(composeMail({ to: 'Anna <anna@example.lv>', subject: 's', text: 't', messageId: '<m3@x.example>' }, from)).toBeNull();
    expect(senderOf('a@b.example, c@d.example')).toBeNull();
  });

  it('encodes the sender name when it needs it', async () => {
    for (const name of ['Veikals "Zīle"', 'Shop, Ltd.', 'Amends']) {
      const m = await simpleParser(composeMail({ to: 'a@b.example', subject: 's', text: 't', messageId: '<m4@x.example>' }, senderOf(`${name.includes(',') || name.includes('"') ? JSON.stringify(name) : name} <desk@shop.example>`)!)!);
      expect(m.from?.value).toEqual([{ address: 'desk@shop.example', name }]);
    }
  });
});
