// The demo business (`amends seed-demo`, `npm start`): a promotional-goods
// maker, a restaurant and a bank branch, in the playbook's spirit — the 700 of
// 1,000 printed bags, the polo shirts in the wrong blue — with cases in every
// state and messages in several languages. Built through the real use cases,
// so the demo is what the product does, not hand-made rows.
import { sql } from 'drizzle-orm';
import type { Config } from '../config.ts';
import { queryRows, type Db, type Tx } from '../db/client.ts';
import { seedLearningDemo } from './learning-demo.ts';
import type { Actor, Services } from '../context.ts';
import { openCase, type OpenCaseInput } from '../cases/intake/open-case.ts';
import { restateCase } from '../cases/restate-case.ts';
import { confirmRestatement } from '../cases/confirm-restatement.ts';
import { proposeOptions } from '../cases/propose-options.ts';
import { chooseOption } from '../cases/choose-option.ts';
import { makeCommitment } from '../cases/make-commitment.ts';
import { completeCommitment } from '../cases/complete-commitment.ts';
import { grantCompensation } from '../compensation/grant-compensation.ts';
import { decideCompensationRequest } from '../compensation/decide-compensation.ts';
import { recordMessage } from '../cases/record-message.ts';
import { resolveCase } from '../cases/resolve-case.ts';
import { closeCase } from '../cases/close-case.ts';
import { reopenCase } from '../cases/reopen-case.ts';
import { rateCase } from '../cases/rate-case.ts';
import { makeOffer } from '../compensation/make-offer.ts';
import { loadPreset } from '../compensation/catalog.ts';
import { createCustomer } from '../customers/create-customer.ts';
import { addUser, type StaffUser } from '../staff/users.ts';
import type { Role } from '../domain/authority.ts';
import { addOrder } from '../customers/add-order.ts';
import { seedCannedReplies } from './canned-replies.ts';
import { seedHistory } from './history.ts';

export const DEMO_PASSWORD = 'amends-demo';
/** The sign-in `npm start` prints. */
export const DEMO_LOGIN = { email: 'anna@amends.demo', password: DEMO_PASSWORD };

const STAFF: { email: string; name: string; role: Role; languages: string[] }[] = [
  { email: 'anna@amends.demo', name: 'Anna Ozola', role: 'agent', languages: ['lv', 'ru', 'en'] },
  { email: 'mihai@amends.demo', name: 'Mihai Popescu', role: 'agent', languages: ['ro', 'en'] },
  { email: 'lucia@amends.demo', name: 'Lucía García', role: 'agent', languages: ['es', 'en'] },
  { email: 'jonas@amends.demo', name: 'Jonas Weber', role: 'agent', languages: ['de', 'fi', 'en'] },
  { email: 'marta@amends.demo', name: 'Marta Kask', role: 'supervisor', languages: ['en', 'ru', 'lv'] },
  { email: 'viktor@amends.demo', name: 'Viktor Sokolov', role: 'head', languages: ['ru', 'en'] },
  { email: 'admin@amends.demo', name: 'Ada Admin', role: 'admin', languages: ['en'] },
];

const days = (n: number) => new Date(Date.now() + n * 86_400_000);
const eur = (amount: string) => ({ amount, currency: 'EUR' });

