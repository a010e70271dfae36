// Language-independent tone cues of P-1.2: piled punctuation, capitals, emoji.
import type { Highlight } from './types.ts';

/** Tone evidence that does not depend on the language. */
export interface ToneCues {
  negEmoji: number;
  posEmoji: number;
  ironyEmoji: boolean;
  questionPile: number;
  exclaimPile: number;
  capsWords: number;
  shouting: boolean;
}

// Emoji, and the text emoticons people type instead (":(", ":-/", "D:", ">:(", Russian "(((" and ")))").
// Links are blanked before this runs (links.ts), so "https://" is no ":/".
const NEG_EMOJI_RE =
  /😡|🤬|👎|😠|😤|🙄|🥶|🤢|🤮|💩|😒|😞|😢|😭|🤦|😩|😫|😖|😣|💔|😑|😾|🖕|☹️?|🙁|(?<![\p{L}\p{N}:;=])>?[:;=]'?-?(?:\(+|\[|\/(?![\/\p{L}\p{N}])|\\|\|(?!\|)|c(?![\p{L}]))|(?<![\p{L}\p{N}])D-?:(?![\p{L}\p{N}\/])|\({3,}/gu;
const POS_EMOJI_RE =
  /😊|👍|😍|❤️?|🙌|🔥|🥰|😁|😀|😃|😄|😘|💯|🤩|💕|💖|💗|👌|🎉|🥳|☺️?|😋|✨|💪|🙏|😂|🤣|⭐|(?<![\p{L}\p{N}:;=])[:;=]-?(?:\)+|\]|D(?![\p{L}]))|<3|\){3,}|(?<![\p{L}])xD(?![\p{L}])/gu;
const IRONY_EMOJI_RE = /🙃|🤡|🦌|😏/u;
const QUESTION_PILE_RE = /\?{2,}|\?+!+\?*|!+\?+|¿{2,}/g;
const EXCLAIM_PILE_RE = /!{2,}|¡{2,}/g;
const CAPS_WORD_RE = /(?<![\p{L}])\p{Lu}{3,}(?![\p{L}])/gu;
const CASED_LETTER_RE = /\p{Lu}|\p{Ll}/gu;

function collect(re: RegExp, text: string, kind: string, out: Highlight[]): number {
  re.lastIndex = 0;
  let n = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    n++;
    out.push({ text: m[0], start: m.index, end: m.index + m[0].length, kind });
  }
  return n;
}

/**
 * Could the text hold a word of three or more capitals? Every upper-case letter differs from its
 * folded form, so a capitals word needs three differing characters in a row: a cheap exact
 * pre-check that spares the Unicode regex on most messages.
 */
function mayHaveCapsWord(text: string, folded: string): boolean {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === folded.charCodeAt(i)) run = 0;
    else if (++run >= 3) return true;
  }
  return false;
}

/** Finds punctuation, capitals and emoji cues and records them as highlights (`folded` = fold(text)). */
export function toneCues(text: string, folded: string, highlights: Highlight[]): ToneCues {
  const negEmoji = collect(NEG_EMOJI_RE, text, 'emoji_negative', highlights);
  const posEmoji = collect(POS_EMOJI_RE, text, 'emoji_positive', highlights);
  const questionPile = collect(QUESTION_PILE_RE, text, 'punctuation', highlights);
  const exclaimPile = collect(EXCLAIM_PILE_RE, text, 'punctuation', highlights);
  const before = highlights.length;
  const capsWords = mayHaveCapsWord(text, folded) ? collect(CAPS_WORD_RE, text, 'caps', highlights) : 0;
  let shouting = false;
  if (capsWords >= 2) {
    let upper = 0;
    let cased = 0;
    CASED_LETTER_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = CASED_LETTER_RE.exec(text)) !== null) {
      cased++;
      if (m[0] !== m[0].toLowerCase()) upper++;
    }
    shouting = cased >= 8 && upper / cased >= 0.6;
    if (!shouting && capsWords < 2) highlights.length = before;
  }
  return { negEmoji, posEmoji, ironyEmoji: IRONY_EMOJI_RE.test(text), questionPile, exclaimPile, capsWords, shouting };
}
