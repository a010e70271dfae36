// A simple, honest category suggester (P-4.4: count complaints by kind): word stems per
// starter category and language; the category with most hits in the complaint is suggested,
// none when nothing matches. It is a suggestion the agent accepts or corrects, never a verdict.
// O(text length): each word start is looked up by its first three letters in one map.
import type { Language } from './languages.ts';

/** Stems by category key and language; a word matches a stem it starts with. */
export const CATEGORY_LEXICON: Record<string, Record<Language, string[]>> = {
  product: {
    en: ['broke', 'broken', 'defect', 'faulty', 'damage', 'scratch', 'quality', 'wrong colo', 'colour', 'color', 'stopped work', 'crack', 'leak'],
    de: ['kaputt', 'defekt', 'beschädig', 'mangel', 'kratz', 'qualität', 'farbe', 'falsche farb', 'funktioniert nicht', 'riss'],
    es: ['roto', 'rota', 'defect', 'dañad', 'rayad', 'calidad', 'color', 'no funciona', 'averi', 'fuga'],
    fi: ['rikki', 'viallinen', 'vika', 'vaurio', 'naarmu', 'laatu', 'väri', 'ei toimi', 'halkea'],
    lv: ['salūz', 'bojāt', 'defekt', 'skrāp', 'kvalitāt', 'krās', 'nestrādā', 'plīs'],
    ro: ['stricat', 'defect', 'deteriorat', 'zgâriat', 'calitat', 'culoare', 'nu funcționeaz', 'crăpat'],
    ru: ['сломал', 'слома', 'брак', 'дефект', 'поврежд', 'царапин', 'качеств', 'цвет', 'не работает', 'трещин'],
  },
  delivery: {
    en: ['deliver', 'courier', 'parcel', 'package', 'shipping', 'shipment', 'arrive', 'late', 'lost', 'tracking'],
    de: ['liefer', 'kurier', 'paket', 'versand', 'sendung', 'angekommen', 'zu spät', 'verspät', 'verloren'],
    es: ['entreg', 'mensajer', 'paquete', 'envío', 'envio', 'llegó', 'llego', 'tarde', 'retras', 'perdid'],
    fi: ['toimitu', 'toimitet', 'kuriir', 'paketti', 'lähety', 'saapu', 'myöhäs', 'kadon'],
    lv: ['piegād', 'kurjer', 'pak', 'sūtījum', 'atved', 'kavēj', 'pazud'],
    ro: ['livr', 'curier', 'colet', 'pachet', 'expedi', 'întârzi', 'pierdut', 'ajuns'],
    ru: ['доставк', 'достав', 'курьер', 'посылк', 'отправк', 'опозда', 'задерж', 'потерял', 'привез'],
  },
  billing: {
    en: ['bill', 'invoice', 'charge', 'refund', 'payment', 'paid', 'price', 'overcharg', 'money back', 'card'],
    de: ['rechnung', 'abbuch', 'erstatt', 'zahlung', 'bezahlt', 'preis', 'geld zurück', 'karte', 'gebühr'],
    es: ['factur', 'cobr', 'reembols', 'pago', 'pagué', 'pague', 'precio', 'tarjeta', 'devolución del dinero'],
    fi: ['lasku', 'veloit', 'hyvity', 'maksu', 'maksoin', 'hinta', 'rahat takaisin', 'kortti'],
    lv: ['rēķin', 'maksāj', 'samaksā', 'atmaks', 'cen', 'nauda atpakaļ', 'kart'],
    ro: ['factur', 'debitat', 'rambursa', 'plat', 'plătit', 'preț', 'banii înapoi', 'card'],
    ru: ['счёт', 'счет', 'списал', 'списан', 'возврат', 'оплат', 'заплатил', 'цен', 'деньги', 'карт'],
  },
  staff: {
    en: ['rude', 'impolite', 'unfriendly', 'shouted', 'manager', 'employee', 'staff', 'attitude', 'ignored me'],
    de: ['unhöflich', 'unfreundlich', 'angeschrien', 'mitarbeiter', 'personal', 'verkäufer', 'frech'],
    es: ['grosero', 'grosera', 'maleducad', 'antipátic', 'empleado', 'personal', 'dependient', 'me gritó'],
    fi: ['epäkohtelia', 'töykeä', 'tyly', 'huusi', 'työntekijä', 'henkilökun', 'myyjä'],
    lv: ['rupj', 'nepieklājīg', 'nelaipn', 'kliedz', 'darbiniek', 'personāl', 'pārdevēj'],
    ro: ['nepoliticos', 'nepoliticoas', 'obraznic', 'țipat', 'angajat', 'personal', 'vânzătoar'],
    ru: ['хам', 'груб', 'невежлив', 'наорал', 'сотрудни', 'персонал', 'продавец', 'продавщиц', 'менеджер'],
  },
  waiting: {
    en: ['wait', 'queue', 'hold', 'hours', 'nobody answer', 'no answer', 'slow'],
    de: ['wart', 'warteschleife', 'schlange', 'stunden', 'niemand', 'langsam'],
    es: ['esper', 'cola', 'horas', 'nadie contest', 'lento'],
    fi: ['odot', 'jono', 'tuntej', 'kukaan ei vastan', 'hidas'],
    lv: ['gaid', 'rind', 'stund', 'neviens neatbild', 'lēn'],
    ro: ['aștept', 'astept', 'coadă', 'ore', 'nimeni nu răspunde', 'încet'],
    ru: ['ждал', 'жду', 'ожидан', 'очеред', 'часа', 'часов', 'никто не', 'долго'],
  },
  communication: {
    en: ['no reply', 'never replied', 'call back', 'called back', 'email', 'nobody told', 'informed', 'promised'],
    de: ['keine antwort', 'zurückruf', 'rückruf', 'e-mail', 'informiert', 'versprochen'],
    es: ['sin respuesta', 'no respond', 'devolver la llamada', 'correo', 'informad', 'prometi'],
    fi: ['ei vastausta', 'ei vastannut', 'soittaa takaisin', 'sähköposti', 'ilmoitet', 'luvattiin'],
    lv: ['neatbildēj', 'atzvan', 'e-past', 'informēj', 'solīj'],
    ro: ['niciun răspuns', 'nu a răspuns', 'sunat înapoi', 'e-mail', 'informat', 'promis'],
    ru: ['не ответил', 'не отвеч', 'перезвон', 'почт', 'не сообщил', 'обещал'],
  },
  policy: {
    en: ['policy', 'terms', 'warranty', 'guarantee', 'return', 'contract', 'conditions', 'rules'],
    de: ['richtlinie', 'bedingung', 'garantie', 'gewährleist', 'rückgabe', 'umtausch', 'vertrag', 'regeln'],
    es: ['política', 'condicion', 'garantía', 'garantia', 'devoluci', 'contrato', 'normas'],
    fi: ['käytän', 'ehdot', 'takuu', 'palautu', 'palautt', 'sopimu', 'säännö'],
    lv: ['noteikum', 'nosacījum', 'garantij', 'atgriez', 'līgum'],
    ro: ['politic', 'condiți', 'garanți', 'retur', 'contract', 'reguli'],
    ru: ['правил', 'услови', 'гаранти', 'возврат товар', 'обмен', 'договор'],
  },
};

