// The catalog of amends (/api/v1/catalog, P-3.2): items in their order,
// presets by kind of business, adding and editing (admin).
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { mutate } from '../../mutate.ts';
import { errorResponses, IdParams } from '../../schemas.ts';
import { addCatalogItem, catalogView, editCatalogItem, listCatalog, loadPreset } from '../../../compensation/catalog.ts';
import { CATALOG_PRESETS, PRESET_NAMES } from '../../../domain/economics.ts';
import { CatalogItemSchema, ItemBody, paging, PresetsSchema } from './schemas.ts';
import { recordAudit } from '../../../audit/record-audit.ts';
import { auditFrom } from '../../audit-context.ts';

/** GET/POST /catalog, PATCH /catalog/:id, GET /catalog/presets, POST /catalog/presets/:preset. */
export async function catalogRoutes(app: TypedApp, deps: RouteDeps) {
  const currency = deps.services.config.CURRENCY;
  const read = { permission: 'cases:read' as const };
  const admin = { permission: 'settings:manage' as const };
  const Page = z.object({ items: z.array(CatalogItemSchema), nextCursor: z.string().nullable() });
  app.get(
    '/api/v1/catalog',
    {
      config: read,
      schema: {
        description: 'The catalog of amends in its order; `all=true` includes inactive items.',
        tags: ['economics'],
        querystring: z.object({ all: z.enum(['true', 'false']).default('false'), ...paging(100) }),
        response: { 200: Page, ...errorResponses },
      },
    },
    async (req) => listCatalog(deps.database.db, { all: req.query.all === 'true', cursor: req.query.cursor, limit: req.query.limit }),
  );
  app.get(
    '/api/v1/catalog/presets',
    { config: read, schema: { description: 'Presets by kind of business (P-3.2).', tags: ['economics'], response: { 200: PresetsSchema } } },
    async () => ({ presets: CATALOG_PRESETS }),
  );
  app.post(
    '/api/v1/catalog/presets/:preset',
    {
      config: admin,
      schema: {
        description: 'Adds a preset’s items to the catalog (items of that preset already there are kept as edited).',
        tags: ['economics'],
        params: z.object({ preset: z.enum(PRESET_NAMES as [string, ...string[]]) }),
        response: { 200: z.object({ added: z.number(), items: z.array(CatalogItemSchema), nextCursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 200, null, async (tx) => {
        const { added } = await loadPreset(tx, currency, req.params.preset);
        await recordAudit(tx, auditFrom(req), { action: 'catalog.change', targetType: 'catalog', targetId: `preset:${req.params.preset}`, after: { added } });
        return { added, ...(await listCatalog(tx, { all: true, limit: 200 })) };
      }),
  );
  app.post(
    '/api/v1/catalog',
    { config: { ...admin, idempotent: true }, schema: { tags: ['economics'], body: ItemBody, response: { 201: CatalogItemSchema, ...errorResponses } } },
    async (req, reply) =>
      mutate(deps, req, reply, 201, null, async (tx) => {
        const item = catalogView(await addCatalogItem(tx, currency, req.body));
        await recordAudit(tx, auditFrom(req), { action: 'catalog.change', targetType: 'catalog_item', targetId: item.id, after: item });
        return item;
      }),
  );
  app.patch(
    '/api/v1/catalog/:id',
    { config: admin, schema: { tags: ['economics'], params: IdParams, body: ItemBody.partial(), response: { 200: CatalogItemSchema, ...errorResponses } } },
    async (req, reply) =>
      mutate(deps, req, reply, 200, null, async (tx) => {
        const item = catalogView(await editCatalogItem(tx, currency, req.params.id, req.body));
        await recordAudit(tx, auditFrom(req), { action: 'catalog.change', targetType: 'catalog_item', targetId: item.id, after: item });
        return item;
      }),
  );
}
