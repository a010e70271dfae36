// The category suggester: honest and simple — the starter category with most stem hits, none without.
import { describe, expect, it } from 'vitest';
import { suggestCategory } from './category-suggester.ts';

describe('suggestCategory', () => {
  it('finds the category by its stems in each language', () => {
    expect(suggestCategory('The parcel never arrived, the courier says it was delivered', 'en')).toBe('delivery');
    expect(suggestCategory('Die Rechnung ist falsch, Sie haben zweimal abgebucht', 'de')).toBe('billing');
    expect(suggestCategory('Продавец был груб и хамил мне', 'ru')).toBe('staff');
    expect(suggestCategory('Am așteptat două ore la coadă', 'ro')).toBe('waiting');
    expect(suggestCategory('Tuote on rikki ja laatu huono', 'fi')).toBe('product');
    expect(suggestCategory('Piegāde kavējas jau nedēļu', 'lv')).toBe('delivery');
    expect(suggestCategory('La garantía no cubre la devolución', 'es')).toBe('policy');
  });
  it('suggests nothing when nothing matches, or for an unknown language', () => {
    expect(suggestCategory('Hello there', 'en')).toBeNull();
    expect(suggestCategory('', 'en')).toBeNull();
    expect(suggestCategory('The parcel is late', 'xx')).toBeNull();
  });
  it('reads a long text in one pass', () => {
    expect(suggestCategory('lorem ipsum '.repeat(50_000) + ' refund', 'en')).toBeNull();
  });
});
