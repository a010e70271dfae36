// Our outgoing mail as raw RFC 5322 text, built directly (issue 15: a thousand
// acknowledgements a second). Nodemailer's composer builds a MIME tree, parses the
// addresses back out of the headers and streams the body through encoders for every mail:
// half of the worker's CPU per acknowledgement. Our mail is always one text/plain part
// with headers we choose, so it is a few string joins; nodemailer's own header and
// quoted-printable encoders do the encoding. Addresses that are not plain ASCII
// (internationalised, with a display name) answer null: the caller lets nodemailer compose.
import { encodeWords, foldLines, quoteString } from 'nodemailer/lib/mime-funcs';
import { encode as qpEncode, wrap as qpWrap } from 'nodemailer/lib/qp';
import addressparser from 'nodemailer/lib/addressparser';

export interface ComposeInput {
  to: string;
  subject: string;
  text: string;
  messageId: string;
  references?: string[];
  replyTo?: string;
  autoSubmitted?: string;
}

/** The sender as the From: header and the envelope's MAIL FROM. */
export interface Sender {
  header: string;
  address: string;
}

const PLAIN_ADDRESS = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/;
const MSG_ID = /^<[^<>\s]+>$/;

/** MAIL_FROM ("Name <address>" or an address) as a header and an envelope address; null when nodemailer must handle it. */
export function senderOf(mailFrom: string): Sender | null {
  const [first, ...rest] = addressparser(mailFrom, { flatten: true });
  if (!first || rest.length || !first.address || !PLAIN_ADDRESS.test(first.address)) return null;
  const name = first.name.replace(/[\r\n]+/g, ' ').trim();
  if (!name) return { header: first.address, address: first.address };
  // eslint-disable-next-line no-control-regex
  const shown = /^[\x20-\x7e]*$/.test(name) ? (/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~ -]+$/.test(name) ? name : quoteString(name)) : encodeWords(name, 'Q', 52);
  return { header: `${shown} <${first.address}>`, address: first.address };
}

/** One header line, folded; non-ASCII text as encoded words; line breaks in the value become spaces. */
function header(key: string, value: string): string {
  return foldLines(`${key}: ${encodeWords(value.replace(/[\r\n]+/g, ' '), 'Q', 52)}`, 76);
}

/** The raw message, or null when an address needs nodemailer's handling. */
export function composeMail(mail: ComposeInput, from: Sender, date = new Date()): Buffer | null {
  if (!PLAIN_ADDRESS.test(mail.to) || (mail.replyTo && !PLAIN_ADDRESS.test(mail.replyTo)) || !MSG_ID.test(mail.messageId)) return null;
  const refs = (mail.references ?? []).filter((r) => MSG_ID.test(r));
  const lines = [
    `From: ${from.header}`,
    `To: ${mail.to}`,
    ...(mail.replyTo ? [`Reply-To: ${mail.replyTo}`] : []),
    header('Subject', mail.subject),
    `Message-ID: ${mail.messageId}`,
    ...(refs.length ? [`In-Reply-To: ${refs.at(-1)}`, foldLines(`References: ${refs.join(' ')}`, 76)] : []),
    ...(mail.autoSubmitted ? [header('Auto-Submitted', mail.autoSubmitted)] : []),
    `Date: ${date.toUTCString().replace(/GMT/, '+0000')}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
  ];
  const text = mail.text.replace(/\r\n|\r|\n/g, '\r\n');
  // Like nodemailer: short ASCII lines as they are, anything else quoted-printable.
  // eslint-disable-next-line no-control-regex
  const plain = /^[\x09\x0d\x0a\x20-\x7e]*$/.test(text) && !text.split('\r\n').some((l) => l.length > 76);
  lines.push(`Content-Transfer-Encoding: ${plain ? '7bit' : 'quoted-printable'}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${plain ? text : qpWrap(qpEncode(Buffer.from(text, 'utf8')), 76)}`, 'utf8');
}
