// What the customer sees behind their portal link, and what they may send.
import { z } from 'zod';
import { CASE_STATUSES } from '../../../domain/case-lifecycle.ts';
import { MoneySchema } from '../../schemas.ts';

/** The portal token in the path. */
export const TokenParams = z.object({ token: z.string().min(1).max(200) });

/** The case as the customer sees it in the portal. */
export const PortalSchema = z
  .object({
    caseNumber: z.string(),
    status: z.enum(CASE_STATUSES),
    language: z.string(),
    subject: z.string().nullable(),
    customerName: z.string().nullable(),
    owner: z.object({ name: z.string() }).nullable(),
    praisedOwner: z.boolean().describe('the customer has praised the person handling the case (P-4.8)'),
    restatement: z.object({ text: z.string(), status: z.string(), correction: z.string().nullable() }).nullable(),
    options: z.array(z.object({ id: z.string(), title: z.string(), description: z.string().nullable(), chosen: z.boolean() })),
    offers: z.array(
      z.object({
        id: z.string(),
        status: z.string(),
        gift: z.object({ description: z.string(), value: MoneySchema }),
        bonus: z.object({ value: MoneySchema, expiresAt: z.string().nullable() }),
        choice: z.string().nullable(),
      }),
    ),
    commitments: z.array(z.object({ description: z.string(), dueAt: z.string(), status: z.string() })),
    compensations: z.array(z.object({ kind: z.string(), value: MoneySchema, description: z.string() })),
    messages: z.array(z.object({ direction: z.string(), kind: z.string(), subject: z.string().nullable(), body: z.string(), at: z.string().nullable() })),
    rating: z.object({ score: z.number() }).nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'PortalView' });

/** An oral confirmation with a note, or a correction (P-2.4). */
export const ConfirmBody = z.union([z.object({ confirmed: z.literal(true) }), z.object({ confirmed: z.literal(false), correction: z.string().trim().min(1).max(10_000) })]);
/** The customer’s pick: an option, or gift or bonus of an offer. */
export const ChooseBody = z.union([z.object({ optionId: z.string().min(1).max(100) }), z.object({ offer: z.enum(['gift', 'bonus']) })]);
/** A message from the customer. */
export const PortalMessageBody = z.object({ body: z.string().trim().min(1).max(20_000) });
/** The customer’s rating of the handling (CSAT 1–5), with praise for an employee (P-4.8). */
export const RatingBody = z.object({
  score: z.number().int().min(1).max(5),
  comment: z.string().trim().max(5000).optional(),
  praisedUserId: z.string().max(100).optional().describe('an employee the customer wants to praise (P-4.8)'),
});
