// Rows that PostgreSQL answered as JSON (row_to_json, json_agg) turned back into the rows
// Drizzle would have returned for the same table: so one statement can read a table and
// its children at once (the case view), and the code above still gets Dates and numbers.
import { Column, getTableColumns, type InferSelectModel, type Table } from 'drizzle-orm';

/** A table's columns: property keys, column names, and the column to decode with (null: taken as it is). */
interface Decoder {
  keys: string[];
  names: string[];
  columns: (Column | null)[];
}
const decoders = new WeakMap<Table, Decoder>();

function decoderOf(table: Table): Decoder {
  let d = decoders.get(table);
  if (!d) {
    d = { keys: [], names: [], columns: [] };
    for (const [key, c] of Object.entries(getTableColumns(table))) {
      d.keys.push(key);
      d.names.push(c.name);
      // JSON and JSONB values arrive already parsed inside the JSON: never parse them twice.
      // Columns Drizzle takes as they come (text, uuid, integer…) need no call either.
      const passThrough = c.columnType === 'PgJsonb' || c.columnType === 'PgJson' || c.mapFromDriverValue === Column.prototype.mapFromDriverValue;
      d.columns.push(passThrough ? null : c);
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