/** Loads the demo into an empty database; returns false (and does nothing) when cases exist. */
export async function seedDemo(db: Db, cfg: Config): Promise<boolean> {
  const [existing] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from cases`);
  if ((existing?.n ?? 0) > 0) return false;
  const services: Services = { config: { ...cfg, CURRENCY: 'EUR' }, wakeWorker: () => {} };
  const web: Actor = { type: 'system', name: 'web form' };
  const tx = <T>(fn: (t: Tx) => Promise<T>) => db.transaction((t) => fn(t as Tx));
  const open = (input: OpenCaseInput, actor: Actor = web) => tx((t) => openCase(t, actor, { ...input }, { services })).then((o) => o.case.id);

  // A complaint that came in on the night the desk was set up, before anyone was on staff:
  // it stays "new" with no owner until the worker's owner sweep gives it one, seconds after the desk
  // starts (P-2.4 never nobody: src/cases/hand-over-cases.ts), and is acknowledged then.
  await open({
    channel: 'web_form',
    language: 'en',
    customer: { name: 'Oliver Grant', email: 'oliver.grant@example.com' },
    subject: 'Booking confirmation never arrived',
    body: 'I booked a table for six for Saturday through your website two days ago and never got a confirmation. Is the booking real or not?',
  });

  const users: Record<string, StaffUser> = {};
  for (const s of STAFF) users[s.email.split('@')[0]!] = await addUser(db, { ...s, password: DEMO_PASSWORD });
  const as = (key: string): Actor => {
    const u = users[key]!;
    return { type: 'user', id: u.id, role: u.role, name: u.name };
  };
  // The demo business makes promotional goods: its catalog of amends starts from the manufacturer preset (P-3.2).
  await tx((t) => loadPreset(t, 'EUR', 'manufacturer'));
  const customer = (input: Parameters<typeof createCustomer>[2]) => tx((t) => createCustomer(t, 'EUR', input)).then((c) => c.id);
  const order = (customerId: string, ref: string, total: string, placedDaysAgo: number) =>
    tx((t) => addOrder(t, customerId, { ref, total: eur(total), placedAt: days(-placedDaysAgo) }));

  // Promotional goods: the 700 of 1,000 printed bags (P-2.9), being resolved.
  const baltic = await customer({ name: 'Baltic Events SIA', emails: ['ilze@balticevents.example'], phones: ['+371 2000 1234'], language: 'lv', tier: 'key' });
  await order(baltic, 'PG-1001', '4200.00', 40);
  await order(baltic, 'PG-1042', '3850.00', 8);
  const bags = await open(
    {
      channel: 'email',
      language: 'lv',
      customer: { name: 'Ilze Bērziņa', email: 'ilze@balticevents.example' },
      subject: 'Maisiņi konferencei',
      body: 'Šodien bija jāsaņem 1000 apdrukāti maisiņi, bet gatavi ir tikai 700. Konference ir rīt no rīta! Kā jūs to atrisināsiet???',
      orderRef: 'PG-1042',
      journeyStage: 'after_purchase',
      priority: 'high',
    },
    as('anna'),
  );
  await tx((t) => recordMessage(t, as('anna'), { caseId: bags, direction: 'outbound', channel: 'phone', body: 'Called Ilze: apologised personally, we let her down on the due date. Atvainojos, tā ir mūsu kļūda.', apology: true }, { services }));
  await tx((t) => restateCase(t, as('anna'), { caseId: bags, text: 'So we need 300 more printed bags delivered before the conference opens tomorrow at 9:00, and the 700 ready ones today — right?' }));
  await tx((t) => confirmRestatement(t, { type: 'customer', caseId: bags }, { caseId: bags, confirmed: true, via: 'portal' }));
  const bagOptions = await tx((t) =>
    proposeOptions(t, as('anna'), { caseId: bags, options: [
            { title: 'Take the 700 now; we print the other 300 tonight and deliver them by 8:00 tomorrow' },
            { title: 'Take the 700 now and a refund for the 300', cost: eur('1155.00') },
            { title: '300 unprinted bags today, with the printing refunded', cost: eur('450.00') },
          ] }),
  );
  await tx((t) => chooseOption(t, { type: 'customer', caseId: bags }, { caseId: bags, optionId: bagOptions.ids[0]! }));
  await tx((t) => makeCommitment(t, as('anna'), { caseId: bags, description: 'Deliver the remaining 300 printed bags to the venue', dueAt: days(1) }));
  await tx((t) => makeOffer(t, as('anna'), { caseId: bags, giftDescription: 'A box of 50 branded notebooks', giftValue: eur('40.00'), bonusValue: eur('45.00'), bonusValidMonths: 3 }, { services }));

  // Promotional goods: polo shirts in the wrong blue (P-2.10 replace; P-4.3 root cause), resolved.
  const kaleva = await customer({ name: 'Kaleva Sports Oy', emails: ['matti@kalevasports.example'], language: 'fi', tier: 'key' });
  await order(kaleva, 'PG-0977', '12800.00', 25);
  const polo = await open(
    {
      channel: 'email',
      language: 'fi',
      customer: { name: 'Matti Virtanen', email: 'matti@kalevasports.example' },
      subject: 'Väärä sininen',
      body: 'Tilasimme 400 pikeepaitaa meidän sinisellä, mutta paidat ovat aivan eri sävyä. Emme voi käyttää näitä turnauksessa. Tämä on todella pettymys.',
      orderRef: 'PG-0977',
      journeyStage: 'after_purchase',
      priority: 'high',
    },
    as('jonas'),
  );
  await tx((t) => recordMessage(t, as('jonas'), { caseId: polo, direction: 'outbound', channel: 'email', body: 'Pahoittelemme todella, Matti. Virhe on meidän: tilauslomake tallensi vain tuotenumeron, ei Pantone-sävyä.' }, { services }));
  await tx((t) => restateCase(t, as('jonas'), { caseId: polo, text: 'We re-make all 400 shirts in Pantone 286 C and deliver them before the tournament on the 14th — right?' }));
  await tx((t) => confirmRestatement(t, as('jonas'), { caseId: polo, confirmed: true, via: 'oral', note: 'Matti confirmed on the phone' }));
  const poloOptions = await tx((t) =>
    proposeOptions(t, as('jonas'), { caseId: polo, options: [
            { title: 'Re-make all 400 shirts in the right blue, express delivery' },
            { title: 'Keep the shirts with a 30% refund', cost: eur('3840.00') },
            { title: 'Full refund and return of the shirts', cost: eur('12800.00') },
          ] }),
  );
  await tx((t) => chooseOption(t, as('jonas'), { caseId: polo, optionId: poloOptions.ids[0]! }));
  const poloPromise = await tx((t) => makeCommitment(t, as('jonas'), { caseId: polo, description: 'Deliver 400 re-made shirts', dueAt: days(3) }));
  await tx((t) => completeCommitment(t, as('jonas'), { commitmentId: poloPromise.id }));
  // The small gift first, within the agent's authority for the case (P-3.3 counts per case); the re-make needs the head.
  await tx((t) => grantCompensation(t, as('jonas'), { caseId: polo, kind: 'gift', value: eur('45.00'), description: 'Free colour sample set for the next order', fault: 'ours' }, { services }));
  const remake = await tx((t) => grantCompensation(t, as('jonas'), { caseId: polo, kind: 'replacement', value: eur('6400.00'), description: 'Re-made 400 shirts at our cost', fault: 'ours' }, { services }));
  await tx((t) => decideCompensationRequest(t, as('viktor'), { compensationId: remake.id, approve: true, reason: 'Key customer; our order form caused it' }));
  await tx((t) => resolveCase(t, as('jonas'), { caseId: polo, summary: 'Shirts re-made and delivered; order form now records the Pantone colour and a free sample is sent.' }));

  // Restaurant: omelettes "only until noon" (P-2.13), closed with praise (P-4.8).
  const omelette = await open({
    channel: 'web_form',
    language: 'es',
    customer: { name: 'Carmen Ruiz', email: 'carmen.ruiz@example.com' },
    subject: 'Tortilla a las 12:05',
    body: 'Pedí una tortilla a las 12:05 y el camarero me dijo que solo se sirven hasta las 12. Había huevos y cocinero. Muy decepcionante, la verdad.',
    journeyStage: 'at_purchase',
  });
  await tx((t) => recordMessage(t, as('lucia'), { caseId: omelette, direction: 'outbound', channel: 'email', body: 'Carmen, lo siento de verdad. Tiene toda la razón: la regla no tenía sentido con huevos y cocinero en la cocina.' }, { services }));
  await tx((t) => restateCase(t, as('lucia'), { caseId: omelette, text: 'Le serviremos la tortilla cuando la pida, también después de las 12, ¿correcto?' }));
  await tx((t) => confirmRestatement(t, { type: 'customer', caseId: omelette }, { caseId: omelette, confirmed: true, via: 'portal' }));
  const omeletteOptions = await tx((t) =>
    proposeOptions(t, as('lucia'), { caseId: omelette, options: [{ title: 'Una cena para dos por cuenta de la casa' }, { title: 'Una botella de vino en su próxima visita' }, { title: 'Devolución del importe de la comida' }] }),
  );
  await tx((t) => chooseOption(t, { type: 'customer', caseId: omelette }, { caseId: omelette, optionId: omeletteOptions.ids[1]! }));
  await tx((t) => grantCompensation(t, as('lucia'), { caseId: omelette, kind: 'gift', value: eur('28.00'), description: 'Bottle of Rioja on the next visit', fault: 'ours' }, { services }));
  await tx((t) => resolveCase(t, as('lucia'), { caseId: omelette, summary: 'Breakfast dishes are now served all day when the kitchen is open.' }));
  await tx((t) => rateCase(t, { type: 'customer', caseId: omelette }, { caseId: omelette, score: 5, comment: 'Lucía fue muy amable', praisedUserId: users.lucia!.id }));
  await tx((t) => closeCase(t, as('lucia'), { caseId: omelette, reason: 'Follow-up done: Carmen came back for dinner' }));

  // Bank branch: a fee taken twice; a refund above the agent's limit waits for a supervisor (P-3.3).
  const fee = await open({
    channel: 'email',
    language: 'de',
    customer: { name: 'Klaus Becker', email: 'klaus.becker@example.de' },
    subject: 'Kontoführungsgebühr doppelt abgebucht',
    body: 'Sie haben mir die Kontoführungsgebühr diesen Monat zweimal abgebucht. Das ist schon das dritte Mal, dass ich deswegen schreibe. Ich erwarte eine Erstattung.',
    journeyStage: 'after_purchase',
  });
  await tx((t) => restateCase(t, as('jonas'), { caseId: fee, text: 'Wir erstatten die doppelte Gebühr und die Überziehungszinsen, die dadurch entstanden sind — richtig?' }));
  await tx((t) => confirmRestatement(t, { type: 'customer', caseId: fee }, { caseId: fee, confirmed: true, via: 'portal' }));
  await tx((t) => grantCompensation(t, as('jonas'), { caseId: fee, kind: 'refund', value: eur('120.00'), description: 'Double fee and overdraft interest refunded', fault: 'ours' }, { services }));

  // A payment that is late — dissatisfaction not called a complaint (P-1.2); restated, waiting for the customer.
  const payment = await open({
    channel: 'email',
    language: 'ru',
    customer: { name: 'Дмитрий Иванов', email: 'dmitry@example.ru' },
    subject: 'Оплата',
    body: 'Когда будет произведена оплата??? Счёт выставлен три недели назад.',
  });
  await tx((t) => restateCase(t, as('anna'), { caseId: payment, text: 'Вам нужно, чтобы мы оплатили счёт № 2211 на 1 850 € до пятницы и прислали подтверждение платежа — верно?' }));

  // A delivery complaint in Romanian, just acknowledged.
  await open({
    channel: 'web_form',
    language: 'ro',
    customer: { name: 'Elena Ionescu', email: 'elena.ionescu@example.ro', phone: '+40 721 000 111' },
    subject: 'Livrare întârziată',
    body: 'Comanda mea trebuia să ajungă luni. Azi e joi și nu am primit nimic, iar nimeni nu răspunde la telefon.',
    journeyStage: 'after_purchase',
  });

  // A dropped phone call (P-1.4), recorded by the desk.
  await open(
    { channel: 'phone', language: 'en', customer: { name: 'Sarah Collins', phone: '+44 20 7946 0018' }, subject: 'Dropped call about a card', body: 'Caller was cut off twice while asking why her new card was declined at the till.', priority: 'high' },
    as('marta'),
  );

  // A duplicate, closed with a reason; and a resolved case the customer reopened.
  const dup = await open({ channel: 'web_form', language: 'en', customer: { name: 'Oliver Grant', email: 'oliver.grant@example.com' }, subject: 'Booking confirmation (again)', body: 'Sending this again as I heard nothing.' });
  await tx((t) => closeCase(t, as('marta'), { caseId: dup, reason: 'Duplicate of the first booking complaint' }));
  const reopened = await open({
    channel: 'email',
    language: 'lv',
    customer: { name: 'Jānis Kalniņš', email: 'janis@example.lv' },
    subject: 'Rēķins',
    body: 'Rēķinā atkal ir nepareiza summa.',
  });
  await tx((t) => restateCase(t, as('anna'), { caseId: reopened, text: 'Jums vajag izlabotu rēķinu ar pareizo summu 240 € — vai pareizi?' }));
  await tx((t) => confirmRestatement(t, { type: 'customer', caseId: reopened }, { caseId: reopened, confirmed: true, via: 'portal' }));
  await tx((t) => proposeOptions(t, as('anna'), { caseId: reopened, options: [{ title: 'Izlabots rēķins šodien' }], reason: 'Only one sensible fix: the invoice amount is simply wrong' }));
  await tx((t) => resolveCase(t, as('anna'), { caseId: reopened, summary: 'Corrected invoice sent' }));
  await tx((t) => recordMessage(t, { type: 'customer', caseId: reopened }, { caseId: reopened, direction: 'inbound', channel: 'email', body: 'Labotajā rēķinā summa joprojām nav pareiza!' }, { services }));
  await tx((t) => reopenCase(t, as('anna'), { caseId: reopened, reason: 'The corrected invoice is still wrong' }));
  // The learning loop: the Pantone root cause done and its customer thanked, scripts per role, a justified complaint.
  await seedLearningDemo(db, services, { supervisor: as('marta'), head: as('viktor') }, { polo, bags, reopened, reopenedOwnerId: users.anna!.id });
  await tx((t) => seedCannedReplies(t, as('marta')));
  // Six months of history behind today's cases, so every report has something to show (issue 12).
  await seedHistory(db, { agents: ['anna', 'mihai', 'lucia', 'jonas'].map((k) => users[k]!.id), supervisor: users.marta!.id });
  return true;
}
