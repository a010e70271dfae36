// MAIL_MAILBOXES: address, business unit and the mailbox's language (issue 11: the language a
// message too short to tell is read in when the customer's own is not known).
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, mailboxes } from '../src/config.ts';

describe('MAIL_MAILBOXES', () => {
  it('reads each address with its optional business unit and language', () => {
    const cfg = loadConfig({ MAIL_MAILBOXES: 'Help@Shop.example, riga@shop.example=riga, klientiem@shop.example:lv, tallinn@shop.example=Tallinn Old Town:ru' });
    expect([...mailboxes(cfg)]).toEqual([
      ['help@shop.example', { unit: null, language: null }],
      ['riga@shop.example', { unit: 'riga', language: null }],
      ['klientiem@shop.example', { unit: null, language: 'lv' }],
      ['tallinn@shop.example', { unit: 'Tallinn Old Town', language: 'ru' }],
    ]);
  });

  it('refuses a language we do not read, at start', () => {
    expect(() => loadConfig({ MAIL_MAILBOXES: 'help@shop.example=riga:pl' })).toThrow(ConfigError);
    expect(() => loadConfig({ MAIL_MAILBOXES: 'help@shop.example:xx' })).toThrow(/MAIL_MAILBOXES/);
  });
});
