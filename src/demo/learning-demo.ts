// The demo's learning loop (P-4.3, P-4.7, P-4.8): the Pantone root cause recorded, linked and
// done (its customer thanked), categories on the demo cases, a justified complaint, and prepared
// scripts for each role in all seven languages — all through the real use cases.
import type { Db, Tx } from '../db/client.ts';
import { categories } from '../db/schema.ts';
import type { Actor, Services } from '../context.ts';
import { recordRootCause } from '../learning/record-root-cause.ts';
import { linkRootCauseCases } from '../learning/link-root-cause-cases.ts';
import { editRootCause } from '../learning/edit-root-cause.ts';
import { setCaseCategory } from '../learning/set-case-category.ts';
import { addScript } from '../learning/scripts.ts';
import { markComplaintJustified } from '../people/record-feedback.ts';
import type { Language } from '../domain/languages.ts';

type Script = { role: string | null; category: string | null; situation: string | null; title: string; body: string };

/** Four prepared answers per language: every role, the shop floor, sales' price objection, the night line. */
export const DEMO_SCRIPTS: Record<Language, Script[]> = {
  en: [
    { role: null, category: null, situation: null, title: 'Thank, apologise, restate', body: 'Thank you for telling us — I am sorry we let you down. Let me check I understood: {{what}}. Is that right?' },
    { role: 'shop_floor', category: 'product', situation: 'The product is faulty', title: 'Faulty product at the counter', body: 'I am sorry it broke. I will replace it now, or refund it — which would you prefer?' },
    { role: 'sales', category: null, situation: 'Too expensive', title: 'Price objection', body: 'I understand the price matters. Here is what it includes, and what it saves you over a year.' },
    { role: 'night_call_centre', category: 'delivery', situation: 'Where is my order?', title: 'Late delivery at night', body: 'I cannot reach the warehouse at night, but I have recorded your order and the day team will call you before 10:00.' },
  ],
  de: [
    { role: null, category: null, situation: null, title: 'Danken, entschuldigen, zusammenfassen', body: 'Danke, dass Sie es uns sagen — es tut mir leid, dass wir Sie enttäuscht haben. Habe ich richtig verstanden: {{what}}?' },
    { role: 'shop_floor', category: 'product', situation: 'Das Produkt ist defekt', title: 'Defektes Produkt an der Theke', body: 'Es tut mir leid, dass es kaputt ist. Ich tausche es sofort um oder erstatte den Preis — was ist Ihnen lieber?' },
    { role: 'sales', category: null, situation: 'Zu teuer', title: 'Einwand Preis', body: 'Ich verstehe, dass der Preis zählt. Das ist alles enthalten, und so viel sparen Sie im Jahr.' },
    { role: 'night_call_centre', category: 'delivery', situation: 'Wo ist meine Bestellung?', title: 'Verspätete Lieferung nachts', body: 'Das Lager ist nachts nicht erreichbar, aber ich habe Ihre Bestellung notiert; das Tagesteam ruft Sie vor 10 Uhr an.' },
  ],
  es: [
    { role: null, category: null, situation: null, title: 'Agradecer, disculparse, resumir', body: 'Gracias por decírnoslo; siento que le hayamos fallado. Compruebo que lo entendí: {{what}}. ¿Es así?' },
    { role: 'shop_floor', category: 'product', situation: 'El producto está defectuoso', title: 'Producto defectuoso en el mostrador', body: 'Siento que se haya roto. Se lo cambio ahora o le devuelvo el dinero, ¿qué prefiere?' },
    { role: 'sales', category: null, situation: 'Es demasiado caro', title: 'Objeción de precio', body: 'Entiendo que el precio importa. Esto es lo que incluye y lo que le ahorra en un año.' },
    { role: 'night_call_centre', category: 'delivery', situation: '¿Dónde está mi pedido?', title: 'Entrega tardía de noche', body: 'De noche no puedo contactar con el almacén, pero he anotado su pedido y el equipo de día le llamará antes de las 10:00.' },
  ],
  fi: [
    { role: null, category: null, situation: null, title: 'Kiitä, pyydä anteeksi, toista', body: 'Kiitos, että kerroitte — olen pahoillani, että petimme odotuksenne. Ymmärsinkö oikein: {{what}}?' },
    { role: 'shop_floor', category: 'product', situation: 'Tuote on viallinen', title: 'Viallinen tuote tiskillä', body: 'Olen pahoillani, että se hajosi. Vaihdan sen heti tai palautan rahat — kumpi sopii paremmin?' },
    { role: 'sales', category: null, situation: 'Liian kallis', title: 'Hintavastaväite', body: 'Ymmärrän, että hinnalla on väliä. Tämä kaikki sisältyy hintaan, ja näin paljon säästätte vuodessa.' },
    { role: 'night_call_centre', category: 'delivery', situation: 'Missä tilaukseni on?', title: 'Myöhästynyt toimitus yöllä', body: 'En tavoita varastoa yöllä, mutta kirjasin tilauksenne; päivävuoro soittaa teille ennen klo 10.' },
  ],
  lv: [
    { role: null, category: null, situation: null, title: 'Pateikties, atvainoties, atkārtot', body: 'Paldies, ka pastāstījāt — man žēl, ka jūs pievīlām. Vai pareizi sapratu: {{what}}?' },
    { role: 'shop_floor', category: 'product', situation: 'Prece ir bojāta', title: 'Bojāta prece pie letes', body: 'Man žēl, ka tā salūza. Es to tūlīt apmainīšu vai atmaksāšu naudu — kas jums labāk der?' },
    { role: 'sales', category: null, situation: 'Pārāk dārgi', title: 'Iebildums par cenu', body: 'Saprotu, ka cena ir svarīga. Lūk, kas tajā iekļauts un cik jūs ietaupāt gadā.' },
    { role: 'night_call_centre', category: 'delivery', situation: 'Kur ir mans pasūtījums?', title: 'Nokavēta piegāde naktī', body: 'Naktī noliktavu nevaru sazvanīt, bet jūsu pasūtījumu pierakstīju; dienas komanda jums piezvanīs līdz 10:00.' },
  ],
  ro: [
    { role: null, category: null, situation: null, title: 'Mulțumiți, cereți scuze, reformulați', body: 'Vă mulțumim că ne-ați spus — îmi pare rău că v-am dezamăgit. Am înțeles corect: {{what}}?' },
    { role: 'shop_floor', category: 'product', situation: 'Produsul este defect', title: 'Produs defect la tejghea', body: 'Îmi pare rău că s-a stricat. Vi-l înlocuiesc acum sau vă returnez banii — ce preferați?' },
    { role: 'sales', category: null, situation: 'Prea scump', title: 'Obiecția de preț', body: 'Înțeleg că prețul contează. Iată ce include și cât economisiți într-un an.' },
    { role: 'night_call_centre', category: 'delivery', situation: 'Unde este comanda mea?', title: 'Livrare întârziată noaptea', body: 'Noaptea nu pot contacta depozitul, dar am notat comanda dumneavoastră; echipa de zi vă sună înainte de ora 10:00.' },
  ],
  ru: [
    { role: null, category: null, situation: null, title: 'Поблагодарить, извиниться, пересказать', body: 'Спасибо, что сообщили, — простите, что подвели вас. Правильно ли я понял(а): {{what}}?' },
    { role: 'shop_floor', category: 'product', situation: 'Товар бракованный', title: 'Брак у прилавка', body: 'Мне жаль, что он сломался. Я заменю его сейчас или верну деньги — как вам удобнее?' },
    { role: 'sales', category: null, situation: 'Слишком дорого', title: 'Возражение «дорого»', body: 'Понимаю, цена важна. Вот что в неё входит и сколько вы экономите за год.' },
    { role: 'night_call_centre', category: 'delivery', situation: 'Где мой заказ?', title: 'Задержка доставки ночью', body: 'Ночью я не могу связаться со складом, но записал(а) ваш заказ; дневная смена позвонит вам до 10:00.' },
  ],
};

