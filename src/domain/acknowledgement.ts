// The automatic acknowledgement (P-1.5) in the customer's own language: it
// names the case, the person who owns it (P-2.4) and the link to follow it.
import { isLanguage, type Language } from './languages.ts';

interface AckVars {
  customerName: string | null;
  caseNumber: string;
  ownerName: string;
  portalUrl: string;
  businessName: string;
}

type Template = { subject: (v: AckVars) => string; body: (v: AckVars) => string };

const T: Record<Language, Template> = {
  en: {
    subject: (v) => `We have your message — case ${v.caseNumber}`,
    body: (v) =>
      `${v.customerName ? `Dear ${v.customerName},` : 'Hello,'}\n\nThank you for telling us. Your case number is ${v.caseNumber}, and ${v.ownerName} is looking after it personally from now on. We will come back to you shortly to make sure we have understood you correctly.\n\nYou can follow your case and write to us here: ${v.portalUrl}\n\n${v.ownerName}\n${v.businessName}`,
  },
  ru: {
    subject: (v) => `Мы получили ваше обращение — № ${v.caseNumber}`,
    body: (v) =>
      `${v.customerName ? `Здравствуйте, ${v.customerName}!` : 'Здравствуйте!'}\n\nСпасибо, что сообщили нам. Номер вашего обращения — ${v.caseNumber}. С этого момента им лично занимается ${v.ownerName}. Мы скоро свяжемся с вами, чтобы убедиться, что правильно вас поняли.\n\nСледить за обращением и написать нам можно здесь: ${v.portalUrl}\n\n${v.ownerName}\n${v.businessName}`,
  },
  ro: {
    subject: (v) => `Am primit mesajul dumneavoastră — cazul ${v.caseNumber}`,
    body: (v) =>
      `${v.customerName ? `Stimate/Stimată ${v.customerName},` : 'Bună ziua,'}\n\nVă mulțumim că ne-ați scris. Numărul cazului dumneavoastră este ${v.caseNumber}, iar de acum ${v.ownerName} se ocupă personal de el. Revenim în curând pentru a ne asigura că v-am înțeles corect.\n\nPuteți urmări cazul și ne puteți scrie aici: ${v.portalUrl}\n\n${v.ownerName}\n${v.businessName}`,
  },
  lv: {
    subject: (v) => `Esam saņēmuši jūsu ziņu — lieta ${v.caseNumber}`,
    body: (v) =>
      `${v.customerName ? `Labdien, ${v.customerName}!` : 'Labdien!'}\n\nPaldies, ka mums pastāstījāt. Jūsu lietas numurs ir ${v.caseNumber}, un no šī brīža ar to personīgi nodarbojas ${v.ownerName}. Drīz sazināsimies, lai pārliecinātos, ka esam jūs pareizi sapratuši.\n\nSekot lietai un rakstīt mums varat šeit: ${v.portalUrl}\n\n${v.ownerName}\n${v.businessName}`,
  },
  fi: {
    subject: (v) => `Olemme vastaanottaneet viestisi — tapaus ${v.caseNumber}`,
    body: (v) =>
      `${v.customerName ? `Hei ${v.customerName},` : 'Hei,'}\n\nKiitos, että kerroit meille. Tapauksesi numero on ${v.caseNumber}, ja ${v.ownerName} hoitaa sitä tästä lähtien henkilökohtaisesti. Otamme sinuun pian yhteyttä varmistaaksemme, että ymmärsimme sinut oikein.\n\nVoit seurata tapaustasi ja kirjoittaa meille täällä: ${v.portalUrl}\n\n${v.ownerName}\n${v.businessName}`,
  },
  de: {
    subject: (v) => `Wir haben Ihre Nachricht erhalten — Fall ${v.caseNumber}`,
    body: (v) =>
      `${v.customerName ? `Guten Tag ${v.customerName},` : 'Guten Tag,'}\n\ndanke, dass Sie uns Bescheid gegeben haben. Ihre Fallnummer ist ${v.caseNumber}; ${v.ownerName} kümmert sich ab jetzt persönlich darum. Wir melden uns in Kürze, um sicherzugehen, dass wir Sie richtig verstanden haben.\n\nHier können Sie Ihren Fall verfolgen und uns schreiben: ${v.portalUrl}\n\n${v.ownerName}\n${v.businessName}`,
  },
  es: {
    subject: (v) => `Hemos recibido su mensaje — caso ${v.caseNumber}`,
    body: (v) =>
      `${v.customerName ? `Estimado/a ${v.customerName}:` : 'Hola:'}\n\nGracias por contárnoslo. El número de su caso es ${v.caseNumber} y, a partir de ahora, ${v.ownerName} se ocupa personalmente de él. Le contactaremos en breve para asegurarnos de que le hemos entendido bien.\n\nPuede seguir su caso y escribirnos aquí: ${v.portalUrl}\n\n${v.ownerName}\n${v.businessName}`,
  },
};

/** Subject and body of the acknowledgement in the case's language (English when unknown). */
export function renderAcknowledgement(language: string, vars: AckVars): { subject: string; body: string } {
  const t = T[isLanguage(language) ? language : 'en'];
  return { subject: t.subject(vars), body: t.body(vars) };
}

