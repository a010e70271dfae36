// Business settings (/api/v1/settings): read by staff, changed by an admin;
// holidays imported from iCalendar text.
import type { RouteDeps, TypedApp } from '../../app.ts';
import { mutate } from '../../mutate.ts';
import { errorResponses } from '../../schemas.ts';
import { updateSettings } from '../../../settings/update-settings.ts';
import { importHolidays } from '../../../settings/import-holidays.ts';
import { HolidaysBody, HolidaysOut, SettingsBody, SettingsSchema, settingsView } from './schemas.ts';
import { loadSettings } from '../../../settings/business-settings.ts';
import { recordAudit } from '../../../audit/record-audit.ts';
import { auditFrom } from '../../audit-context.ts';

/** The named parts of the settings only: the audit row shows what changed, not the whole document. */
const pick = (view: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, view[k]]));

/** GET/PUT /settings and POST /settings/calendar/holidays. */
export async function settingsRoutes(app: TypedApp, deps: RouteDeps) {
  const currency = deps.services.config.CURRENCY;
  app.get('/api/v1/settings', { config: { permission: 'cases:read' }, schema: { tags: ['admin'], response: { 200: SettingsSchema } } }, async () =>
    settingsView(await loadSettings(deps.database.db), currency),
  );
  app.put(
    '/api/v1/settings',
    { config: { permission: 'settings:manage' }, schema: { tags: ['admin'], body: SettingsBody, response: { 200: SettingsSchema, ...errorResponses } } },
    async (req, reply) =>
      mutate(deps, req, reply, 200, null, async (tx) => {
        const keys = Object.keys(req.body);
        const before = settingsView(await loadSettings(tx), currency);
        const after = settingsView(await updateSettings(tx, currency, req.body), currency);
        await recordAudit(tx, auditFrom(req), { action: 'settings.update', targetType: 'settings', before: pick(before, keys), after: pick(after, keys) });
        return after;
      }),
  );
  app.post(
    '/api/v1/settings/calendar/holidays',
    {
      config: { permission: 'settings:manage' },
      schema: {
        description: 'Import holidays from iCalendar text (VEVENTs with all-day dates; yearly rules expanded); they join the calendar’s holidays.',
        tags: ['admin'],
        body: HolidaysBody,
        response: { 200: HolidaysOut, ...errorResponses },
      },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 200, null, async (tx) => {
        const out = await importHolidays(tx, req.body);
        await recordAudit(tx, auditFrom(req), { action: 'settings.import_holidays', targetType: 'settings', after: { imported: out.imported, holidays: out.holidays } });
        return out;
      }),
  );
}
