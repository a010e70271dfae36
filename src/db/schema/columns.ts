// Column helpers every table file shares: timestamps with time zone, money as
// integer minor units, and bytes as they arrived.
import { bigint, customType, timestamp } from 'drizzle-orm/pg-core';

/** A timestamp with time zone, read as a Date. */
export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
/** When the row was created. */
export const createdAt = () => ts('created_at').notNull().defaultNow();
/** Money is always an integer of minor units (cents) plus a currency code. */
export const money = (name: string) => bigint(name, { mode: 'number' });
/** Bytes as they arrived (raw MIME, attachments): bytea, read back as a Buffer on both drivers. */
export const bytes = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (v) => v,
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});