interface FollowUpVars {
  customerName: string | null;
  caseNumber: string;
  ownerName: string;
  portalUrl: string | null;
  /** The complaint came as a public review: ask whether they would update it (P-4.2). */
  askToUpdateReview: boolean;
}

const F: Record<Language, { subject: (v: FollowUpVars) => string; body: (v: FollowUpVars) => string; review: string; link: (u: string) => string }> = {
  en: {
    subject: (v) => `How are things now? — ${v.caseNumber}`,
    body: (v) => `${v.customerName ? `Dear ${v.customerName},` : 'Hello,'}\n\nA month ago we put right what went wrong (case ${v.caseNumber}). I wanted to ask personally: is everything still in order? If anything is not, just reply and I will take care of it.`,
    review: 'If you wrote a review about it at the time, would you consider updating it?',
    link: (u) => `Your case: ${u}`,
  },
  ru: {
    subject: (v) => `Как у вас дела? — ${v.caseNumber}`,
    body: (v) => `${v.customerName ? `Здравствуйте, ${v.customerName}!` : 'Здравствуйте!'}\n\nМесяц назад мы исправили нашу ошибку (обращение ${v.caseNumber}). Хочу лично узнать: всё ли сейчас в порядке? Если что-то не так, просто ответьте на это письмо — я займусь этим.`,
    review: 'Если вы тогда оставили отзыв, не могли бы вы его обновить?',
    link: (u) => `Ваше обращение: ${u}`,
  },
  ro: {
    subject: (v) => `Cum merg lucrurile acum? — ${v.caseNumber}`,
    body: (v) => `${v.customerName ? `Stimate/Stimată ${v.customerName},` : 'Bună ziua,'}\n\nAcum o lună am reparat ce nu a mers bine (cazul ${v.caseNumber}). Am vrut să vă întreb personal: este totul în regulă? Dacă ceva nu este, răspundeți la acest mesaj și mă ocup eu.`,
    review: 'Dacă ați scris atunci o recenzie, ați lua în considerare să o actualizați?',
    link: (u) => `Cazul dumneavoastră: ${u}`,
  },
  lv: {
    subject: (v) => `Kā jums tagad klājas? — ${v.caseNumber}`,
    body: (v) => `${v.customerName ? `Labdien, ${v.customerName}!` : 'Labdien!'}\n\nPirms mēneša mēs izlabojām savu kļūdu (lieta ${v.caseNumber}). Gribēju personīgi pajautāt: vai viss joprojām ir kārtībā? Ja kaut kas nav, vienkārši atbildiet — es par to parūpēšos.`,
    review: 'Ja toreiz uzrakstījāt atsauksmi, vai jūs apsvērtu to atjaunināt?',
    link: (u) => `Jūsu lieta: ${u}`,
  },
  fi: {
    subject: (v) => `Miten nyt menee? — ${v.caseNumber}`,
    body: (v) => `${v.customerName ? `Hei ${v.customerName},` : 'Hei,'}\n\nKorjasimme kuukausi sitten sen, mikä meni vikaan (tapaus ${v.caseNumber}). Halusin kysyä henkilökohtaisesti: onko kaikki edelleen kunnossa? Jos ei, vastaa vain tähän viestiin, niin hoidan asian.`,
    review: 'Jos kirjoitit asiasta silloin arvion, voisitko harkita sen päivittämistä?',
    link: (u) => `Tapauksesi: ${u}`,
  },
  de: {
    subject: (v) => `Wie geht es Ihnen jetzt? — ${v.caseNumber}`,
    body: (v) => `${v.customerName ? `Guten Tag ${v.customerName},` : 'Guten Tag,'}\n\nvor einem Monat haben wir in Ordnung gebracht, was schiefgelaufen war (Fall ${v.caseNumber}). Ich wollte persönlich nachfragen: Ist alles noch in Ordnung? Falls nicht, antworten Sie einfach — ich kümmere mich darum.`,
    review: 'Falls Sie damals eine Bewertung geschrieben haben: Würden Sie sie aktualisieren?',
    link: (u) => `Ihr Fall: ${u}`,
  },
  es: {
    subject: (v) => `¿Qué tal va todo? — ${v.caseNumber}`,
    body: (v) => `${v.customerName ? `Estimado/a ${v.customerName}:` : 'Hola:'}\n\nHace un mes corregimos lo que salió mal (caso ${v.caseNumber}). Quería preguntarle personalmente: ¿sigue todo en orden? Si algo no va bien, responda a este mensaje y me ocuparé yo.`,
    review: 'Si entonces escribió una reseña, ¿consideraría actualizarla?',
    link: (u) => `Su caso: ${u}`,
  },
};

/** The follow-up to the customer about 30 days after resolution (P-4.1, P-4.2), signed by the owner. */
export function renderFollowUp(language: string, vars: FollowUpVars): { subject: string; body: string } {
  const t = F[isLanguage(language) ? language : 'en'];
  const parts = [t.body(vars)];
  if (vars.askToUpdateReview) parts.push(t.review);
  if (vars.portalUrl) parts.push(t.link(vars.portalUrl));
  parts.push(vars.ownerName);
  return { subject: t.subject(vars), body: parts.join('\n\n') };
}

