// Finnish lexicon. Data only. Finnish inflects and compounds heavily: entries are stems with `*`
// (valitu* = valitus, valituksen, valitukseni…); a leading `*` also matches compound heads
// (*lautakun* = kuluttajariitalautakuntaan). ä/ö are folded to a/o, so text without them matches.
import type { Lexicon } from './schema.ts';

/** Finnish cues for P-1.2 scoring and P-1.3 signals. */
export const fi: Lexicon = {
  language: 'fi',
  francCode: 'fin',
  stopwords: [
    'ja', 'on', 'ei', 'en', 'et', 'emme', 'ette', 'eivat', 'oli', 'ole', 'olen', 'olet', 'olette', 'ovat', 'se', 'ne', 'han', 'me', 'te', 'mina',
    'sina', 'mä', 'ma', 'mun', 'mulle', 'mut', 'sun', 'teidan', 'meidan', 'minulle', 'minun', 'teille', 'etta', 'kun', 'jos', 'mutta', 'tai',
    'niin', 'nyt', 'jo', 'vielä', 'viela', 'taas', 'myos', 'vaan', 'vain', 'kuin', 'mita', 'mika', 'missa', 'miksi', 'milloin', 'miten',
    'kiitos', 'hei', 'moi', 'moikka', 'terveisin', 'oo', 'ootte', 'ootteko', 'onko', 'eika', 'eiko', 'edes', 'tama', 'tata', 'tassa', 'siita',
    'sen', 'sita', 'joka', 'jota', 'kanssa', 'jalkeen', 'ennen', 'asti', 'paiva', 'paivaa', 'viikko', 'viikkoa', 'tuli', 'tulee', 'voisitteko',
    'voisin', 'haluan', 'haluaisin', 'tosi', 'ihan', 'aika', 'kaikki', 'mitaan', 'mitään', 'yhtaan', 'koko', 'tilasin', 'tilaus', 'sit', 'kyl', 'kylla',
  ],
  letters: 'äö',
  names: ['suomi', 'suomea', 'suomeksi', 'finnish', 'finnisch', 'finlandes', 'finlandeza', 'somu', 'финск*'],
  negators: ['ei', 'en', 'et', 'emme', 'ette', 'eivat', 'eika', 'ilman', 'ikina', 'koskaan', 'ollenkaan'],
  contrast: ['mutta', 'paitsi', 'tosin', 'silti', 'kuitenkin'],
  negative: {
    3: [
      // Everyday anger, disgust and insult words (issue 11: missing words).
      'varkai*', 'varkaat', 'huijar*', 'huijau*', 'huijaus', 'kusetus', 'kamala*', 'kauhea*', 'hirvea*', 'jarkyttav*', 'inhott*', 'vihaan', 'idiootti*', 'aalio*', 'surkea*', 'karmea*', 'torkea*', 'hapea*', 'skandaal*',
      'kamala*', 'kauhea*', 'karsea*', 'surkea*', 'onneton', 'taysin (pielessa|perseella)', 'skandaali*', 'haapea*', 'hapea*', 'huijau*', 'huijari*',
      'petkut*', 'ei hyvaksyttavaa', 'mahdoton*', 'naurettava*', 'ala*arvoi*', 'huonoin*', 'riittaa jo', 'nyt riittaa', 'ei voi olla totta',
      'valttakaa', 'en suosittele', 'kiellettava', 'raivo*', 'raivoissa*', 'ihan paska', 'paska*', 'miten vaikeeta', 'miten vaikeaa',
      'tallaista ei saa', 'ei saa myyda', 'kiihtyny*',
    ],
    2: [
      // Sadness, unfairness, ridicule, sloppiness (issue 11: missing words), with their inflections.
      'surullin*', 'surettaa', 'harmittaa', 'harmi', 'epareilu*', 'kohtuuton*', 'kohtuutont*', 'naurettav*', 'absurdi*', 'typera*', 'tyhma*', 'arsytta*', 'suututtaa', 'vihainen', 'vihaisena', 'raivo*', 'pettymy*', 'pettynyt', 'petyin', 'tyytymat*', 'huono*', 'huonompi', 'heikko*', 'ala-arvoi*', 'epaammattimai*', 'toykea*', 'epakohteliai*', 'likai*',
      'huono*', 'heikko*', 'viallinen', 'viallis*', 'rikki', 'rikkoutu*', 'hajo*', 'vaurioitu*', 'ei toimi', 'ei toimineet', 'lakkasi toimimasta',
      'kaatu*', 'patki*', 'katko*', 'ei ole (tullut|saanut|palautettu|vastattu|kuulunut)', 'ei (vastaa|vastannut|saapunut|tullut|kuulu)', 'virhe*',
      'vaara*', 'vaaran*', 'vaarin', 'vaaraa', 'vinossa', 'poikkeaa', 'paikallaan ei', 'ärsyttävää', 'arsytta*', 'harmi*', 'harmissaan',
      'pettyny*', 'pettymy*', 'tyytymaton', 'tyytymat*', 'valitu*', 'valitan', 'reklamaati*', 'ongelma*', 'jalleen', 'uudestaan vaara',
      'viela(kaan)? ei', 'vielakaan', 'ei mitaan', 'kadonnut', 'hukkasitte', 'hukattu', 'ei (kuuluvuutta|nettia|vastausta|tietoa|anteeksipyyntoa)',
      'ilman (nettia|sahkoa|vetta|vastausta|lampoa)', 'ei anteeksipyyntoa', 'ei mitaan tietoa', 'kukaan ei (vastaa|nay|ilmoita)', 'eika ketaan nay',
      'jaadytet*', 'lukittu', 'kahteen kertaan', 'kaksi kertaa', 'kahdesti', 'haalea*', 'veltto*', 'kylma*', 'tyly*', 'epakohtelia*', 'olankohau*',
      'kirjaa (mut|minut) ulos', 'palauttakaa (rahat|rahani)', 'rahat takaisin', 'missa (mun|minun) (rahat|tilaus|paketti)', 'valitettavasti',
      'emme voi', 'en pysty', 'kiireellis*', 'kiistaa', 'kieltaytyi', 'annettu muille', 'arviolasku*', 'aina sama', 'pielessa', 'ei vastaa sovittua',
    ],
    1: [
      // Impatient questions.
      'kauanko (viela|pitaa|joudun)', 'kuinka kauan', 'mita (ihmetta )?(on tapahtunut|tapahtuu)',
      'hidas', 'hitaa*', 'myohassa', 'myohastyi', 'kallis', 'kalliiksi', 'odotin enemman', 'tahan hintaan', 'joka kerta', 'koko ajan', 'outo*',
      'epaselva*', 'huolestutta*', 'ei ihan', 'ei oikein', 'taas', 'vahan', 'sitä mita halusin', 'urgent', 'korjata', 'korjatkaa',
    ],
  },
  positive: {
    2: [
      'loistava*', 'erinomai*', 'mahtava*', 'upea*', 'ihana*', 'taydellinen', 'taydellis*', 'fantastinen', 'paras', 'parasta', 'parhain',
      'suosittelen', 'iso kiitos', 'suuret kiitokset', 'kiitos tosi paljon', 'kiitos paljon', 'erityiskiitos', 'kiitokset', 'rakastunut',
      'en malta odottaa', 'kannatti', 'vaikuttavaa', 'avuliai*', 'tyytyvai*', 'en voisi olla tyytyvaisempi', 'hitti',
      'istuu kuin valettu', 'super', 'huippu*', 'kohtelia*', 'mukava*',
    ],
    1: [
      'kiitos', 'kiitti', 'hyva*', 'ok', 'nopea*', 'nopeasti', 'halvempi', 'nopeampi', 'niin kuin aina', 'niin kuin pitikin', 'selkeasti',
      'selkokielella', 'hoitui', 'ratkesi', 'voisin tulla uudestaan', 'tilaan ehdottomasti', 'ihan hyvaa', 'ihan ok',
    ],
  },
  questions: [
    'kuka (maksaa|korvaa|vastaa) (taman|tasta|nama)', 'miksi (ei|en|et|emme|ette|eivat|taas|viela*|aina|kukaan|mitaan)', 'miksi ~ (ei|en|et|ette|eivat)', 'miten (teidat|teihin|teille|teita) (saa|voi) ~ (kiinni|tavoittaa|yhteyden)', 'onko (siella )?(ketaan|kukaan)',
  ],
  thanks: ['kiitos (paljon )?(kun|etta|siita)', 'kiitti (kun|etta)'],
  sarcasm: [
    'kiitti vaan', 'kiitos vaan', 'kiitos ei mistaan', 'todella pikaista', 'bravo', 'hienoa tyota, todella',
    'no kiitos', 'joo varmaan', 'aivan mahtavaa palvelua',
  ],
  irony: ['no hienoa', 'hienoa', 'kiitos', 'kiitti', 'mahtavaa', 'loistavaa', 'upeaa', 'no jopas', 'no kiitos', 'super'],
  calm: [
    'ei kiire', 'ei mikaan kiire', 'ei ole kiire', 'meilla ei ole kiire', 'ei valittamista', 'en valita', 'ei mitaan ongelmaa', 'ei ongelmia',
    'ei haittaa', 'ei muuta', 'oma moka', 'oma vika', 'vahingossa', 'sori vaivasta', 'pahoittelut', 'anteeksi vaiva', 'muutan', 'uteliaisuuttani',
    'mita tapahtuu jos', 'kysyn ennen', 'ei mitaan parannettavaa', 'niin kuin pitikin', 'odotus kannatti', 'ei hassumpi', 'ei huono', 'ei paha',
  ],
  polite: ['voisinko (jutella|puhua)', 'voisinko', 'voisitteko', 'lakiosasto*', 'lakimiehemme', 'varata', 'juhliin'],
  signals: {
    manager_request: [
      '(puhua|jutella|keskustella) ~ (esimie*|esihenkilo*|paallik*|*paallik*|johtaja*|joku (vastaava|ylempi))', 'yhdistakaa ~ (esimie*|esihenkilo*|paallik*|johtaja*)',
      '(esimiehen|esihenkilon|paallikon|johtajan) (soitto*|yhteydenotto*|kanssa)', 'paallikon', 'paallikko', 'esihenkilolle', 'esimiehelle',
    ],
    credibility: [
      'valehtele*', 'valehtelij*', 'valetta', 'puhuu palturia', 'palturia', 'pot(a|u)a', 'epapatev*', 'osaamaton*', 'ei tieda, mita tekee',
      'ette tieda, mita teette', 'vastauspohja*', 'joku, joka oikeesti tietaa', 'joku joka oikeasti tietaa',
      'miten tuollainen saa', 'miten tuollaiset saa', 'amatoor*', 'keksitte', 'keksii', 'en usko sanaakaan',
    ],
    profanity: [
      'vittu*', 'vitun', 'vitu*', 'perkele*', 'saatana*', 'helvet*', 'paska*', 'paskaa', 'kusi*', 'kusipaa*', 'mulkku*', 'runkkar*', 'idiootti*',
      'ääliö*', 'aalio*', 'tollo*', 'pelle*', 'kiroil*', 'haukkui', 'haukkumi*', 'solvas*', 'jumalauta',
    ],
    threat: [
      'ei (kylla )?naurata ketaan', 'saa katua', 'kadutte', 'katuu', 'tuun teidan', 'tulen teidan (toimistolle|luokse|ovelle)', 'tiedan missa',
      'tapan', 'hakkaan', 'poltan', 'varokaa vaan', 'ette tule tykkaamaan',
    ],
    legal: [
      'oikeu*', 'oikeuteen', 'oikeusteitse', 'karajat', 'karajille', 'asianajaja*', 'lakimie*', 'lakiosasto*', '*lautakun*', 'kuluttajaneuvon*',
      'kuluttaja-asiamie*', 'kkv', 'finanssivalvon*', 'fiva', 'vakuutus- ja rahoitusneuvon*', 'traficom*', 'ruokavirasto*', '*valvonta*', 'ilmoituksen *valvon*',
      'valitus (traficom*|kuluttaja*|viranomai*)', 'viranomai*', 'tutkintapyynto*', 'takaisinveloitus',
    ],
    churn: [
      'irtisano*', 'vaihdan (operaattori*|pankki*|palvelun*|liittym*|palveluntarjoaja*)', 'siirrymme (toiseen|kilpailija*)', 'siirryn toiseen', 'emme jatka', 'en jatka',
      'ei enaa (ikina|koskaan)', 'en enaa (ikina )?(tilaa|tule|osta|kayta)', 'en ikina enaa', 'viimeinen kerta', 'lopetan (asiakkuuden|sopimuksen)', 'purkaa sopimuk*',
      'toiseen palveluntarjoajaan', 'kilpailijalle',
    ],
    public: [
      '(postaan|kirjoitan|kerron|julkaisen|laitan) ~ (joka paiva|arvostelu*|google*|facebook*|somee*|someen|lehteen|mediaan|kaikille|tanne)',
      '*lehteen', 'lehdistolle', 'mediaan', 'medialle', 'toimittajalle', 'toimittajille', 'google-arvostelu*', 'somessa', 'kaikki saa tietaa',
    ],
    repeat_contact: [
      '(kirjoitan|soitan|otan yhteytta) ~ (toista|kolmatta|neljatta|viidetta|kymmenetta|monetta) kertaa', '(toista|kolmatta|neljatta|viidetta|monetta) kertaa (kirjoitan|soitan)',
      '(toinen|kolmas|neljas|viides|kymmenes) (viesti|sahkoposti|valitus|yhteydenotto|puhelu)', 'viides valituk*', 'jo (viides|neljas|kolmas) valituk*',
      '(soittanut|kirjoittanut|ottanut yhteytta|vakuutettiin|luvattiin|sanottiin) ~ (kaksi|kolme|nelja|viisi|monta|useita|useamman|\\d+) (kertaa|kerralla)',
      '(kolmella|neljalla|useammalla|monella) (eri )?kerralla', 'soitin uudestaan', 'joka kerta (luvataan|sanotaan|vastataan)', 'en tieda enaa monennenko kerran',
    ],
    waiting: [
      '(?<!puolessa )(?<!\\d )(\\d+|kaksi|kolme|nelja|viisi|kuusi|seitseman|kymmenen|monta|useita) (minuut*|tunti*|tuntia|paiva*|viikko*|viikkoa|kuukau*|kk)(?! (sisalla|kuluessa))',
      '(kolmatta|toista|neljatta|viidetta) (paivaa|viikkoa|kuukautta)', 'viides paiva', '\\d+ paivaa ilman', 'viela(kaan)? ei', 'vielakaan',
      'jo (viikon|kuukauden|tunnin|paivan)', 'ei ole vielakaan', 'sen jalkeen ei mitaan', 'odotettu', 'odotettiin', 'odotin (\\d+|tunnin|tunti*|viikon)', 'odottanut', 'jonottanu*',
      'missa (mun|minun) (rahat|tilaus|paketti|palautus)', 'milloin (se|ne|rahat|hyvitys)', 'luvattiin', 'maanantain jalkeen', 'ei ole paivittyny*', 'oo paivittyny*',
      'kesti \\d+', 'kesti (kaksi|kolme|viikon|kuukauden)', 'jakelussa', 'auki (kolme|kaksi|\\d+)', 'ollut auki',
    ],
    safety: [
      'palovamm*', 'poltti', 'ruokamyrky*', 'myrky*', 'oksen*', 'ripuli*', 'kuume*', 'sairaala*', 'paivystyk*', 'ensiapu*', 'ambulanssi*',
      'loukkaantu*', 'haava*', 'viilsi', 'verta', 'allergi*', 'silmaan', 'savuta', 'savua', 'savusi', 'savuaa', 'kipin*', 'syttyi', 'tulipalo*', 'palaneelle',
      'sahkoisku*', 'vaarallin*', 'teravat reunat',
    ],
  },
};