export async function seedLearningDemo(db: Db, services: Services, who: { supervisor: Actor; head: Actor }, cases: { polo: string; bags: string; reopened: string; reopenedOwnerId: string }) {
  const tx = <T>(fn: (t: Tx) => Promise<T>) => db.transaction((t) => fn(t as Tx));
  const byKey = new Map((await db.select({ id: categories.id, key: categories.key }).from(categories)).map((c) => [c.key, c.id]));
  await tx((t) => setCaseCategory(t, who.supervisor, { caseId: cases.polo, categoryId: byKey.get('product') ?? null }));
  await tx((t) => setCaseCategory(t, who.supervisor, { caseId: cases.bags, categoryId: byKey.get('delivery') ?? null }));
  await tx((t) => setCaseCategory(t, who.supervisor, { caseId: cases.reopened, categoryId: byKey.get('billing') ?? null }));
  const cause = await tx((t) =>
    recordRootCause(t, who.supervisor, {
      title: 'Order form recorded only the article number, not the colour',
      kind: 'systemic',
      action: 'Add a Pantone field to the order form and send a free colour sample before printing',
      ruleAdded: 'Record the Pantone colour on every order; send a free colour sample before printing',
      ownerId: who.head.type === 'user' ? who.head.id : null,
      dueAt: new Date(Date.now() + 14 * 86_400_000),
      categoryId: byKey.get('product') ?? null,
    }),
  );
  await tx((t) => linkRootCauseCases(t, who.supervisor, { rootCauseId: cause.id, caseIds: [cases.polo] }));
  await tx((t) => editRootCause(t, who.head, { id: cause.id, change: { status: 'done' } }, { services }));
  await tx((t) => markComplaintJustified(t, who.supervisor, { caseId: cases.reopened, userId: cases.reopenedOwnerId, reason: 'The corrected invoice was sent without checking the amount' }));
  for (const [language, list] of Object.entries(DEMO_SCRIPTS)) {
    for (const s of list) {
      await tx((t) => addScript(t, { roleKey: s.role, categoryId: s.category ? (byKey.get(s.category) ?? null) : null, situation: s.situation, language, title: s.title, body: s.body }));
    }
  }
}