const G: Record<Language, (v: { caseNumber: string; standard: string; amends: string }) => { subject: string; body: string }> = {
  en: (v) => ({ subject: `We missed our promise — ${v.caseNumber}`, body: `We promise "${v.standard}" and this time we did not keep it. As our service guarantee says, this is yours: ${v.amends}. We are sorry.` }),
  ru: (v) => ({ subject: `Мы не сдержали обещание — № ${v.caseNumber}`, body: `Мы обещаем: «${v.standard}», и на этот раз не сдержали слово. Как сказано в нашей гарантии качества, вам полагается: ${v.amends}. Приносим извинения.` }),
  ro: (v) => ({ subject: `Nu ne-am ținut promisiunea — ${v.caseNumber}`, body: `Promitem „${v.standard}” și de data aceasta nu ne-am ținut de cuvânt. Conform garanției noastre, vi se cuvine: ${v.amends}. Ne pare rău.` }),
  lv: (v) => ({ subject: `Mēs neturējām solījumu — ${v.caseNumber}`, body: `Mēs solām: “${v.standard}”, un šoreiz solījumu neturējām. Kā teikts mūsu servisa garantijā, jums pienākas: ${v.amends}. Atvainojamies.` }),
  fi: (v) => ({ subject: `Emme pitäneet lupaustamme — ${v.caseNumber}`, body: `Lupaamme: ”${v.standard}”, emmekä tällä kertaa pitäneet lupaustamme. Palvelutakuumme mukaisesti saat: ${v.amends}. Pahoittelemme.` }),
  de: (v) => ({ subject: `Wir haben unser Versprechen nicht gehalten — ${v.caseNumber}`, body: `Wir versprechen „${v.standard}“ und haben es diesmal nicht gehalten. Wie unsere Servicegarantie sagt, steht Ihnen zu: ${v.amends}. Es tut uns leid.` }),
  es: (v) => ({ subject: `No cumplimos nuestra promesa — ${v.caseNumber}`, body: `Prometemos «${v.standard}» y esta vez no lo cumplimos. Como dice nuestra garantía de servicio, le corresponde: ${v.amends}. Lo sentimos.` }),
};

/** The message that tells the customer a service guarantee paid out (P-4.9). */
export function renderGuarantee(language: string, vars: { caseNumber: string; standard: string; amends: string }): { subject: string; body: string } {
  return G[isLanguage(language) ? language : 'en'](vars);
}

const B: Record<Language, (v: { caseNumber: string; amount: string; until: string }) => { subject: string; body: string }> = {
  en: (v) => ({ subject: `Your bonus of ${v.amount} expires on ${v.until}`, body: `A reminder: the bonus of ${v.amount} we gave you after case ${v.caseNumber} applies to your next order until ${v.until}. We would be glad to see you again.` }),
  ru: (v) => ({ subject: `Ваш бонус ${v.amount} действует до ${v.until}`, body: `Напоминаем: бонус ${v.amount}, который мы дали вам по обращению № ${v.caseNumber}, действует на следующий заказ до ${v.until}. Будем рады видеть вас снова.` }),
  ro: (v) => ({ subject: `Bonusul de ${v.amount} expiră pe ${v.until}`, body: `Vă reamintim: bonusul de ${v.amount} oferit după cazul ${v.caseNumber} se aplică următoarei comenzi până pe ${v.until}. Ne-ar bucura să vă revedem.` }),
  lv: (v) => ({ subject: `Jūsu bonuss ${v.amount} ir spēkā līdz ${v.until}`, body: `Atgādinām: bonuss ${v.amount}, ko piešķīrām pēc lietas ${v.caseNumber}, ir izmantojams nākamajam pasūtījumam līdz ${v.until}. Priecāsimies jūs atkal redzēt.` }),
  fi: (v) => ({ subject: `${v.amount} bonuksesi vanhenee ${v.until}`, body: `Muistutus: asian ${v.caseNumber} jälkeen saamasi ${v.amount} bonus on käytettävissä seuraavaan tilaukseesi ${v.until} asti. Tervetuloa uudelleen.` }),
  de: (v) => ({ subject: `Ihr Bonus von ${v.amount} gilt bis ${v.until}`, body: `Zur Erinnerung: Der Bonus von ${v.amount} aus Fall ${v.caseNumber} gilt für Ihre nächste Bestellung bis ${v.until}. Wir freuen uns auf Sie.` }),
  es: (v) => ({ subject: `Su bono de ${v.amount} vence el ${v.until}`, body: `Le recordamos: el bono de ${v.amount} que le dimos tras el caso ${v.caseNumber} se aplica a su próximo pedido hasta el ${v.until}. Nos alegrará verle de nuevo.` }),
};

/** The reminder before a bonus expires (P-3.5), in the customer's language. */
export function renderBonusReminder(language: string, vars: { caseNumber: string; amount: string; until: string }): { subject: string; body: string } {
  return B[isLanguage(language) ? language : 'en'](vars);
}
