// German lexicon. Data only. Umlauts are folded (ä→a, ö→o, ü→u; ß stays), so "staendig"-style
// spellings need their own entry. German compounds: a leading `*` matches compound heads
// (*scheiß* = Scheißnetz, Drecksscheiß).
import type { Lexicon } from './schema.ts';

/** German cues for P-1.2 scoring and P-1.3 signals. */
export const de: Lexicon = {
  language: 'de',
  francCode: 'deu',
  stopwords: [
    'der', 'die', 'das', 'den', 'dem', 'des', 'ein', 'eine', 'einen', 'einem', 'einer', 'und', 'ist', 'sind', 'war', 'waren', 'hat', 'haben',
    'habe', 'hab', 'ich', 'mich', 'mir', 'mein', 'meine', 'meinen', 'meiner', 'sie', 'ihr', 'ihre', 'ihren', 'ihnen', 'wir', 'uns', 'unser',
    'unsere', 'euch', 'euer', 'es', 'nicht', 'kein', 'keine', 'keinen', 'nichts', 'nix', 'mit', 'von', 'zu', 'zum', 'zur', 'bei', 'auf', 'aus',
    'fur', 'für', 'uber', 'über', 'nach', 'seit', 'noch', 'schon', 'wieder', 'immer', 'auch', 'aber', 'oder', 'wenn', 'dass', 'weil', 'wie',
    'was', 'wo', 'wann', 'warum', 'wer', 'bitte', 'danke', 'hallo', 'guten', 'tag', 'gruß', 'grüße', 'viele', 'sehr', 'geehrte', 'geehrter',
    'jetzt', 'heute', 'morgen', 'gestern', 'mal', 'doch', 'nur', 'ja', 'nein', 'kann', 'konnen', 'können', 'könnt', 'möchte', 'mochte', 'will',
    'wird', 'wurde', 'werden', 'gibt', 'gibts', 'bis', 'um', 'im', 'am', 'vom', 'ins', 'sich', 'man', 'ob', 'eigentlich', 'denn', 'gerade',
  ],
  letters: 'äöüß',
  names: ['deutsch', 'german', 'aleman', 'germana', 'vacu', 'saksa*', 'немецк*'],
  negators: ['nicht', 'kein', 'keine', 'keinen', 'keiner', 'keinem', 'nie', 'niemals', 'ohne', 'gar nicht', 'nichts', 'niemand'],
  contrast: ['aber', 'jedoch', 'allerdings', 'trotzdem', 'doch', 'nur'],
  negative: {
    3: [
      // Everyday anger, disgust and insult words (issue 11: missing words).
      'dieb*', 'betrüger*', 'betrug', 'abzock*', 'abgezockt', 'verbrecher*', 'unverschämt*', 'frechheit', 'skandal*', 'katastroph*', 'schrecklich*', 'furchtbar*', 'grauenhaft*', 'widerlich*', 'ekelhaft*', 'hasse', 'schande', 'peinlich*', 'lachhaft*',
      'unverschamt*', 'unmoglich*', 'frechheit', 'skandal*', 'katastroph*', 'desaster', 'zumutung', 'inakzeptabel', 'unzumutbar', 'schlimmst*',
      'schlechtest*', 'miserabel', 'grottig', 'grauenhaft', 'furchtbar', 'schrecklich', 'betrug', 'betruger*', 'abzocke', 'abzocker*',
      'armutszeugnis', 'sauerei', 'saftladen', 'witz', 'lachhaft', 'wie schwer kann das', 'nie wieder', 'finger weg', 'nicht zu empfehlen',
      'es reicht', 'mir reicht', 'die nase voll', 'stinksauer', 'wutend', 'verargert', 'aufgebracht', 'so was darf nicht', 'so etwas darf nicht',
    ],
    2: [
      // Sadness, unfairness, ridicule, sloppiness (issue 11: missing words), with their inflections.
      'traurig*', 'schade', 'verloren*', 'verschlampt', 'unfair*', 'ungerecht*', 'lächerlich*', 'absurd*', 'dumm*', 'blöd*', 'bescheuert*', 'ärgerlich*', 'verärgert', 'wütend*', 'sauer', 'genervt', 'nervig*', 'enttäusch*', 'unzufrieden*', 'schlecht*', 'schlimm*', 'mies*', 'unmöglich*', 'unzumutbar*', 'unprofessionell*', 'unhöflich*', 'respektlos*', 'mangelhaft*', 'kaputt*', 'schmutzig*', 'dreckig*',
      'schlecht*', 'mangelhaft', 'enttausch*', 'argerlich', 'arger', 'nervt', 'nervig', 'genervt', 'unzufrieden*', 'beschwerde*', 'beschwer*',
      'reklamation', 'problem*', 'defekt*', 'kaputt*', 'beschadigt*', 'gebrochen', 'funktioniert (nicht|nie)', 'geht nicht', 'sturzt ~ ab', 'absturz*',
      'ausfall*', 'ausgefallen', 'falsch*', 'fehler*', 'fehlerhaft', 'fehlt', 'fehlen', 'verschollen', 'verloren', 'nicht (erhalten|angekommen|geliefert|bekommen|erfolgt|behoben)',
      'schon wieder', 'immer noch', 'wieder mal', 'nichts', 'nix', 'kein (empfang|netz|internet|strom|wasser|geld|mantel)', 'keine (antwort|ruckmeldung|entschuldigung|erstattung|losung|reaktion)',
      'null ruckmeldung', 'gesperrt', 'abgebucht', 'doppelt', 'unleserlich', 'unsauber', 'matschig', 'kalt', 'lauwarm', 'schmeckt nach', 'unfreundlich',
      'frech', 'schulterzucken', 'nicht beraten', 'ausgeloggt', 'ausgefall*', 'nicht der (auftragsbestatigung|bestellung|vereinbarung)', 'entspricht nicht',
      'nicht entsprechen', 'geld zuruck', 'erstattung', 'ersatzlieferung', 'bestreitet', 'abgelehnt', 'leider', 'dringend*',
      'unklar', 'geschatzte abrechnung*', 'kurzfristig*',
    ],
    1: [
      // Impatient questions.
      'wie lange (noch|soll|muss)', 'was ist (da )?(eigentlich )?los',
      'langsam', 'spat', 'verspat*', 'teuer', 'nicht so, wie', 'nicht ganz', 'standig', 'staendig', 'jedes mal', 'komisch', 'seltsam',
      'eigentlich', 'asap', 'kein big deal', 'weg',
    ],
  },
  positive: {
    2: [
      'toll', 'super', 'großartig', 'grossartig', 'hervorragend', 'ausgezeichnet', 'exzellent', 'perfekt', 'fantastisch', 'wunderbar', 'klasse',
      'spitze', 'genial', 'beste*', 'empfehl*', 'lob', 'großes danke', 'großes lob', 'vielen dank', 'vielen vielen dank', 'danke schon',
      'begeistert', 'verliebt', 'kaum erwarten', 'gelohnt', 'respekt', 'zufrieden', 'weitergeholfen', 'sitzt wie angegossen',       
    ],
    1: [
      'danke', 'gut', 'gute*', 'ok', 'okay', 'nett', 'freundlich', 'schnell', 'gunstiger', 'schneller', 'ordentlich', 'gerne wieder', 'wie immer',
      'definitiv wieder', 'verstandlich', 'erledigt', 'geklart', 'hilfreich', 'lecker',
    ],
  },
  questions: [
    'wer (bezahlt|zahlt|ersetzt|haftet|kommt) (das|dafur|mir|fur den schaden)', '(warum|wieso|weshalb) (ist|sind|gibt es|kann|funktioniert|antwortet|meldet|hat|haben|wird|werden|kommt|dauert) ~ (kein*|nicht|nie|niemand|immer noch|schon wieder|so lange)', '(warum|wieso|weshalb) ~ (kein*|nicht|niemand|nie)', 'wie (erreiche|erreicht man|kann ich|soll ich) (ich )?(sie|euch|jemanden|irgendwen) ~ (erreichen|sprechen|kontaktieren)?', 'ist (da )?(überhaupt )?(jemand|irgendjemand)',
  ],
  thanks: ['danke (schön |sehr |vielmals )?für', 'vielen dank für'],
  sarcasm: [
    'danke auch', 'danke fur nichts', 'vielen dank auch', 'na toll', 'na super', 'na prima', 'wirklich toll gemacht',
    'bravo', 'gluckwunsch', 'herzlichen gluckwunsch', 'ganz großes kino', 'ja klar', 'sicher doch',
  ],
  irony: ['na toll', 'toll', 'super', 'danke', 'prima', 'klasse', 'wahnsinn', 'herrlich', 'na klasse'],
  calm: [
    'keine eile', 'nicht eilig', 'es nicht eilig', 'hat keine eile', 'keine beanstandung*', 'ich beschwere mich nicht', 'keine probleme', 'kein problem',
    'alles gut', 'alles in ordnung', 'selbst schuld', 'mein fehler', 'vertan', 'sorry fur die umstande', 'entschuldigen sie die verspatung',
    'ich ziehe', 'ziehe (im|nach)', 'nur gern verstehen', 'was passiert (eigentlich )?, wenn', 'was passiert', 'frage vor', 'nichts zu verbessern',
    'hat sich (voll )?gelohnt', 'wie erwartet', 'gar nicht schlecht', 'nicht schlecht', 'keine probleme mit',
  ],
  polite: ['konnte ich', 'konnten sie', 'ware es moglich', 'rechtsabteilung', 'unser anwalt', 'unsere (juristen|rechtsabteilung)', 'es geht um eine', 'weihnachtsfeier'],
  signals: {
    manager_request: [
      '(sprechen|reden) ~ (vorgesetzt*|chef*|*leiter*|*leitung|geschaftsfuhr*|manager*|jemandem, der ahnung)', '(verbinden|stellen) sie mich ~ (vorgesetzt*|chef*|*leiter*)',
      '(ruckruf|anruf) (durch|vom|von) (den |dem |der )?(*leiter*|vorgesetzt*|chef*)', 'mit dem (*leiter|chef|vorgesetzten|geschaftsfuhrer)', 'verlange ~ (vorgesetzt*|chef*|*leiter*)',
      'mit (ihrem|ihrer|dem|der|einem|einer|eurem|eurer|ihren) (vorgesetzt*|chef*|*leiter*|*leitung|geschaftsfuhr*|manager*|supervisor*) ~ (sprechen|reden|verbinden|telefonieren)',
    ],
    credibility: [
      'lug*', 'lugen', 'gelogen', 'lugner', 'erzahlt hier unsinn', 'unsinn', 'quatsch', 'inkompetent*', 'unfahig*', 'keine ahnung', 'ahnungslos',
      'textbausteine*', 'nur (vom )?skript', 'ablesen', 'jemandem, der ahnung hat', 
      'wer hat die eingestellt', 'stumpfsinn', 'erfinden', 'erfunden', 'glaube (ihnen )?kein wort',
    ],
    profanity: [
      '*scheiß*', '*scheiss*', 'scheiß*', 'verdammt*', 'verfluch*', 'mist', 'kacke', 'arsch*', 'idiot*', 'vollpfost*', 'vollidiot*', 'depp*',
      'trottel*', 'penner', 'spinner', 'kuh', 'dumme kuh', 'wichser', 'fick*', 'drecks*', 'beleidig*', 'beschimpf*', 'pfeifen', 'clowns?', 'hampelmann',
    ],
    threat: [
      'ungemutlich', 'aufzuraumen', 'aufraumen', 'werden sie bereuen', 'bereuen', 'komme ich personlich vorbei', 'personlich vorbei', 'dann knallt',
      'passiert was', 'ich weiß, wo', 'umbringen', 'abstechen', 'schlage ~ zusammen', 'dann gnade',
    ],
    legal: [
      'anwalt*', 'rechtsanwalt*', 'rechtsabteilung', 'vor gericht', 'gerichtlich*', '*gericht', 'zu gericht', 'klage*', 'verklag*', 'mahnverfahren', 'verbraucherzentrale*', 'verbraucherschutz*',
      'schlichtungsstelle*', 'ombuds*', 'bafin', 'bundesnetzagentur', 'gesundheitsamt', 'ordnungsamt', 'gewerbeaufsicht', 'lastschrift* zuruck*',
      'ruckbuchung', 'chargeback', 'rechtliche schritte', 'juristisch*', 'datenschutzbehorde', 'luftfahrt-bundesamt', 'aufsichtsbehorde*',
    ],
    churn: [
      'kundige', 'kundigen', 'gekundigt', 'kundigung', 'vertrag ~ kundig*', 'bin ich weg', 'wechseln (zu|zum)', 'wechsle (zu|zum)', 'zu einem anderen anbieter',
      'anderen anbieter', '(lizenz|vertrag|abo) nicht verlangern', 'nicht verlangern', 'nie wieder', 'wir kommen nicht wieder', 'komme nicht wieder', 'nicht mehr (bestellen|kommen|kaufen)',
      'konto auflosen', 'zur konkurrenz',
    ],
    public: [
      '(poste|posten|schreibe|erzahle|teile|veroffentliche) ~ (jeden tag|google*|bewertung*|facebook|instagram|tiktok|presse|zeitung|internet|allen|uberall)',
      '(an die|zur|in die|der|die) (presse|medien|zeitung)', 'an (die )?*zeitung', '(an|einem|den|die) journalist*', '(ans|zum|ins) fernsehen', 'google-bewertung', 'bewertung (schreiben|abgeben)', 'trustpilot', 'ab jetzt jeden tag',
    ],
    repeat_contact: [
      '(schreibe|rufe|melde) ~ (zum )?(zweiten|dritten|vierten|funften|zehnten|x-ten|wievielten) mal', 'zum (zweiten|dritten|vierten|funften|zehnten|x-ten) mal (an|angerufen|geschrieben)',
      '(zweite|dritte|vierte|funfte|zehnte) (nachricht|mail|e-mail|beschwerde|anfrage|erinnerung)', '(funfte|vierte|dritte) beschwerde',
      '(versichert|gesagt|angerufen|geschrieben|bestatigt|zugesagt) ~ (zweimal|dreimal|viermal|mehrfach|mehrmals|x-mal|\\d+ mal)', '(zweimal|dreimal|viermal|mehrfach|mehrmals) ~ (am telefon|angerufen|geschrieben|versichert)',
      'jedes mal heißt es', 'wei(ß|ss) (ehrlich gesagt )?nicht mehr, an wen', 'wieder und wieder',
    ],
    waiting: [
      'seit (\\d+|zwei|drei|vier|funf|sechs|sieben|zehn|einer|einem|mehreren|ner|nem) ~ (minut*|stund*|tag*|woche*|monat*)', 'seit (montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|gestern|wochen|tagen|monaten|stunden)',
      '(\\d+|eine|zwei|drei) (stunde|stunden|tage|wochen|monate) (aufs|auf|gewartet|warten)', '(nach|vor) (zwei|drei|vier|\\d+) (wochen|monaten)', 'immer noch', 'noch immer', 'bis heute nicht',
      'bis heute', 'wo bleibt', 'wann (wird|kommt|bekomme|erhalte)', 'gewartet', 'warte ~ (seit|schon|immer)', 'zugesagt', 'endlich', 'seitdem', 'in zustellung',
      'hang* seit', 'ist seit ~ offen', 'nichts seit',
    ],
    safety: [
      'brandblase*', 'verbrannt*', 'verbrenn*', 'vergiftung*', 'lebensmittelvergift*', 'magen-darm', 'erbroch*', 'ubergeben', 'durchfall', 'fieber', 'krankenhaus*',
      'notaufnahme', 'notarzt', 'verletz*', 'geschnitten', 'blut*', 'allerg*', 'ins auge', 'qualm*', 'rauch*', 'funken', 'verschmort', 'brand', 'feuer',
      'stromschlag', 'gefahrlich', 'lebensgefahr*', 'scharfe kanten',
    ],
  },
};
