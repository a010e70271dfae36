// Latvian lexicon. Data only. Diacritics are folded (ā→a, š→s, ļ→l), so "sanemu" and "saņēmu"
// match alike. Latvian inflects heavily: entries are stems with `*` (sūdzīb* = sūdzība, sūdzību…).
import type { Lexicon } from './schema.ts';

/** Latvian cues for P-1.2 scoring and P-1.3 signals. */
export const lv: Lexicon = {
  language: 'lv',
  francCode: 'lvs',
  stopwords: [
    'un', 'ir', 'nav', 'bija', 'ka', 'kas', 'kad', 'kur', 'kapec', 'ko', 'kā', 'es', 'man', 'mans', 'mana', 'mani', 'manu', 'jus', 'jums',
    'jusu', 'mes', 'mums', 'musu', 'vins', 'vina', 'vinu', 'tas', 'ta', 'to', 'tie', 'sis', 'si', 'so', 'ar', 'uz', 'no', 'par', 'pie',
    'pec', 'lidz', 'bez', 'vai', 'bet', 'jau', 'vel', 'tikai', 'ari', 'loti', 'joprojam', 'atkal', 'paldies', 'labdien', 'sveiki',
    'ludzu', 'varat', 'varu', 'gribu', 'vajag', 'nekas', 'neviens', 'nekad', 'vairs', 'sodien', 'rit', 'vakar', 'reizi', 'reize', 'pat',
    'tad', 'jo', 'lai', 'tiek', 'tika', 'var', 'esmu', 'esam', 'viss', 'visu', 'vienmer', 'kartiba', 'pasutijums', 'rekina', 'izmers',
    'vnk', 'cik', 'kads', 'kada', 'kopš', 'kops', 'dienu', 'dienas', 'nedelu', 'nedelas', 'menesi', 'jautaju', 'interese', 'kapēc',
  ],
  letters: 'āēīūģķļņčšž',
  names: ['latviesu', 'latviski', 'latvian', 'lettisch', 'letona', 'letona', 'латышск*', 'latvia', 'latviska'],
  negators: ['ne', 'nav', 'nemaz', 'nekad', 'bez', 'neviens', 'nebija', 'nebus', 'nē'],
  contrast: ['bet', 'tomer', 'tacu', 'tikai'],
  negative: {
    3: [
      // Everyday anger, disgust and insult words (issue 11: missing words).
      'zagl*', 'krapnie*', 'krapsan*', 'sausmig*', 'briesmig*', 'pretig*', 'riebig*', 'nozelojam*', 'kauns', 'kaunas', 'apkaunojum*', 'ienistu', 'idiot*', 'debil*',
      'nepienemam*', 'sausmig*', 'briesmig*', 'draus*', 'katastrof*', 'kauns', 'negods', 'apkauno*', 'krapnie*', 'krapsan*', 'krapj*',
      'izsmiekl*', 'nekaunig*', 'sliktak*', 'pats sliktakais', 'pietiek', 'man pietiek', 'apnicis', 'apnika', 'neiesaku', 'neieteicu',
      'turieties talak', 'tragedija', 'murgs', 'pilnig* (suds|murgs|katastrofa)',
    ],
    2: [
      // Sadness, unfairness, ridicule, sloppiness (issue 11: missing words), with their inflections.
      'skumj*', 'bedig*', 'netaisnig*', 'absurd*', 'mulkig*', 'stulb*', 'dusmig*', 'dusmas', 'nikn*', 'kaitinos*', 'kaitina', 'vilies', 'vilusies', 'viluies', 'viluš*', 'sarugtinat*', 'neapmierinat*', 'slikt*', 'sliktak*', 'dranķig*', 'sudig*', 'bezjedzig*', 'neprofesional*', 'nekvalitativ*', 'nolaidig*', 'rupj*', 'nepieklajig*', 'netirs', 'netira', 'netiri',
      'slikt*', 'nekvalitat*', 'brak*', 'bojat*', 'salauz*', 'saplis*', 'nestrada', 'nedarbojas', 'nedarbojas', 'nav (sanemusi|sanemis|sanemts|sanemta|atnacis|atmaksat*|atgriezt*)',
      'neatbilst', 'nepareiz*', 'kluda', 'kludain*', 'cita krasa', 'cits izmers', 'cita izmera', 'sarugtinat*', 'dusmig*',
      'kaitina', 'kaitinosi', 'nervoz*', 'neapmierinat*', 'viluš*', 'vilusi*', 'vilies', 'sudzib*', 'sudzet*', 'pretenzij*', 'problem*',
      'atkal', 'vel joprojam', 'joprojam (nav|nekas|ne)', 'nekas', 'pazaudej*', 'pazud*', 'izmet ara', 'partrauk*', 'partraukum*', 'nav zonas',
      'bez (interneta|sakariem|udens|elektribas|apkures|atbildes)', 'nav (interneta|atbildes|informacijas)', 'ne atvainosanas', 'neatvainojas', 'ne (to|tas|ta) (preci|izmers|izmeru|krasu|produkt*|lietu)',
      'neatbild', 'neviens neatbild', 'nekadas informacijas', 'bloket*', 'divreiz', 'otradi', 'skibi', 'nolobij*', 'remden*', 'auksts', 'aukstas',
      'neorientejas', 'paraustija plecus', 'nezin', 'atdots citiem', 'atteicas', 'nepiekrit', 'atgrieziet naudu',
      'atmaksajiet', 'kur ir (mana|mans)', 'diemzel', 'steidzam*', 'nevaram', 'nav ar ko', 'nevaru', 
      'ar roku', 'netiks novers*',
    ],
    1: [
      // Impatient questions.
      'cik (ilgi|vel) (ja)?gaid*', 'kas (te |tur )?notiek',
      'lens', 'leni', 'ilgi', 'kavej*', 'dargi', 'dargs', 'par tadu cenu', 'gaidiju vairak', 'visu laiku', 'katru reizi', 'nesaprotam*',
      'uztrauc*', 'vispar', 'jautajums', 'izlabot', 'izlabojiet', 'jauna',
    ],
  },
  positive: {
    2: [
      'lielisk*', 'brinisk*', 'teicam*', 'izcil*', 'perfekt*', 'ideal*', 'superig*', 'fantastisk*', 'labakais', 'labaka', 'iesaku', 'ieteicu',
      'liels paldies', 'milzigs paldies', 'paldies liels', 'pateicib*', 'atzinib*', 'respekts', 'iemilej*', 'nevaru sagaidit', 'bija ta verta',
      'loti palidzejat', 'palidzejat', 'patikami parsteigt*', 'apmierinat*', 'bomba', 'hits', 'milig*', 'nevaretu but apmierinatak*', 'jauk*',
    ],
    1: [
      'paldies', 'labs', 'laba', 'labi', 'normal*', 'atri', 'atra', 'pieklajig*', 'letak', 'atrak', 'saprotami', 'kartiba', 'ka vienmer',
      'salaboja', 'atrisin*', 'varetu nakt vel', 'noteikti pasutisu', 'tiri labs', 'sez ideali',
    ],
  },
  questions: [
    'kas (par to |man )?(maksas|atbildes|samaksas|kompenses)', 'kapec (nav|ne|neviens|nekas|atkal|joprojam|vienmer)', 'kapec ~ (nav|ne*)', 'ka (lai )?(ar jums |jus |jums )?(sazin*|sazvan*|sasniedz*|dabu* cauri)', 'vai (kads|kāds) (vispar )?(strada|lasa|atbild)',
  ],
  thanks: ['paldies (liels )?par', 'liels paldies par'],
  sarcasm: [
    'paldies par neko', 'paldies, ka vismaz', 'bravo', 'aizraujosak* par', 'jā, protams', 'ja, protams', 'loti erti', 'laikam to vel', 'ak, pagaidiet',
    'apsveicu ar', 'tiesam atri', 'visu cienu',
  ],
  irony: ['nu super', 'super', 'paldies', 'lieliski', 'brinisķigi', 'brinisigi', 'perfekti', 'nu labi', 'bravo'],
  calm: [
    'nav steigas', 'mums nav steigas', 'nesteidzamies', 'nav pretenziju', 'nesudzos', 'viss kartiba', 'viss kartiba', 'nekas traks', 'nav problemu',
    'nav ko uzlabot', 'pati vainiga', 'pats vainigs', 'manis kluda', 'kludijos', 'atvainojos par (neertibam|kavesanos)', 'parcelos', 'parcelamies',
    'vienkarsi interese', 'kas notiek, ja', 'jautaju pirms', 'citu jautajumu nav', 'ka norunats', 'gaidisana bija ta verta', 'nemaz nav slikti', 'nav slikti',
    'problemu nav',
  ],
  polite: ['vai varetu (parunat|runat)', 'vai varetu', 'vai varat', 'juridiska nodala', 'musu jurist*', 'rezervet', 'jubilej*'],
  signals: {
    manager_request: [
      '(savienojiet|parslēdziet|parslēdziet|parsledziet|pasauciet) ~ (vaditaj*|prieksniek*|menedzer*|direktor*)',
      '(runat|parunat|sazinaties|runāt) ar ~ (vaditaj*|prieksniek*|menedzer*|direktor*|atbildig*)', '(atzvana|piezvana|sazinas) ~ (vaditaj*|prieksniek*|direktor*)',
      'ar vaditaju', 'ar direktoru',
    ],
    credibility: [
      'melo', 'melojat', 'meli', 'melis', 'melkul*', 'nekompetent*', 'neprofesional*', 'nezina, ko dara', 'nezinat, ko darat', 'vai jus vispar lasat',
      'to pasu sablonu', 'sablon*', 'ar jums runat nav jegas', 'nav jegas', 'ka tadus vispar laiz', 'kas tadus', 'amatier*', 'izdoma*', 'sapin*',
      'neticu ne vardam',
    ],
    profanity: [
      'suds', 'sudi', 'sudig*', 'pizdec*', 'pizd*', 'bled*', 'blet', 'nahuj*', 'hujn*', 'huj*', 'mauk*', 'idiot*', 'debil*', 'kretin*',
      'klaun*', 'lop*', 'ellē', 'velns', 'sasodit*', 'lamaj*', 'lamajas', 'rupji lamaja', 'apvainoj*', 'necenzet*', 'ākst*', 'akst*',
    ],
    threat: [
      'jums tas nepatiks', 'tas jums nepatiks', 'parunasim citadak', 'runasim citadak', 'lai vaino pats sevi', 'pats vainigs bus', 'nozelosiet',
      'nozelos', 'atbrauksu (uz|pie) ~ (biroju|jums)', 'atnaksu pie jums', 'es jus atradisu', 'zinu, kur', 'nositu', 'piekausu', 'nodedzinasu',
    ],
    legal: [
      'tiesa', 'tiesas', 'tiesu', 'tiesā', 'tiesvedib*', '(celsu|iesniegsu) prasib*', 'advokat*', 'jurist*', 'juridisk*', 'ptac', 'pateretaju tiesibu', 'pvd',
      'sprk', 'finansu nozares ombud*', 'ombud*', 'latvijas bank*', 'fktk', 'tiesibsarg*', 'sudzib* (ptac|pvd|sprk|latvijas|iestadei|uzraudz*)',
      'uzraudzib*',
    ],
    churn: [
      'lauzu ligumu', 'lauzt* ~ ligum*', 'lauzt', 'lauzsu', 'partrauksu ligumu', 'iesu pie cita', 'eju pie cita', 'pariesim pie cita', 'pariet pie cita',
      'nepagarinasim', 'nepagarinasu', 'vairs (nenaksim|nenaksu|nepasutisu|nepirksu|neizmantosu|neatgriezisimies)', 'nekad vairs', 'vairs nekad',
      'pie konkurent*', 'aizveru kontu', 'atsakos no (jusu )?pakalpojum*',
    ],
    public: [
      '(aprakstisu|uzrakstisu|rakstisu|izstastisu|publicesu|ielikšu|ieliksu|aizsutu|nosutisu) ~ (atsauksm*|portal*|facebook*|google|tiktok*|presei|zinu portal*|visiem|visur|seit katru dienu|katru dienu)',
      'zinu portal*', 'medijiem', 'presei', 'zurnalistiem', 'televizijai', 'atsauksmes visur', 'katru dienu, kamer',
    ],
    repeat_contact: [
      '(rakstu|zvanu|griezos|vēršos|versos) ~ (jau )?(otro|treso|ceturto|piekto|desmito|kuro) reizi', '(otro|treso|ceturto|piekto|desmito) reizi (rakstu|zvanu)',
      '(otra|tresa|ceturta|piekta|desmita) (sudziba|vestule|zina|pieteikum*)', 'jau piekta sudziba',
      '(apstiprinaja|teica|soli*|zvaniju|rakstiju) ~ (divreiz|tris reizes|cetras reizes|vairakas reizes|daudzas reizes|\\d+ reizes)',
      '(divreiz|tris reizes|vairakas reizes) ~ (pa telefonu|zvaniju|apstiprinaja)', 'nezinu kuro reizi', 'katru reizi atbildat', 'zvaniju divreiz',
    ],
    waiting: [
      '(?<!pec )(?<!laika )(jau )?(\\d+|vienu|divas|divus|tris|cetras|piecas|desmit|vairakas|dazas) (minut*|stund*|dien*|nedel*|menes*)(?! laika)',
      '(treso|otro|ceturto|piekto|treša|tresa|piekta|otra|ceturta) (dienu|diena|nedelu|menesi|menesis)', 'jau (nedelu|menesi|stundu|dienu)',
      'pagajis (vairak nek(a)? )?(menesis|nedela)', 'pagajusi', 'pagajusi (divi|tris)', 'joprojam', 'vel joprojam', 'kops (ta laika|pirmdienas|otrdienas)',
      'kur ir (mana|mans) (nauda|pasutijum*|paka)', 'kad (beidzot|atmaksasiet|atgriezisiet|bus)', 'solijat', 'soliti', 'gaid(am|u|iju|ijam|isim) ~ (\\d+|stund*|dien*|nedel*|menes*)', '(joprojam|vel|jau) gaid*', 'stundu (jau )?(sezu|gaidu)', 'sezu', 'sedeju',
      'pec kartas', 'neatjaunojas', 'netiek atjaunots', 'neobnovlja*', 'velti', 'piegades procesa', 'ar norado', 'vel oktobri', 'vel (janvari|februari|marta|aprili|maija|junija|julija|augusta|septembri|oktobri|novembri|decembri)',
    ],
    safety: [
      'apdegum*', 'dega', 'apdedz*', 'saindej*', 'vem*', 'vemsana', 'temperatura \\d+', 'slimnic*', 'neatliekam*', 'atrā palīdzība', 'atra palidziba',
      'traum*', 'sagrieza', 'sagriez*', 'asas malas', 'asin*', 'alergij*', 'dermatolog*', 'dzirkst*', 'dumi', 'dumo*', 'dumus', 'kup', 'aizdeg*', 'ugunsgrek*', 'strava sita',
      'bistam*', 'acis', 'aci',
    ],
  },
};
