// Rows that PostgreSQL answered as JSON (row_to_json, json_agg) turned back into the rows
// Drizzle would have returned for the same table: so one statement can read a table and
// its children at once (the case view), and the code above still gets Dates and numbers.
import { Column, getTableColumns, type InferSelectModel, type Table } from 'drizzle-orm';

/** A table's columns: property keys, column names, and the column to decode with (null: taken as it is). */
interface Decoder {
  keys: string[];
  names: string[];
  columns: (Column | null)[];
  /** Which columns are timestamps read as Dates (rowFromJsonIso writes them as ISO text instead). */
  times: boolean[];
}
const decoders = new WeakMap<Table, Decoder>();

function decoderOf(table: Table): Decoder {
  let d = decoders.get(table);
  if (!d) {
    d = { keys: [], names: [], columns: [], times: [] };
    for (const [key, c] of Object.entries(getTableColumns(table))) {
      d.keys.push(key);
      d.names.push(c.name);
      // JSON and JSONB values arrive already parsed inside the JSON: never parse them twice.
      // Columns Drizzle takes as they come (text, uuid, integer…) need no call either.
      const passThrough = c.columnType === 'PgJsonb' || c.columnType === 'PgJson' || c.mapFromDriverValue === Column.prototype.mapFromDriverValue;
      d.columns.push(passThrough ? null : c);
      d.times.push(c.columnType === 'PgTimestamp');
    }
    decoders.set(table, d);
  }
  return d;
}

/** One row of `table` from its JSON (keys are column names), as Drizzle's select would give it. */
export function rowFromJson<T extends Table>(table: T, json: Record<string, unknown>): InferSelectModel<T> {
  const { keys, names, columns } = decoderOf(table);
  const out: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) {
    const v = json[names[i]!];
    const column = columns[i];
    out[keys[i]!] = v === null || v === undefined ? null : column ? column.mapFromDriverValue(v) : v;
  }
  return out as InferSelectModel<T>;
}

/** rowFromJson for a JSON array (json_agg; null when there were no rows). */
export function rowsFromJson<T extends Table>(table: T, json: Record<string, unknown>[] | null): InferSelectModel<T>[] {
  return (json ?? []).map((r) => rowFromJson(table, r));
}

/** A row whose timestamps are ISO 8601 text (as Date.toISOString writes them) instead of Dates. */
export type IsoRow<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

/**
 * PostgreSQL's JSON text of a timestamptz in UTC ("2026-12-06T14:01:51.394377+00:00"), the
 * only form isoFromJson rewrites itself; the fraction is cut to milliseconds as Date's
 * parser cuts it (it does not round).
 */
const PG_UTC = /^([1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?\+00:00$/;

/**
 * The ISO text Date.toISOString gives for a timestamp as PostgreSQL writes it in JSON, without
 * making the Date: in UTC the text is rearranged; any other form (another time zone, a
 * timestamp without one) goes through the column's own Date.
 */
export function isoFromJson(column: Column, text: string): string {
  const m = PG_UTC.exec(text);
  if (!m) return (column.mapFromDriverValue(text) as Date).toISOString();
  const f = m[2];
  return `${m[1]}.${f === undefined ? '000' : f.length >= 3 ? f.slice(0, 3) : f.length === 2 ? `${f}0` : `${f}00`}Z`;
}

/**
 * rowFromJson for a row that is only shown (the case view): its timestamps come as the ISO
 * text the answer carries (isoFromJson), not as Dates to be written back as text; a case
 * view has a hundred of them.
 */
export function rowFromJsonIso<T extends Table>(table: T, json: Record<string, unknown>): IsoRow<InferSelectModel<T>> {
  const { keys, names, columns, times } = decoderOf(table);
  const out: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) {
    const v = json[names[i]!];
    const column = columns[i];
    out[keys[i]!] = v === null || v === undefined ? null : !column ? v : times[i] && typeof v === 'string' ? isoFromJson(column, v) : column.mapFromDriverValue(v);
  }
  return out as IsoRow<InferSelectModel<T>>;
}

/** rowFromJsonIso for a JSON array (json_agg; null when there were no rows). */
export function rowsFromJsonIso<T extends Table>(table: T, json: Record<string, unknown>[] | null): IsoRow<InferSelectModel<T>>[] {
  return (json ?? []).map((r) => rowFromJsonIso(table, r));
}
