// The failure classes of issue 11, one block per class, every language. Sentences are our own
// wording (not the issue's, not the devset's); each class is tested lexicon-only as well, so the
// rules hold even with a language's weights switched off (DETECTION_MODELS).
import { describe, expect, it } from 'vitest';
import { detect, detectLanguage, type DetectOptions, type Language } from './index.ts';

const LEXICON_ONLY: DetectOptions = { models: () => null };
const both = (text: string, language?: Language) => [detect(text, { language }), detect(text, { language, ...LEXICON_ONLY })];
const hasKind = (text: string, kind: string) => detect(text).phrases.some((p) => p.kind === kind);

describe('missing everyday negative and insult words, with their inflections', () => {
  it.each([
    ['en', 'Honestly so sad how unfair your fees have become, you thieves.'],
    ['ru', 'Очень грустно и обидно, цены несправедливые, вы просто воры.'],
    ['ro', 'Sunt tristă, prețurile sunt nedrepte, sunteți niște hoți.'],
    ['lv', 'Ļoti skumji, cenas ir netaisnīgas, jūs esat zagļi.'],
    ['fi', 'Tosi surullista, hinnat ovat epäreiluja, olette varkaita.'],
    ['de', 'Wirklich traurig, die Preise sind unfair, ihr seid Diebe.'],
    ['es', 'Muy triste, los precios son injustos, sois unos ladrones.'],
  ])('%s', (lang, text) => {
    for (const d of both(text, lang as Language)) expect(d.dissatisfied, text).toBe(true);
  });
});

describe('text emoticons', () => {
  it('reads sad and annoyed emoticons as negative, smileys as positive, and not inside links or times', () => {
    expect(detect('parcel still not here :(').phrases.some((p) => p.kind === 'emoji_negative' && p.text === ':(')).toBe(true);
    expect(hasKind('meh :-/', 'emoji_negative')).toBe(true);
    expect(hasKind('D: seriously', 'emoji_negative')).toBe(true);
    expect(hasKind('опять не работает(((', 'emoji_negative')).toBe(true);
    expect(hasKind('all good :)', 'emoji_positive')).toBe(true);
    expect(hasKind('see https://shop.example/a and call at 10:30', 'emoji_negative')).toBe(false);
  });
});

describe('complaints phrased as questions', () => {
  it.each([
    ['en', 'Why is there still no hot water in room 12?'],
    ['ru', 'Почему до сих пор никто не ответил на моё письмо?'],
    ['ro', 'De ce nu răspunde nimeni la telefon de o săptămână?'],
    ['lv', 'Kāpēc neviens neatbild uz maniem e-pastiem?'],
    ['fi', 'Miksi kukaan ei vastaa sähköposteihini?'],
    ['de', 'Warum antwortet seit Tagen niemand auf meine Mails?'],
    ['es', '¿Por qué nadie contesta a mis correos desde hace días?'],
  ])('%s', (lang, text) => {
    for (const d of both(text, lang as Language)) expect(d.dissatisfied, text).toBe(true);
  });

  it('an ordinary question is no complaint question', () => {
    expect(hasKind('Why is the shop closed on Monday? I would like to visit.', 'question')).toBe(false);
  });
});

describe('sarcastic thanks', () => {
  it.each([
    ['en', 'Thanks for losing my suitcase and never calling back.'],
    ['ru', 'Спасибо за то, что потеряли мой чемодан и никто не перезвонил.'],
    ['ro', 'Mulțumesc pentru că mi-ați pierdut valiza și nu m-a sunat nimeni.'],
    ['lv', 'Paldies par pazaudēto koferi un to, ka neviens nezvana.'],
    ['fi', 'Kiitos kun hukkasitte matkalaukkuni eikä kukaan soittanut.'],
    ['de', 'Danke für den verlorenen Koffer und dass niemand zurückruft.'],
    ['es', 'Gracias por perder mi maleta y no llamarme nunca.'],
  ])('%s', (lang, text) => {
    const [withModel, lexiconOnly] = both(text, lang as Language);
    expect(withModel!.dissatisfied, text).toBe(true);
    expect(lexiconOnly!.phrases.some((p) => p.kind === 'sarcasm'), text).toBe(true);
  });

  it('plain thanks stay praise', () => {
    for (const d of both('Thanks for the quick reply, all sorted now!', 'en')) expect(d.dissatisfied).toBe(false);
  });
});

