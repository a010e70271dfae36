// Bodies and answers of the moves on a case: messages, assignment,
// restatement, options, commitments, compensation, status moves.
import { z } from 'zod';
import { IsoDate, MoneySchema } from '../../schemas.ts';
import { CHANNELS } from '../../../domain/channels.ts';
import { COMPENSATION_KINDS, FAULTS } from '../../../cases/grant-compensation.ts';

export const WarningOut = z.object({ code: z.string(), rule: z.string(), message: z.string() });
export const MessageBody = z.object({
  direction: z.enum(['inbound', 'outbound']),
  channel: z.enum(CHANNELS).default('email'),
  body: z.string().trim().min(1).max(100_000),
  subject: z.string().trim().max(500).optional(),
  apology: z.boolean().optional(),
});
export const MessageOut = z.object({
  id: z.string(),
  warnings: z.array(WarningOut),
  detection: z.object({ dissatisfied: z.boolean(), score: z.number(), intensity: z.number() }).nullable(),
});
export const ReplyCheckBody = z.object({ body: z.string().max(100_000), channel: z.enum(CHANNELS).default('email') });

export const AssignBody = z.object({ ownerId: z.uuid(), reason: z.string().max(2000).optional() });
export const RestatementBody = z.object({ text: z.string().trim().min(1).max(10_000) });
export const ConfirmBody = z.union([
  z.object({ confirmed: z.literal(true), note: z.string().trim().min(1).max(2000) }),
  z.object({ confirmed: z.literal(false), correction: z.string().trim().min(1).max(10_000), note: z.string().max(2000).optional() }),
]);
export const OptionsBody = z.object({
  options: z
    .array(z.object({ title: z.string().trim().min(1).max(500), description: z.string().trim().max(5000).optional(), cost: MoneySchema.optional() }))
    .min(1)
    .max(20),
  reason: z.string().trim().max(2000).optional().describe('why fewer than three options (P-2.9)'),
});
export const CommitmentBody = z.object({ description: z.string().trim().min(1).max(2000), dueAt: IsoDate, ownerId: z.uuid().optional() });
export const CommitmentOut = z.object({ id: z.string(), description: z.string(), dueAt: z.string(), status: z.string(), completedAt: z.string().nullable() });
export const CompensationBody = z.object({
  kind: z.enum(COMPENSATION_KINDS),
  value: MoneySchema,
  description: z.string().trim().min(1).max(2000),
  cost: MoneySchema.optional(),
  fault: z.enum(FAULTS).optional().describe('recorded for learning; never a reason to refuse (P-3.1)'),
  bonusValidMonths: z.number().int().min(1).max(6).optional().describe('for a bonus: how long it lasts (P-3.5)'),
});
export const ResolveBody = z.object({ summary: z.string().trim().max(5000).optional(), followUpDays: z.number().int().min(1).max(365).optional() }).default({});
export const Reason = z.object({ reason: z.string().trim().max(2000).optional() }).default({});
export const RequiredReason = z.object({ reason: z.string().trim().min(1).max(2000) });

