// P-4.3: when a corrective action is done, every customer whose case led to it is told
// what changed and thanked, in their own language, through the durable mail path — once
// per customer per root cause, however often the action is marked done again.
import { asc, eq, sql } from 'drizzle-orm';
import { cases, customers, rootCauseCases, rootCauseThanks } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import { formatCaseNumber } from '../domain/case-lifecycle.ts';
import { isLanguage } from '../domain/languages.ts';
import { THANKS } from '../domain/root-cause.ts';
import { SYSTEM } from '../context.ts';
import { appendEvent } from '../cases/case-store.ts';
import { mailCustomer } from '../customers/customer-mail.ts';
import type { RootCauseRow } from './root-cause-view.ts';

/** Queues the thank-you to each linked customer not yet thanked for this cause; answers how many. */
export async function thankCustomers(tx: Tx, cause: RootCauseRow, opts: { businessName: string }): Promise<number> {
  // One case per customer: the first linked (lowest number) speaks for them.
  const rows = await tx
    .selectDistinctOn([cases.customerId], { caseId: cases.id, number: cases.number, caseLanguage: cases.language, customerId: cases.customerId, name: customers.name, language: customers.language })
    .from(rootCauseCases)
    .innerJoin(cases, eq(cases.id, rootCauseCases.caseId))
    .innerJoin(customers, eq(customers.id, cases.customerId))
    .where(eq(rootCauseCases.rootCauseId, cause.id))
    .orderBy(cases.customerId, asc(cases.number));
  const change = cause.ruleAdded ?? cause.action ?? cause.title;
  let thanked = 0;
  for (const r of rows) {
    const [claimed] = await tx
      .insert(rootCauseThanks)
      .values({ rootCauseId: cause.id, customerId: r.customerId, caseId: r.caseId })
      .onConflictDoNothing()
      .returning({ customerId: rootCauseThanks.customerId });
    if (!claimed) continue;
    const language = isLanguage(r.language) ? r.language : isLanguage(r.caseLanguage) ? r.caseLanguage : 'en';
    const text = THANKS[language];
    const caseNumber = formatCaseNumber(r.number);
    const { messageId } = await mailCustomer(tx, {
      caseId: r.caseId,
      customerId: r.customerId,
      kind: 'root_cause_thanks',
      language,
      subject: text.subject(caseNumber),
      body: text.body({ name: r.name ?? '', caseNumber, change, business: opts.businessName }),
      withoutEmail: 'tell them by phone what changed and thank them',
    });
    await tx.update(rootCauseThanks).set({ messageId }).where(sql`${rootCauseThanks.rootCauseId} = ${cause.id} and ${rootCauseThanks.customerId} = ${r.customerId}`);
    await appendEvent(tx, r.caseId, SYSTEM, 'customer_thanked', { rootCauseId: cause.id, messageId });
    thanked++;
  }
  return thanked;
}
