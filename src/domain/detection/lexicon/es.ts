// Spanish lexicon (Spain and Latin America). Data only. Accents are folded (á→a, ñ→n), so
// "todavia" and "todavía" match alike; `*` covers gender/number/verb endings.
import type { Lexicon } from './schema.ts';

/** Spanish cues for P-1.2 scoring and P-1.3 signals. */
export const es: Lexicon = {
  language: 'es',
  francCode: 'spa',
  stopwords: [
    'el', 'la', 'los', 'las', 'un', 'una', 'unos', 'unas', 'y', 'o', 'que', 'de', 'del', 'en', 'por', 'para', 'con', 'sin', 'es', 'son', 'esta',
    'estan', 'estoy', 'fue', 'ha', 'han', 'he', 'hay', 'me', 'mi', 'mis', 'te', 'tu', 'su', 'sus', 'se', 'le', 'les', 'lo', 'nos', 'os',
    'yo', 'usted', 'ustedes', 'vosotros', 'nosotros', 'pero', 'porque', 'cuando', 'donde', 'como', 'cual', 'que', 'qué', 'muy', 'mas', 'más',
    'ya', 'todavia', 'todavía', 'aun', 'otra', 'vez', 'hola', 'gracias', 'buenos', 'buenas', 'dias', 'por favor', 'porfa', 'sigue', 'llevo',
    'al', 'este', 'esto', 'eso', 'ese', 'nada', 'nadie', 'nunca', 'siempre', 'hoy', 'manana', 'ayer', 'si', 'sí', 'tengo', 'tiene', 'tienen',
    'puedo', 'pueden', 'podeis', 'podéis', 'quiero', 'queremos', 'hace', 'desde', 'hasta', 'pedido', 'talla', 'mal', 'bien', 'llego', 'llegan',
  ],
  letters: 'ñáéíóú¿¡',
  names: ['espanol', 'castellano', 'spanish', 'spanisch', 'spaniola', 'spanu', 'espanja*', 'испанск*'],
  negators: ['no', 'ni', 'nunca', 'jamas', 'sin', 'tampoco', 'nada'],
  contrast: ['pero', 'sin embargo', 'aunque', 'eso si'],
  negative: {
    3: [
      // Everyday anger, disgust and insult words (issue 11: missing words).
      'ladron*', 'estafa*', 'estafador*', 'timo', 'timador*', 'robo', 'robaron', 'sinverguenza*', 'verguenza', 'asco', 'asqueros*', 'penos*', 'lamentable*', 'odio', 'indignant*', 'indignad*', 'idiota*', 'imbecil*', 'pesim*',
      'inaceptable', 'vergonzoso', 'verguenza', 'una verguenza', 'indignant*', 'indignad*', 'horrible*', 'pesim*', 'fatal', 'desastre*',
      'desastros*', 'lamentable', 'penoso', 'patetic*', 'estafa*', 'timo', 'timador*', 'ladron*', 'el peor', 'la peor', 'lo peor', 'harto', 'harta',
      'hasta las narices', 'estoy hart*', 'no lo recomiendo', 'no recomiendo', 'evitad', 'eviten', 'huid', 'una tomadura de pelo', 'tomadura de pelo',
      'cachondeo', 'de risa', 'cabread*', 'furios*', 'no hay derecho', 'una puta mierda', 'como puede ser',
    ],
    2: [
      // Sadness, unfairness, ridicule, sloppiness (issue 11: missing words), with their inflections.
      'triste*', 'tristeza', 'injust*', 'ridicul*', 'absurd*', 'estupid*', 'tont*', 'molest*', 'enfadad*', 'enojad*', 'cabread*', 'harto', 'harta', 'hartos', 'decepcion*', 'insatisfech*', 'descontent*', 'malisim*', 'fatal', 'deficiente*', 'grosero*', 'maleducad*', 'irrespetuos*', 'sucio*', 'sucia*', 'roto', 'rota', 'defectuos*',
      'mal', 'malo', 'mala', 'fatal', 'defectuos*', 'se (rompio|rompe|rompieron|estropeo|estropeo)', 'dejo de funcionar', 'roto', 'rota', 'rotos', 'rotas', 'estropead*', 'danad*', 'no funciona', 'no va', 'falla*', 'fallo*',
      'caid*', 'cortes', 'corte de', 'equivocad*', 'incorrect*', 'error*', 'erroneo', 'otra vez', 'de nuevo', 'sigue sin', 'todavia no', 'aun no',
      'nada de nada', 'ni una disculpa', 'ni (abrigo|dinero|respuesta|informacion|agua)', 'sin (internet|luz|agua|respuesta|movil|informacion|cobertura|senal)',
      'nadie (me )?(dice|responde|contesta|sabe|supo)', 'no (me )?(ha|han) (llegado|devuelto|reembolsado|respondido|contestado)', 'no he recibido', 'no lo ha recibido',
      'perdid*', 'bloquead*', 'cobrado (dos veces|de mas)', 'dos veces', 'mal atornillad*', 'frias', 'frio', 'fria', 'de morros', 'borde', 'maleducad*',
      'grosero*', 'molest*', 'enfadad*', 'cabrea*', 'decepcion*', 'decepcionad*', 'frustrad*', 'disgustad*', 'queja*', 'reclamacion*', 'problema*',
      'incidencia*', 'no se ajusta', 'no corresponde', 'no es lo que (queria|pedi)', 'no era lo que', 'de otro color', 'otra talla', 'otro modelo', 'devolver el dinero', 'quiero mi (reembolso|dinero)',
      'reembols*', 'lamentamos', 'lamentablemente', 'por desgracia', 'urgente*', 'cuanto antes', 'un rollo', 'no esta conforme', 'rechaza',
      'penalizacion', 'tirados', 'cierra la sesion', 'estimadas',
    ],
    1: [
      // Impatient questions.
      'hasta cuando', 'cuanto (mas|tiempo) (tengo que|hay que|debo|tenemos que) esperar', 'que (esta|está) pasando',
      'lento', 'lenta', 'tarde', 'retras*', 'caro', 'cara', 'por lo que cuesta', 'esperaba mas', 'cada dos por tres', 'siempre', 'raro', 'no creo que',
      'preocupad*', 'nervios*', 'checar', 'pls', 'casi',
    ],
  },
  positive: {
    2: [
      'excelente*', 'estupend*', 'maravillos*', 'fantastic*', 'genial', 'perfect*', 'increible', 'buenisim*', 'el mejor', 'la mejor', 'lo mejor',
      'recomiendo', 'recomendable', 'muchas gracias', 'mil gracias', 'muchisimas gracias', 'felicit*', 'encantad*', 'enamorad*', 'un encanto',
      'ganas locas', 'merecio la pena', 'vale la pena', 'chapo', 'me habeis ayudado', 'ayudado un monton', 'contenta', 'contento', 
      'de puta madre', 'como un guante', 'con mucho encanto', 'clarisimo', 'no podria estar mas', 'repetire', 'repetiria',
    ],
    1: [
      'gracias', 'bueno', 'buena', 'bien', 'va bien', 'ok', 'vale', 'rapid*', 'amable*', 'majo', 'maja', 'barat*', 'como siempre', 'como esperaba',
       'sin incidencias', 'solucion*', 'resuelto', 'bastante bueno',
    ],
  },
  questions: [
    'quien (paga|va a pagar|se hace cargo|responde) (esto|por esto|de esto)', 'por que (no|nadie|nada|nunca|otra vez|todavia|aun|sigue*)', 'por que ~ (no|nadie|nada)', 'como (puedo|se puede|hago para|podemos) (contactar|hablar|comunicarme|llamar|localizar)', 'hay alguien (ahi|ahí|que)',
  ],
  thanks: ['(muchas |mil )?gracias por'],
  sarcasm: [
    'un aplauso', 'gracias por nada', 'muchas gracias, de verdad', 'bravo', 'ole',
    'enhorabuena por', 'que maravilla de servicio', 'si, claro', 'ya, claro',
  ],
  irony: ['genial', 'gracias', 'perfecto', 'estupendo', 'fantastico', 'maravilloso', 'bravo', 'que bien'],
  calm: [
    'sin prisa', 'no hay prisa', 'no tenemos (ninguna )?prisa', 'ninguna prisa', 'ninguna queja', 'no es una queja', 'no me quejo', 'no pasa nada',
    'sin incidencias', 'culpa mia', 'me he equivocado', 'perdon por (las molestias|el retraso)', 'lo siento', 'me mudo', 'solo quiero entender',
    'solo queria', 'que pasa si', 'pregunto antes', 'nada que mejorar', 'mereci(o|a) la pena la espera', 'nada mal', 'no esta mal', 'todo como esperaba',
  ],
  polite: ['podria (hablar|usted)', 'podria', 'podeis enviar', 'nos la podeis', 'departamento juridico', 'nuestro abogado', 'es para reservar', 'para (una|un) (comunion|boda|evento|cumpleanos)'],
  signals: {
    manager_request: [
      '(hablar|habla*|pase*me|paseme|ponga*me|pongame|comunique*me) ~ (encargad*|supervisor*|jef*|responsable*|gerente*|director*|alguien que sepa)',
      'con (el|la|un|una) (encargad*|supervisor*|jef*|responsable*|gerente*|director*)', '(llame|llamada) ~ (el|la) (responsable|encargad*|jef*|supervisor*)',
      'quiero (una )?hoja de reclamaciones', 'exijo hablar',
    ],
    credibility: [
      'miente*', 'mienten', 'mintiendo', 'mentira*', 'mentiros*', 'incompetent*', 'inutil*', 'no saben lo que hacen', 'no sabe lo que hace', 'leyendo un guion',
      'guion', 'alguien que sepa (de verdad)?', 'como tienen a alguien', 'quien (los|las) contrat*', 'ineptos', 'aficionados', 'os lo inventais', 'se lo inventan',
      'no me creo nada', 'no me esta ayudando',
    ],
    profanity: [
      'joder', 'jodid*', 'mierda*', 'puta*', 'puto*', 'cabron*', 'coño', 'cono', 'gilipollas', 'imbecil*', 'idiota*', 'payaso*', 'capullo*', 'hostia*',
      'me cago', 'cojones', 'chingad*', 'pendej*', 'insulta*', 'insulto*', 'inutiles', 'vergüenza os', 'panda de',
    ],
    threat: [
      'os vais a acordar', 'se va a acordar', 'se va a enterar', 'os vais a enterar', 'me planto (en|alli)', 'voy para alla', 'ire personalmente', 'sabeis donde',
      'se donde', 'os mato', 'lo mato', 'os parto', 'le parto', 'quemo', 'ya vereis', 'ya vera', 'os arrepentireis', 'se arrepentira',
    ],
    legal: [
      'tribunal*', 'juzgado*', 'demanda*', 'denunci*', 'abogad*', 'juridic*', 'profeco', 'consumo', 'omic', 'facua', 'ocu', 'aesa', 'banco de espana',
      'cnmc', 'cnmv', 'sanidad', 'hoja de reclamaciones', 'queja formal ante', 'reclamacion ante', 'via judicial', 'acciones legales', 'defensor del cliente',
      'contracargo',
    ],
    churn: [
      'me doy de baja', 'darme de baja', 'me borro', 'me largo', 'me voy (a|con) (otra|la competencia)', 'cambio de compania', 'otra compania', 'otro proveedor',
      'pasaremos a otro', 'no renovaremos', 'no voy a renovar', 'no vuelvo', 'no volvemos', 'no volveremos', 'nunca mas', 'ni loco', 'ni loca', 'la baja (de|del|por)',
      'solicita la baja', 'cancelar (el|mi) contrato', 'cancelar la cuenta', 'a la competencia',
    ],
    public: [
      '(contare|subir|subire|publicare|pondre|escribire|voy a subir|compartire) ~ (resena*|google|redes|videos?|twitter|tiktok|instagram|todo el mundo|prensa|internet)',
      '(a la|con la|la) prensa', '(a los|los|con los) medios', '(a la|en la|la) television', '(a un|al|los|a los) periodist*', 'resenas de google', 'en redes', 'hasta que alguien de la cara', 'que se entere todo el mundo',
    ],
    repeat_contact: [
      '(es la|por) (segunda|tercera|cuarta|quinta|sexta|enesima) vez que (escribo|llamo|reclamo|contacto|os escribo|les escribo)', '(segunda|tercera|cuarta|quinta|enesima) vez que',
      '(segundo|tercer|cuarto|quinto) (correo|mensaje|email|aviso)', '(segunda|tercera|cuarta|quinta) reclamacion', 'quinta reclamacion',
      '(he llamado|llame|he escrito|confirmaron|dijeron|aseguraron) ~ (dos|tres|cuatro|cinco|seis|varias|muchas|\\d+) veces', '(tres|cuatro|varias) veces por telefono',
      'cada agente', 'cada vez que llamo', 'siempre me dicen', 'ya no se que mas hacer',
    ],
    waiting: [
      '(llevo|llevamos|lleva|desde hace|hace|van|ya van|tardado|tardo|esperando) ~ (\\d+|una|un|dos|tres|cuatro|cinco|seis|siete|diez|varias|varios) (minutos?|horas?|dias?|semanas?|mes(es)?|h)',
      '(\\d+|dos|tres|cuatro|cinco|seis) (horas?|dias|semanas|meses) (esperando|sin)', '\\d+ dias sin', 'mes y medio', 'sigue sin', 'todavia no', 'aun no', 'a la fecha',
      'desde entonces', 'desde el (lunes|martes|miercoles|jueves|viernes|sabado|domingo)', 'cuando me (van a|vais a) (devolver|enviar|pagar)', 'me dijeron que el dia',
      'donde esta mi', 'no se ha actualizado', 'esperando', 'ha tardado', 'tres semanas abierto', 'lleva ~ abierto',
    ],
    safety: [
      'quem(o|ado|adura|aduras)', 'intoxica*', 'gastroenteritis', 'vomit*', 'diarrea', 'fiebre', 'hospital*', 'urgencias', 'ambulancia', 'herid*',
      'cort(e|o) en', 'sangr*', 'alergi*', 'en el ojo', 'humo', 'chispa*', 'incendio', 'fuego', 'descarga electrica', 'peligros*', 'casi se cae',
      'se cayo', 'cuero cabelludo', 'bordes afilados',
    ],
  },
};