/** Per language: the stems by their first three letters (longest first), built once. */
const INDEX = new Map<string, Map<string, { stem: string; key: string }[]>>();
function indexFor(language: string): Map<string, { stem: string; key: string }[]> {
  let m = INDEX.get(language);
  if (!m) {
    m = new Map();
    for (const [key, byLang] of Object.entries(CATEGORY_LEXICON)) {
      for (const raw of byLang[language as Language] ?? []) {
        const stem = raw.toLowerCase();
        const head = stem.slice(0, 3);
        const list = m.get(head) ?? [];
        list.push({ stem, key });
        m.set(head, list);
      }
    }
    for (const list of m.values()) list.sort((a, b) => b.stem.length - a.stem.length);
    INDEX.set(language, m);
  }
  return m;
}

const WORD = /\p{L}+/gu;

/**
 * The category key the text most likely belongs to, or null. Each word start is looked up by
 * its first three letters; multi-word stems ("no reply") match across the following space.
 */
export function suggestCategory(text: string, language: string): string | null {
  const index = indexFor(language);
  if (!index.size) return null;
  const lower = text.slice(0, 20_000).toLowerCase();
  const hits = new Map<string, number>();
  for (const w of lower.matchAll(WORD)) {
    const candidates = index.get(lower.slice(w.index, w.index + 3));
    if (!candidates) continue;
    const found = candidates.find((c) => lower.startsWith(c.stem, w.index));
    if (found) hits.set(found.key, (hits.get(found.key) ?? 0) + 1);
  }
  let best: string | null = null;
  let most = 0;
  for (const key of Object.keys(CATEGORY_LEXICON)) {
    const n = hits.get(key) ?? 0;
    if (n > most) [best, most] = [key, n];
  }
  return best;
}
