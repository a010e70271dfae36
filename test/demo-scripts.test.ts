// The demo's prepared scripts (P-4.7): every language has the same roles and situations.
import { describe, expect, it } from 'vitest';
import { DEMO_SCRIPTS } from '../src/demo/learning-demo.ts';
import { LANGUAGES } from '../src/domain/languages.ts';

describe('demo scripts', () => {
  it('cover every language with the same roles and categories', () => {
    expect(Object.keys(DEMO_SCRIPTS).sort()).toEqual([...LANGUAGES].sort());
    const shape = (l: keyof typeof DEMO_SCRIPTS) => DEMO_SCRIPTS[l].map((s) => `${s.role}/${s.category}`);
    for (const l of LANGUAGES) expect(shape(l)).toEqual(shape('en'));
    for (const l of LANGUAGES) for (const s of DEMO_SCRIPTS[l]) expect(s.body.length).toBeGreaterThan(20);
  });
});
