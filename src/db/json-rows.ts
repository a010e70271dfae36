// Rows that PostgreSQL answered as JSON (row_to_json, json_agg) turned back into the rows
// Drizzle would have returned for the same table: so one statement can read a table and
// its children at once (the case view), and the code above still gets Dates and numbers.
import { getTableColumns, type Column, type InferSelectModel, type Table } from 'drizzle-orm';

type Decoder = [key: string, name: string, column: Column, passThrough: boolean][];
const decoders = new WeakMap<Table, Decoder>();

function decoderOf(table: Table): Decoder {
  let d = decoders.get(table);
  if (!d) {
    // JSON and JSONB values arrive already parsed inside the JSON: never parse them twice.
    d = Object.entries(getTableColumns(table)).map(([key, c]) => [key, c.name, c, c.columnType === 'PgJsonb' || c.columnType === 'PgJson']);
    decoders.set(table, d);
  }
  return d;
}

/** One row of `table` from its JSON (keys are column names), as Drizzle's select would give it. */
export function rowFromJson<T extends Table>(table: T, json: Record<string, unknown>): InferSelectModel<T> {
  const out: Record<string, unknown> = {};
  for (const [key, name, column, passThrough] of decoderOf(table)) {
    const v = json[name];
    out[key] = v === null || v === undefined ? null : passThrough ? v : column.mapFromDriverValue(v);
  }
  return out as InferSelectModel<T>;
}

/** rowFromJson for a JSON array (json_agg; null when there were no rows). */
export function rowsFromJson<T extends Table>(table: T, json: Record<string, unknown>[] | null): InferSelectModel<T>[] {
  return (json ?? []).map((r) => rowFromJson(table, r));
}
