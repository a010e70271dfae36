import { describe, expect, it } from 'vitest';
import { compileLexicon } from './compile.ts';
import { LEXICONS } from './lexicon/index.ts';
import { LANGUAGES } from './types.ts';
import { entrySource, fold, foldEntry, foldedRegExp } from './text.ts';
import { wordSpans } from './matcher.ts';

describe('fold', () => {
  it('lower-cases and strips diacritics without changing the length', () => {
    const text = 'ȘTIRI Ātri Größe ÑANDÚ Ёлка ЙОД “quoted” – it’s';
    const folded = fold(text);
    expect(folded).toBe('stiri atri große nandu елка иод "quoted" - it\'s');
    expect(folded.length).toBe(text.length);
  });

  it('folds letters outside the alphabet to ª and other numbers to ², keeping words whole', () => {
    expect(fold('Łódź Ωmega ½ ٣')).toBe('ªodz ªmega ² ²');
    expect(wordSpans(fold('Łódź, ok'))).toEqual([0, 4, 6, 8]);
  });

  it('keeps emoji and folds astral letters pairwise', () => {
    const text = 'ok 😡 𝐀𝐁';
    const folded = fold(text);
    expect(folded.length).toBe(text.length);
    expect(folded.startsWith('ok 😡 ')).toBe(true);
    expect(wordSpans(folded)).toEqual([0, 2, 6, 10]);
  });

  it('rejects lexicon words with letters outside the folded alphabet', () => {
    expect(foldEntry('Straße')).toBe('straße');
    expect(() => foldEntry('łódź')).toThrow(/LETTER_RANGES/);
    expect(() => entrySource('źle ~ łatwo')).toThrow(/LETTER_RANGES/);
  });
});

describe('foldedRegExp', () => {
  it('turns \\p{L} and \\p{N} into classes of the folded alphabet, inside and outside brackets', () => {
    const re = foldedRegExp("(?<![\\p{L}\\p{N}])не[^\\p{L}]+\\p{L}*");
    expect(re.flags).toBe('');
    expect(re.test(fold('Это НЕ работает'))).toBe(true);
    expect(re.test(fold('мне нужно'))).toBe(false);
  });
});

describe('lexicons', () => {
  it('every lexicon (and Russian translit) compiles within the 31-matcher prefilter mask', () => {
    for (const l of LANGUAGES) expect(compileLexicon(LEXICONS[l]).matchers.length).toBeLessThanOrEqual(31);
    expect(compileLexicon(LEXICONS.ru, true).matchers.length).toBeLessThanOrEqual(31);
  });
});
