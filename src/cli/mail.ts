// `amends mail uncertain|reconcile`: settles mail a crash cut off mid-send (issue 14).
// The mail server's log or API says which Message-IDs it accepted; those are sent,
// and the rest are held, or with --resend-rest sent again under the same Message-ID.
import { text } from 'node:stream/consumers';
import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { openConfiguredDatabase } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';

export async function mailCommand(cfg: Config, sub: string | undefined, args: string[], fail: (msg: string) => never): Promise<void> {
  if (sub !== 'uncertain' && sub !== 'reconcile') fail('usage: amends mail uncertain | amends mail reconcile [--resend-rest] < accepted-message-ids.txt');
  const { values } = parseArgs({ args, options: { 'resend-rest': { type: 'boolean', default: false } } });
  const database = await openConfiguredDatabase(cfg);
  try {
    await migrate(database);
    const { listUncertainMail, reconcileUncertainMail } = await import('../channels/email/reconcile-mail.ts');
    if (sub === 'uncertain') {
      for (const m of await listUncertainMail(database.db)) process.stdout.write(`${m.messageId ?? '-'}\t${m.recipient ?? '-'}\t${m.kind} ${m.id}\n`);
      return;
    }
    const delivered = (await text(process.stdin)).split(/\s+/).filter(Boolean);
    const r = await reconcileUncertainMail(database.db, { delivered, resendRest: values['resend-rest'] });
    process.stdout.write(`confirmed sent: ${r.confirmed}; queued again: ${r.requeued}; still uncertain: ${r.stillUncertain}\n`);
  } finally {
    await database.close();
  }
}
