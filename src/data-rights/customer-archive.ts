// One customer's export as a zip (yazl): data.json, then every attachment and raw mail.
// The zip is streamed: the client starts receiving while later entries are compressed.
import type { Readable } from 'node:stream';
import yazl from 'yazl';
import type { CustomerData } from './export-customer-data.ts';

/** Bytes as JSON: base64 with a marker, so nothing binary hides in data.json. */
const replacer = (_key: string, value: unknown) => (value && typeof value === 'object' && (value as { type?: string }).type === 'Buffer' ? '[bytes: see the archive files]' : value);

/** The archive as a readable stream of zip bytes. */
export function customerArchive(export_: CustomerData): Readable {
  const zip = new yazl.ZipFile();
  const mtime = new Date();
  zip.addBuffer(Buffer.from(`${JSON.stringify(export_.data, replacer, 2)}\n`), 'data.json', { mtime });
  zip.addBuffer(
    Buffer.from(
      [
        'Everything Amends holds about this customer (GDPR Art. 15 and 20).',
        'data.json     the customer, contacts, orders, bonuses, reviews, surveys, calls, and each case with its',
        '              messages, timeline, restatements, options, promises, compensations, offers and files',
        'attachments/  the files that came with messages, as received',
        'mail/         every email as it arrived (RFC 5322 .eml)',
        '',
      ].join('\n'),
    ),
    'README.txt',
    { mtime },
  );
  for (const f of export_.files) zip.addBuffer(f.content, f.path, { mtime });
  zip.end();
  return zip.outputStream as unknown as Readable;
}