describe('negation stays in its clause and two negatives do not cancel', () => {
  it.each([
    ['en', 'Would not recommend.\nNot recommended to anyone at all.'],
    ['ru', 'Не рекомендую.\nСовсем не рекомендую.'],
    ['ro', 'Nu recomand.\nNu recomand deloc.'],
    ['de', 'Nicht zu empfehlen.\nGar nicht zu empfehlen.'],
    ['es', 'No lo recomiendo.\nNo lo recomiendo para nada.'],
  ])('%s: a repeated negative verdict stays negative', (lang, text) => {
    for (const d of both(text, lang as Language)) expect(d.dissatisfied, text).toBe(true);
  });

  it.each([
    ['lv', 'Nav labi.\nNemaz nav labi.'],
    ['fi', 'Ei hyvä.\nEi ollenkaan hyvä.'],
  ])('%s: a repeated negated praise stays negative (lexicon)', (lang, text) => {
    expect(detect(text, { language: lang as Language, ...LEXICON_ONLY }).dissatisfied, text).toBe(true);
  });

  it('a negator does not reach into the next line', () => {
    const d = detect('Not what I expected.\nGreat quality and lovely staff!', { language: 'en', ...LEXICON_ONLY });
    expect(d.phrases.some((p) => p.kind === 'negated_positive' && /great/i.test(p.text))).toBe(false);
  });
});

describe('praise inside a complaint does not outweigh it', () => {
  it.each([
    ['en', 'The staff were lovely and the view amazing, but the room was filthy and the shower broken.'],
    ['ru', 'Персонал милый и вид отличный, но номер грязный и душ сломан.'],
    ['ro', 'Personalul a fost drăguț și priveliștea superbă, dar camera era murdară și dușul stricat.'],
    ['de', 'Das Personal war nett und die Aussicht toll, aber das Zimmer war schmutzig und die Dusche kaputt.'],
    ['es', 'El personal fue amable y la vista genial, pero la habitación estaba sucia y la ducha rota.'],
    ['lv', 'Personāls bija jauks, bet istaba bija netīra un duša salūzusi.'],
    ['fi', 'Henkilökunta oli mukavaa, mutta huone oli likainen ja suihku rikki.'],
  ])('%s', (lang, text) => {
    expect(detect(text, { language: lang as Language }).dissatisfied, text).toBe(true);
  });
});

describe('escalation signals need a negative tone and whole words outside links', () => {
  const types = (text: string, opts?: DetectOptions) => detect(text, opts).signals.map((s) => s.type);
  it('swearing as an intensifier of praise is no profanity signal', () => {
    expect(types('This pizza is fucking amazing, best in town')).not.toContain('profanity');
    expect(types('Diese Pizza ist verdammt gut!')).not.toContain('profanity');
  });

  it('court and media in neutral news are no signals', () => {
    expect(types('The court ruled today on the new rail timetable, the media reported.', LEXICON_ONLY)).toEqual([]);
    expect(types('Das Gericht entscheidet heute über den Fahrplan, berichten die Medien.', LEXICON_ONLY)).toEqual([]);
    expect(types('Суд сегодня рассмотрит новое расписание, сообщают СМИ.', LEXICON_ONLY)).toEqual([]);
  });

  it('no signal inside links or inside longer words', () => {
    expect(detect('Great thread https://t.co/sickSmokeBurn123 loved it').signals).toEqual([]);
    expect(types('Thank you for your courtesy and the sparkling water!')).toEqual([]);
  });

  it('the signals still fire in real complaints', () => {
    expect(types('Still no refund after six weeks, I am taking you to court.')).toContain('legal');
    expect(types('Ещё месяц без денег — иду в суд и пишу журналистам.')).toContain('legal');
  });
});

describe('language identification', () => {
  it('Romanian without diacritics is not Spanish', () => {
    for (const text of ['recomand telefonul, merge foarte bine si pretul e bun', 'coletul nu a ajuns nici azi, sunt foarte suparata', 'filmul asta e de nota 10, merita vazut']) {
      expect(detectLanguage(text).language, text).toBe('ro');
    }
  });

  it('Latvian without diacritics', () => {
    for (const text of ['sveiki, kapec mans pasutijums vel nav atnacis?', 'paldies, viss bija loti garsigi']) {
      expect(detectLanguage(text).language, text).toBe('lv');
    }
  });

  it('transliterated Russian', () => {
    for (const text of ['pochemu nikto ne otvechaet? zhdu uzhe nedelyu', 'spasibo, vse prishlo vovremya']) expect(detectLanguage(text).language, text).toBe('ru');
  });

  it('a single Cyrillic word after a handle is Russian', () => {
    expect(detect('@someone конечно').language).toBe('ru');
  });

  it('too short to tell: the known language of the customer or mailbox is used', () => {
    expect(detectLanguage('ok', 'lv')).toEqual({ language: 'lv', confidence: 0.45 });
    expect(detect('super!!!', { fallbackLanguage: 'de' }).language).toBe('de');
    // A clear text keeps its own language whatever the fallback.
    expect(detect('Das Paket ist nie angekommen und niemand antwortet.', { fallbackLanguage: 'es' }).language).toBe('de');
  });

  it('Romanian "așteptam" (I expected) is no waiting signal; waiting days is', () => {
    const types = (t: string) => detect(t).signals.map((s) => s.type);
    expect(types('Mă așteptam la mai mult, camera era murdară și personalul nepoliticos.')).not.toContain('waiting');
    expect(types('Aștept de trei săptămâni banii înapoi, nimeni nu răspunde.')).toContain('waiting');
  });
});
