// Romanian lexicon. Data only. Diacritics are folded away (ă→a, ș→s, ț→t), so entries match
// text typed with or without them; `*` covers articles and inflection (reclamați* = reclamația…).
import type { Lexicon } from './schema.ts';

/** Romanian cues for P-1.2 scoring and P-1.3 signals. */
export const ro: Lexicon = {
  language: 'ro',
  francCode: 'ron',
  stopwords: [
    'si', 'sa', 'nu', 'e', 'este', 'sunt', 'am', 'ai', 'ati', 'au', 'ca', 'cu', 'pe', 'din', 'pentru', 'care', 'ce', 'unde', 'cand',
    'imi', 'mi', 'mie', 'meu', 'mea', 'mei', 'mele', 'va', 'voi', 'vostru', 'voastra', 'vostri', 'dumneavoastra', 'noi', 'nostru', 'iar',
    'tot', 'toate', 'nimic', 'nici', 'nicio', 'niciun', 'buna', 'ziua', 'multumesc', 'multumim', 'mersi', 'daca', 'dar', 'acum', 'azi', 'maine',
    'ieri', 'inca', 'deja', 'doar', 'foarte', 'mai', 'asta', 'acest', 'aceasta', 'fost', 'cum', 'pana', 'dupa', 'despre', 'intr', 'intre',
    'o', 'un', 'unei', 'unui', 'pot', 'puteti', 'vreau', 'vrea', 'rog', 'va rog', 'sunteti', 'aveti', 'avem', 'nostri', 'ma', 'te', 'ne',
    'il', 'le', 'lui', 'ei', 'acolo', 'aici', 'atat', 'sau', 'fiecare', 'deloc', 'gresit', 'gresita', 'marime', 'comanda', 'niste',
    // Frequent words that Spanish does not share, for Romanian typed without diacritics.
    'merita', 'frumos', 'frumoasa', 'placut', 'placuta', 'recomand', 'calitate', 'pret', 'pretul', 'produs', 'produsul', 'cel', 'cea', 'cele',
    'cei', 'acesta', 'aceste', 'acestea', 'lor', 'fara', 'prin', 'spre', 'catre', 'poate', 'poti', 'face', 'facut', 'avea', 'asa', 'cat',
    'mult', 'multa', 'multe', 'multi', 'nou', 'noua', 'chiar', 'decat', 'totul', 'toti', 'nimeni', 'niciodata', 'mare', 'mica', 'zi', 'zile',
    'ore', 'luna', 'bani', 'banii', 'banilor', 'livrare', 'coletul', 'telefonul', 'filmul', 'excelent', 'misca', 'nota', 'sincer',
  ],
  letters: 'ăâîșşțţ',
  names: ['romana', 'română', 'romaneste', 'romanian', 'rumanisch', 'rumano', 'румынск*', 'rumanu', 'romania'],
  negators: ['nu', 'n-', 'nici', 'niciodata', 'fara', 'deloc', 'nicidecum'],
  contrast: ['dar', 'insa', 'totusi', 'doar ca', 'numai ca'],
  negative: {
    3: [
      // Everyday anger, disgust and insult words (issue 11: missing words).
      'hoti', 'hotii', 'hotilor', 'hotie', 'furt', 'furat*', 'ticalos*', 'nenorocit*', 'mizerie', 'mizerabil*', 'dezgust*', 'scarbos*', 'urasc', 'cretin*', 'idiot*',
      'inacceptabil*', 'groaznic*', 'oribil*', 'ingrozitor*', 'dezastru*', 'dezastruos', 'jalnic*', 'penibil*', 'scandalos', 'rusine',
      'rusinos', 'bataie de joc', 'batjocur*', 'tepar*', 'teapa', 'escroc*', 'frauda', 'cel mai prost', 'cea mai proasta', 'm-am saturat',
      'ne-am saturat', 'nu recomand', 'evitati', 'ocoliti', 'revoltat*', 'scandalizat*', 'furios', 'furioasa', 'bataie de cap', 'nesimtit*',
      'de cacat', 'nu aveti voie', 'e culmea', 'halal', 'ati innebunit',
    ],
    2: [
      // Sadness, unfairness, ridicule, sloppiness (issue 11: missing words), with their inflections.
      'trist*', 'tristete', 'nedrept*', 'ridicol*', 'absurd*', 'nervos', 'nervoasa', 'nervi', 'dezamagire', 'dezamagitor*', 'nasol*', 'naspa', 'jale', 'nepasare', 'prostie', 'prostii', 'aiurea', 'tepuit*', 'inselat*', 'inselatorie', 'mai rau', 'cel mai rau', 'rau', 'murdar*', 'urat', 'urata',
      'prost', 'proasta', 'slab*', 'nemultumit*', 'dezamagit*', 'suparat*', 'enervant*', 'enervat*', 'iritat*', 'frustrat*', 'reclamat*',
      'reclamati*', 'plangere', 'problema', 'probleme', 'defect*', 'stricat*', 'spart*', 'deteriorat*', 'avariat*', 'indoit*', 'zgariat*',
      'nu (functioneaza|merge|mai merge|a venit|a ajuns|am primit|a primit|mi-a venit|raspunde|raspunde nimeni|corespunde)', 'nu mi-au fost (restituiti|returnati)',
      'gresit*', 'gresita', 'alt produs', 'alta culoare', 'alta marime', 'eroare', 'incorect*', 'lipsa', 'lipseste', 'lipsesc',
      'pierdut* (valiza|coletul|bagajul)', 'mi-ati pierdut', 'din nou', 'inca (nu|nimic)', 'tot nu', 'tot nimic', 'nimic', 'zero informatii',
      'nici (o )?scuza', 'nicio scuza', 'nici raspuns', 'nu raspunde nimeni', 'blocat*', 'retras* de (doua|2) ori', 'de doua ori',
      'strimb', 'stramb', 'strâmb*', 'nuanta difera', 'nu corespunde', 'scorojit*', 'calai*', 'rece', 'aroganta', 'nepoliticos*',
      'ridicare din umeri', 'nu (prea )?stiu', 'deloghea*', 'intrerupe*', 'intreruperi', 'degeaba',
      'fara (internet|semnal|curent|apa|raspuns)', 'refuzat* oferta', 'contesta', 'am platit',
      'returnati banii', 'banii inapoi', 'unde (sunt|e|este) (banii|comanda|coletul)', 'nu ne putem', 'nu le putem folosi', 'remediere',
      'nota de credit', 'retiparire', 'din pacate', 'urgent*', 'amenda', 'penalitat*', 'estimat*',
    ],
    1: [
      // Impatient questions.
      'pana cand', 'cat (mai )?(trebuie sa )?(astept|asteptam|sa astept)', 'ce se intampla cu',
      'lent*', 'intarzi*', 'scump*', 'ma asteptam la mai mult', 'la pretul asta', 'nu chiar', 'ciudat', 'neclar', 'de fiecare data',
      'mereu', 'iar', 'ma ingrijoreaza', 'ingrijorat*', 'ce fac', 'ce sa fac', 'pt', 'pls', 'va rog sa verificati',
    ],
  },
  positive: {
    2: [
      'excelent*', 'minunat*', 'superb*', 'extraordinar*', 'perfect*', 'fantastic*', 'genial', 'recomand', 'cel mai bun', 'cea mai buna',
      'multumiri', 'multumesc mult', 'multumim mult', 'mersi mult', 'felicitari', 'respect', 'bravo (lor|echipei)', 'indragostit*',
      'abia astept', 'a meritat', 'impresionant', 'succes enorm', 'm-ati ajutat', 'ajutat enorm', 'foarte multumit*', 'nu puteam fi mai multumit*',
      'imi vine turnat', 'tare draguta', 'tare dragut', 'placut surprins*',
    ],
    1: [
      'multumesc', 'multumim', 'mersi', 'bun', 'buna calitate', 'bine', 'ok', 'rapid*', 'amabil*', 'dragut*', 'politicos', 'ieftin*',
      'ca de obicei', 'fara alte probleme', 'pe inteles', 'rezolvat*', 'as mai veni', 'sigur mai comand', 'chiar bun',
    ],
  },
  questions: [
    'cine (plateste|va plati|raspunde|despagubeste) (pentru|de)', 'de ce (nu|n-|nimeni|nimic|niciodata|iar|mereu|tot|inca)', 'de ce ~ (nu|nimic|nimeni)', 'cum (pot|sa|as putea) (sa )?(va )?(contactez|contacta|dau de voi|vorbesc cu cineva|ajung la voi)', 'e (cineva|vreunul) (acolo|care)',
  ],
  thanks: ['(multumesc|multumim|mersi|merci) (frumos )?(pentru|ca|de)'],
  sarcasm: [
    'mersi de nimic', 'multumesc de nimic', 'felicitari pentru (viteza|serviciu|profesionalism)', 'bravo voua', 'chiar util', 'mersi frumos, chiar',
    'ce sa zic', 'halal serviciu', 'da, sigur', 'aplauze',
  ],
  irony: ['super', 'mersi', 'multumesc', 'bravo', 'felicitari', 'minunat', 'perfect', 'genial', 'ce bine'],
  calm: [
    'nu e graba', 'nu ne grabim', 'nu e urgent', 'cand aveti timp', 'nicio reclamatie', 'nu ma plang', 'nicio problema', 'nu e nicio problema',
    'fara alte probleme', 'vina mea', 'am gresit', 'scuze de deranj', 'scuze pentru intarziere', 'imi pare rau', 'ma mut', 'doar (sunt )?curios',
    'ce se intampla daca', 'intreb inainte', 'nimic de imbunatatit', 'a meritat asteptarea', 'cum ma asteptam', 'deloc rau', 'nu e rau',
  ],
  polite: [
    'as putea vorbi', 'as putea', 'ati putea', 'ne-o puteti', 'departamentul (nostru )?juridic', 'juristul nostru', 'pentru (un|o) (botez|nunta|eveniment|petrecere|rezervare)',
  ],
  signals: {
    manager_request: [
      '(vorbesc|vorbi|discut) (cu|cu un|cu o) ~ (superior*|sef*|manager*|director*|responsabil*|coordonator*)', '(dati-mi|transferati-ma|faceti-mi legatura) ~ (superior*|sef*|manager*)',
      '(sunata|sunat|contactat*) ~ (de )?(seful|sefa|managerul|directorul)', 'cu managerul', 'cu un superior', 'cu seful', 'cu directorul',
    ],
    credibility: [
      'minte', 'mint', 'mintiti', 'ma mint*', 'minciun*', 'mincinos*', 'incompetent*', 'nepriceput*', 'nu stiu ce fac', 'nu stie ce face',
      'nu stiti ce faceti', 'citeste* (macar )?ce scriu', 'cititi macar', 'mesaj standard', 'acelasi mesaj', 'script', 'cum poate cineva ca (ea|el)',
      'cine v-a angajat', 'amatori*', 'nu are rost', 'nu va mai cred', 'inventati', 'inventeaza',
    ],
    profanity: [
      'dracu*', 'naib*', 'cacat*', 'rahat*', 'pula', 'pizd*', 'futu*', 'fut', 'muie', 'idiot*', 'imbecil*', 'cretin*', 'tampit*', 'dobitoc*',
      'bou', 'boilor', 'clovn*', 'jeg*', 'nenorocit*', 'injuri*', 'a injurat', 'jignit*', 'jignir*', 'limbaj vulgar', 'mizerie', 'rusine sa va fie',
    ],
    threat: [
      'o sa vedeti (voi)?', 'veti vedea voi', 'o sa va para rau', 'o sa-i para rau', 'o sa ii para rau', 'va pare rau', 'n-o sa va placa', 'nu o sa va placa',
      'vin personal', 'vin peste voi', 'va gasesc', 'stiu unde', 'va omor', 'va bat', 'sparg', 'dau foc',
    ],
    legal: [
      'instant*', 'tribunal*', 'judecat*', 'proces', 'avocat*', 'in justitie', 'anpc', 'protectia consumatorului', 'anre', 'ancom', 'asf', 'bnr',
      'csalb', 'dsp', 'ansvsa', 'aacr', 'asociatia (pentru )?protectia', 'sesizare', 'plangere (la|penala)', 'reclamatie la', 'chargeback',
      'juridic*',
    ],
    churn: [
      'reziliez', 'reziliere*', 'rezilia*', 'plec la (alt|alta|concurenta)', 'trec (la|pe) (alt|alta)', 'vom trece la', 'nu (mai )?(vom )?prelungi', 'nu mai (calc|vin|venim|comand|cumpar|revin)',
      'niciodata (de acum|in viata)', 'ultima data (cand|la)', 'renunt la (voi|serviciile|abonament)', 'inchid contul', 'schimb (operatorul|banca|furnizorul)',
      'la alt operator', 'la alt furnizor', 'la concurenta',
    ],
    public: [
      '(postez|posta|scriu|povestesc|public|pun|spun) ~ (facebook|google|recenzi*|presa|internet|retele|tiktok|instagram|toata lumea|peste tot|zi de zi|in fiecare zi)',
      'la presa (locala)?', '(la|catre) jurnalist*', 'la televiziune', 'recenzie pe', 'in fiecare zi pana', 'pe toate retelele', 'sa afle toata lumea',
    ],
    repeat_contact: [
      '(scriu|sun|contactez|reclam) ~ (a doua|a treia|a patra|a cincea|a zecea|a cata) (oara)', '(a doua|a treia|a patra|a cincea|a zecea) oara',
      '(al doilea|al treilea|al patrulea|al cincilea) (e-?mail|mesaj|apel)', '(a doua|a treia|a patra|a cincea|a) (reclamatie|sesizare)',
      'a cincea reclamatie', '(confirmat|spus|promis|sunat|scris) ~ (de doua ori|de trei ori|de patru ori|de mai multe ori|de n ori|de \\d+ ori)',
      'am mai sunat', 'a cata oara', 'de fiecare data (cand sun|mi se raspunde|mi se spune)',
    ],
    waiting: [
      '(?<!in )(de|dupa|a trecut|au trecut|timp de) ~ (\\d+|o|doua|trei|patru|cinci|sase|zece|cateva) (minute|ora|ore|zi|zile|saptamana|saptamani|luna|luni)',
      '(o|doua|trei|\\d+) (ora|ore|zile|saptamani|luni) (si|de asteptare)', '(a doua|a treia|a patra|a cincea) zi', 'de (\\d+|trei|doua|cinci) zile',
      'zile la rand', '(inca|tot|si acum|de atunci) astept*', 'astept (de|din|raspuns|comanda|coletul|banii|rambursarea|livrarea)', '(astept|asteptam|asteapta) ~ (de|din) (\\d+|o|doua|trei|patru|cinci|cateva) (ore|zile|saptamani|luni|ora|zi|saptamana|luna)', 'am asteptat', 'stau de', 'inca (nu|nimic)', 'tot nimic', 'tot nu', 'de atunci', 'nici pana azi', 'nici acum',
      'unde (sunt|e|este) (banii|comanda|coletul|rambursarea)', 'cand (imi|ne|o) (returnati|dati|trimiteti|livrati|platiti)', 'mi-ati zis ca', 'promis*',
      'in curs de livrare', 'nu s-a mai (updatat|actualizat)', 'nu a avansat', 'mai bine de', 'a venit dupa', 'inca din',
    ],
    safety: [
      'arsur*', 'ars', 'arde', 'intoxica*', 'toxiinfect*', 'vomit*', 'voma', 'pe toaleta', 'febra', 'diaree', 'spital*', 'upu', 'urgent(a|e) medical*',
      'ambulant*', 'ranit*', 'taiat*', 'sange*', 'alergi*', 'in ochi', 'fum', 'scoate fum', 'scantei', 'ia foc', 'a luat foc', 'incendiu',
      'plastic ars', 'electrocut*', 'curentat*', 'periculos', 'pericol', 'margini ascutite',
    ],
  },
};
