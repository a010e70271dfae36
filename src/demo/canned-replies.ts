// The demo's canned replies: an acknowledgement and a follow-up in each of the
// seven languages, with the placeholders the composer fills in. Each still
// needs the agent's own words: sent as is, the reply checker flags it (P-2.5).
import type { Tx } from '../db/client.ts';
import type { Actor } from '../context.ts';
import { createCannedReply } from '../canned-replies/save-canned-reply.ts';

export const DEMO_CANNED_REPLIES: { language: string; title: string; body: string }[] = [
  { language: 'en', title: 'Apology and ownership', body: 'Dear {{customerName}},\n\nI am sorry — we let you down. I am handling your case {{caseNumber}} myself and will come back to you today.\n\n{{ownerName}}' },
  { language: 'en', title: 'How are things now?', body: 'Dear {{customerName}},\n\nI wanted to check that everything is now as it should be after case {{caseNumber}}. If anything is still wrong, just reply to this message.\n\n{{ownerName}}' },
  { language: 'lv', title: 'Atvainošanās un atbildība', body: 'Labdien, {{customerName}}!\n\nAtvainojos — mēs jūs pievīlām. Es personīgi rūpējos par jūsu lietu {{caseNumber}} un šodien ar jums sazināšos.\n\n{{ownerName}}' },
  { language: 'lv', title: 'Kā ir tagad?', body: 'Labdien, {{customerName}}!\n\nVēlējos pārliecināties, ka pēc lietas {{caseNumber}} viss ir kārtībā. Ja kaut kas joprojām nav labi, vienkārši atbildiet uz šo ziņu.\n\n{{ownerName}}' },
  { language: 'ru', title: 'Извинение и ответственность', body: 'Здравствуйте, {{customerName}}!\n\nПриношу извинения — мы вас подвели. Я лично занимаюсь вашим обращением {{caseNumber}} и свяжусь с вами сегодня.\n\n{{ownerName}}' },
  { language: 'ru', title: 'Как сейчас дела?', body: 'Здравствуйте, {{customerName}}!\n\nХочу убедиться, что после обращения {{caseNumber}} всё в порядке. Если что-то ещё не так, просто ответьте на это письмо.\n\n{{ownerName}}' },
  { language: 'ro', title: 'Scuze și responsabilitate', body: 'Bună ziua, {{customerName}},\n\nÎmi pare rău — v-am dezamăgit. Mă ocup personal de cazul dvs. {{caseNumber}} și revin astăzi.\n\n{{ownerName}}' },
  { language: 'ro', title: 'Cum stau lucrurile acum?', body: 'Bună ziua, {{customerName}},\n\nVoiam să mă asigur că totul este în regulă după cazul {{caseNumber}}. Dacă ceva nu este încă bine, răspundeți la acest mesaj.\n\n{{ownerName}}' },
  { language: 'fi', title: 'Pahoittelu ja vastuu', body: 'Hei {{customerName}},\n\nPahoittelen — petimme luottamuksesi. Hoidan tapaustasi {{caseNumber}} henkilökohtaisesti ja palaan asiaan tänään.\n\n{{ownerName}}' },
  { language: 'fi', title: 'Miten nyt menee?', body: 'Hei {{customerName}},\n\nHalusin varmistaa, että kaikki on nyt kunnossa tapauksen {{caseNumber}} jälkeen. Jos jokin on yhä vialla, vastaa tähän viestiin.\n\n{{ownerName}}' },
  { language: 'de', title: 'Entschuldigung und Verantwortung', body: 'Guten Tag {{customerName}},\n\nes tut mir leid — wir haben Sie enttäuscht. Ich kümmere mich persönlich um Ihren Fall {{caseNumber}} und melde mich heute bei Ihnen.\n\n{{ownerName}}' },
  { language: 'de', title: 'Wie sieht es jetzt aus?', body: 'Guten Tag {{customerName}},\n\nich wollte sichergehen, dass nach dem Fall {{caseNumber}} alles in Ordnung ist. Falls noch etwas nicht stimmt, antworten Sie einfach auf diese Nachricht.\n\n{{ownerName}}' },
  { language: 'es', title: 'Disculpa y responsabilidad', body: 'Estimado/a {{customerName}}:\n\nLo siento, le hemos fallado. Me encargo personalmente de su caso {{caseNumber}} y le respondo hoy mismo.\n\n{{ownerName}}' },
  { language: 'es', title: '¿Cómo va todo ahora?', body: 'Estimado/a {{customerName}}:\n\nQuería asegurarme de que todo está bien después del caso {{caseNumber}}. Si algo sigue sin funcionar, responda a este mensaje.\n\n{{ownerName}}' },
];

/** Adds the demo's canned replies as the supervisor. */
export async function seedCannedReplies(tx: Tx, actor: Actor): Promise<void> {
  for (const r of DEMO_CANNED_REPLIES) await createCannedReply(tx, actor, r);
}
