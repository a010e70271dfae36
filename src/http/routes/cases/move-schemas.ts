// Bodies and answers of the moves on a case: messages, assignment,
// restatement, options, commitments, compensation, status moves.
import { z } from 'zod';
import { IsoDate, MoneySchema } from '../../schemas.ts';
import { CHANNELS } from '../../../domain/channels.ts';
import { COMPENSATION_KINDS, FAULTS } from '../../../compensation/grant-compensation.ts';

/** A reply checker warning with the playbook rule it comes from. */
export const WarningOut = z.object({ code: z.string(), rule: z.string(), message: z.string() });
/** A message staff record on a case, inbound or outbound. */
export const MessageBody = z.object({
  direction: z.enum(['inbound', 'outbound']),
  channel: z.enum(CHANNELS).default('email'),
  body: z.string().trim().min(1).max(100_000),
  subject: z.string().trim().max(500).optional(),
  apology: z.boolean().optional(),
});
/** The recorded message: the reply checker’s warnings or how an inbound one reads. */
export const MessageOut = z.object({
  id: z.string(),
  warnings: z.array(WarningOut),
  detection: z.object({ dissatisfied: z.boolean(), score: z.number(), intensity: z.number() }).nullable(),
});
/** A draft reply to check before it is sent. */
export const ReplyCheckBody = z.object({ body: z.string().max(100_000), channel: z.enum(CHANNELS).default('email') });

/** The new owner of a case and why: a person moving a case always says why (P-2.4). */
export const AssignBody = z.object({ ownerId: z.uuid(), reason: z.string().trim().min(1).max(2000) });
/** Taking a colleague's case over, and why (P-2.4). */
export const TakeOverBody = z.object({ reason: z.string().trim().min(1).max(2000) });
/** Joining a case as a helper, optionally saying why. */
export const JoinBody = z.object({ reason: z.string().trim().max(2000).optional() }).default({});
/** An internal note: never shown to the customer; @handles and explicit ids mention colleagues. */
export const NoteBody = z.object({
  body: z.string().trim().min(1).max(20_000),
  mentions: z.array(z.uuid()).max(50).optional().describe('user ids mentioned besides the @handles in the body'),
});
/** The note as stored on the timeline. */
export const NoteOut = z
  .object({ id: z.string(), body: z.string(), mentions: z.array(z.object({ id: z.string(), name: z.string() })), at: z.string() })
  .meta({ id: 'Note' });
/** Staff’s restatement of the complaint for the customer to confirm (P-2.3). */
export const RestatementBody = z.object({ text: z.string().trim().min(1).max(10_000) });
/** An oral confirmation with a note, or a correction (P-2.4). */
export const ConfirmBody = z.union([
  z.object({ confirmed: z.literal(true), note: z.string().trim().min(1).max(2000) }),
  z.object({ confirmed: z.literal(false), correction: z.string().trim().min(1).max(10_000), note: z.string().max(2000).optional() }),
]);
/** Resolution options for the customer, and why fewer than three (P-2.9). */
export const OptionsBody = z.object({
  options: z
    .array(z.object({ title: z.string().trim().min(1).max(500), description: z.string().trim().max(5000).optional(), cost: MoneySchema.optional() }))
    .min(1)
    .max(20),
  reason: z.string().trim().max(2000).optional().describe('why fewer than three options (P-2.9)'),
});
/** A promise with its due time and, optionally, who keeps it (P-2.11). */
export const CommitmentBody = z.object({ description: z.string().trim().min(1).max(2000), dueAt: IsoDate, ownerId: z.uuid().optional() });
/** A commitment as the API shows it. */
export const CommitmentOut = z.object({ id: z.string(), description: z.string(), dueAt: z.string(), status: z.string(), completedAt: z.string().nullable() });
/** A compensation to grant, routed for approval above the actor’s authority (P-3.3). */
export const CompensationBody = z.object({
  kind: z.enum(COMPENSATION_KINDS),
  value: MoneySchema,
  description: z.string().trim().min(1).max(2000),
  cost: MoneySchema.optional(),
  fault: z.enum(FAULTS).optional().describe('recorded for learning; never a reason to refuse (P-3.1)'),
  bonusValidMonths: z.number().int().min(1).max(6).optional().describe('for a bonus: how long it lasts (P-3.5)'),
});
/** How the case was resolved and when to follow up. */
export const ResolveBody = z.object({ summary: z.string().trim().max(5000).optional(), followUpDays: z.number().int().min(1).max(365).optional() }).default({});
/** An optional reason (close without resolving, reopen). */
export const Reason = z.object({ reason: z.string().trim().max(2000).optional() }).default({});
/** A reason that must be given (skip a step, pause clocks). */
export const RequiredReason = z.object({ reason: z.string().trim().min(1).max(2000) });

