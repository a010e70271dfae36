// Departed customers (P-4.4, P-4.5): recording who left and why (the one writer of
// a departure), and their return.
import { eq, sql } from 'drizzle-orm';
import { customers } from '../db/schema.ts';
import { type Tx } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { isUuid } from '../cases/case-store.ts';

export type DepartureKind = 'accidental' | 'systemic' | 'unknown';

export interface DepartureInput {
  reason: string;
  /** Accidental or systemic (P-4.4); absent: as recorded before, else unknown until staff judge it. */
  kind?: DepartureKind;
  /** When they left (default now): a contract end date from the books. */
  at?: Date;
  /** Absent: as recorded before (a corrected reason never clears a do-not-contact wish). */
  doNotContact?: boolean;
}

/** Marks a customer as departed (staff, or a contract ending from the books); a second call corrects the reason, kind or date. */
export async function recordDeparture(tx: Tx, customerId: string, input: DepartureInput): Promise<void> {
  if (!isUuid(customerId)) throw new AppError('CUSTOMER_NOT_FOUND', 'no such customer');
  const [row] = await tx
    .update(customers)
    .set({
      status: 'departed',
      departedAt: input.at ?? new Date(),
      departureReason: input.reason,
      departureKind: input.kind ?? sql`coalesce(${customers.departureKind}, 'unknown')`,
      ...(input.doNotContact === undefined ? {} : { doNotContact: input.doNotContact }),
      updatedAt: new Date(),
    })
    .where(eq(customers.id, customerId))
    .returning({ id: customers.id });
  if (!row) throw new AppError('CUSTOMER_NOT_FOUND', 'no such customer');
}

/** The customer came back (P-4.4: an accident often returns in 6–12 months); the departure stays on record. */
export async function recordReturn(tx: Tx, customerId: string): Promise<void> {
  if (!isUuid(customerId)) throw new AppError('CUSTOMER_NOT_FOUND', 'no such customer');
  const [c] = await tx.select({ status: customers.status }).from(customers).where(eq(customers.id, customerId)).for('update');
  if (!c) throw new AppError('CUSTOMER_NOT_FOUND', 'no such customer');
  if (c.status !== 'departed') throw new AppError('CUSTOMER_STATE_CONFLICT', 'this customer has not departed', { status: c.status });
  await tx.update(customers).set({ status: 'active', updatedAt: new Date() }).where(eq(customers.id, customerId));
}

