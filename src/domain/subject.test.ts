import { describe, expect, it } from 'vitest';
import { deriveSubject } from './subject.ts';

describe('a subject from what the customer said', () => {
  it('is the first sentence, with its own punctuation', () => {
    expect(deriveSubject('Only 700 of the 1000 bags are ready!!! The fair starts tomorrow.')).toBe('Only 700 of the 1000 bags are ready!!!');
    expect(deriveSubject('Где мой заказ? Жду уже неделю.')).toBe('Где мой заказ?');
  });
  it('is the first non-empty line when there is no sentence end, whitespace collapsed', () => {
    expect(deriveSubject('\n\n  The   invoice has the wrong VAT number\nplease fix')).toBe('The invoice has the wrong VAT number');
  });
  it('cuts a long sentence at a word, within 80 characters', () => {
    const s = deriveSubject('Die Lieferung der bedruckten Taschen für unsere Messe in Riga ist schon wieder verspätet und niemand antwortet am Telefon');
    expect(s!.length).toBeLessThanOrEqual(80);
    expect(s).toBe('Die Lieferung der bedruckten Taschen für unsere Messe in Riga ist schon wieder…');
  });
  it('is nothing for an empty message', () => {
    expect(deriveSubject('   \n ')).toBeNull();
  });
});
