// The desk's small pure pieces (issue 13): routine timeline events fold into
// groups, intake-written subjects and preset catalog names are shown in the
// reader's language, a customer's over-long text is refused with the limit in
// their language, and the desk's strings exist in all seven languages.
import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { groupEntries, isRoutine } from '../../web/src/staff/case-timeline-groups.ts';
import { subjectText } from '../../web/src/staff/subject.ts';
import { catalogName } from '../../web/src/staff/catalog-name.ts';
import { customerError, overLimit, LIMITS } from '../../web/src/customer/limits.ts';
import { ApiError } from '../../web/src/api.ts';
import { LANGUAGES } from '../../src/domain/languages.ts';
import en from '../../web/src/i18n/en.json' with { type: 'json' };
import de from '../../web/src/i18n/de.json' with { type: 'json' };
import es from '../../web/src/i18n/es.json' with { type: 'json' };
import fi from '../../web/src/i18n/fi.json' with { type: 'json' };
import lv from '../../web/src/i18n/lv.json' with { type: 'json' };
import ro from '../../web/src/i18n/ro.json' with { type: 'json' };
import ru from '../../web/src/i18n/ru.json' with { type: 'json' };

const BUNDLES: Record<string, Record<string, unknown>> = { en, de, es, fi, lv, ro, ru };
// The global instance, set up as the app does (web/src/i18n/index.ts): limits.tsx reads its language.
const i18n = i18next;
await i18n.init({ lng: 'lv', fallbackLng: 'en', interpolation: { escapeValue: false }, resources: Object.fromEntries(Object.entries(BUNDLES).map(([k, v]) => [k, { translation: v }])) });
const t = i18n.t.bind(i18n);

type Ev = Parameters<typeof isRoutine>[0];
const ev = (id: string, type: string, actor = 'system', internal = false): Ev => ({ id, type, at: `2026-12-01T10:00:0${id}Z`, actor: { type: actor, id: null }, data: {}, internal }) as unknown as Ev;

describe('the desk, pure parts', () => {
  it('consecutive routine events fold into one group; a person\'s move, a message or a lone routine event stays itself', () => {
    const entries = [
      { at: '1', key: 'e1', event: ev('1', 'case_opened') },
      { at: '2', key: 'e2', event: ev('2', 'detection_scored') },
      { at: '3', key: 'e3', event: ev('3', 'clock_met') },
      { at: '4', key: 'e4', event: ev('4', 'acknowledgement_delivered') },
      { at: '5', key: 'm1', message: { id: 'm1' } as never },
      { at: '6', key: 'e6', event: ev('6', 'clock_warning') },
      { at: '7', key: 'e7', event: ev('7', 'owner_assigned', 'staff') },
      { at: '8', key: 'e8', event: ev('8', 'note_added', 'staff', true) },
    ];
    const g = groupEntries(entries);
    expect(g.map((x: (typeof g)[number]) => (Array.isArray(x) ? x.map((e) => e.key).join('+') : x.key))).toEqual(['e1', 'e2+e3+e4', 'm1', 'e6', 'e7', 'e8']);
    expect(isRoutine(ev('9', 'reopened'))).toBe(false);
    expect(isRoutine(ev('9', 'clock_breached', 'staff'))).toBe(true);
  });

  it('subjects intake wrote are shown in the reader\'s language; a customer\'s subject as written', () => {
    expect(subjectText(t, 'Missed call — call back')).toBe('Neatbildēts zvans — atzvanīt');
    expect(subjectText(t, 'Review on google (1/5)')).toBe('Atsauksme vietnē google (1/5)');
    expect(subjectText(t, 'Review on trustpilot')).toBe('Atsauksme vietnē trustpilot');
    expect(subjectText(t, 'Survey detractor: NPS 3/10')).toBe('Aptaujas kritiķis: NPS 3/10');
    expect(subjectText(t, 'Missed call — call back, please')).toBe('Missed call — call back, please');
    expect(subjectText(t, null)).toBe('');
  });

  it('a preset catalog item is named in the reader\'s language; an admin\'s own wording is kept', () => {
    expect(catalogName(t, { name: 'Defective goods re-made', preset: 'manufacturer' })).toBe('Bojātās preces izgatavotas no jauna');
    expect(catalogName(t, { name: 'A bottle of wine', preset: 'restaurant' })).toBe('Vīna pudele');
    expect(catalogName(t, { name: 'Defective goods re-made (2 weeks)', preset: 'manufacturer' })).toBe('Defective goods re-made (2 weeks)');
    expect(catalogName(t, { name: 'Mūsu kafija', preset: null })).toBe('Mūsu kafija');
  });

  it('a text over its limit is refused before sending, and the server\'s refusal names the field and the limit', () => {
    expect(overLimit({ body: 'x'.repeat(LIMITS.body + 1), subject: 'ok' })).toBe('body');
    expect(overLimit({ body: 'x'.repeat(LIMITS.body) })).toBeNull();
    const err = new ApiError(400, 'VALIDATION_FAILED', 'the request is not valid', [{ path: 'body/body', message: 'Too big' }]);
    expect(customerError(t, err, { body: 'y'.repeat(25_000) })).toMatch(/^Lauks “Jūsu sūdzība” ir par garu: ne vairāk kā 20\s000 rakstzīmes/);
    expect(customerError(t, new ApiError(400, 'VALIDATION_FAILED', 'x', [{ path: 'body/email', message: 'Invalid email' }]), { email: 'nav' })).toBe('Lūdzu, pārbaudiet lauku “E-pasts”.');
    expect(customerError(t, new ApiError(429, 'RATE_LIMITED', 'slow down'), {})).toMatch(/Pārāk daudz mēģinājumu/);
    expect(customerError(t, new TypeError('Failed to fetch'), {})).toMatch(/serveri/);
  });

  it('every string of the desk namespace exists in all seven languages (plural forms as each language needs)', () => {
    const keys = (o: unknown, prefix = ''): string[] =>
      Object.entries(o as Record<string, unknown>).flatMap(([k, v]) => (typeof v === 'object' && v ? keys(v, `${prefix}${k}.`) : [`${prefix}${k.replace(/_(zero|one|two|few|many|other)$/, '')}`]));
    const base = [...new Set(keys((en as Record<string, unknown>).desk))].sort();
    expect(base.length).toBeGreaterThan(60);
    for (const lng of LANGUAGES) {
      expect([...new Set(keys(BUNDLES[lng]!.desk))].sort(), lng).toEqual(base);
      const li = i18next.createInstance();
      void li.init({ lng, resources: { [lng]: { translation: BUNDLES[lng]! } }, initImmediate: false } as never);
      for (const n of [0, 1, 2, 5, 21]) expect(li.t('desk.timeline.routine', { count: n }), `${lng} ${n}`).not.toContain('desk.');
    }
  });
});
