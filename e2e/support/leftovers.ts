import { Client } from 'pg';

/** A row of some table, in some schema, that holds one of the strings searched for. */
export interface Leftover {
  table: string;
  needle: string;
  rows: number;
}

/**
 * Searches every column of every table of every schema of the database
 * (system catalogs aside) for each string: text, JSON and every other type as
 * text, bytes (the outboxes' messages) as UTF-8 where they are, escaped
 * otherwise. What an erasure must leave nowhere.
 */
export async function findInEveryTable(databaseUrl: string, needles: string[]): Promise<Leftover[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const columns = await client.query<{ table_schema: string; table_name: string; column_name: string; data_type: string }>(
      `SELECT c.table_schema, c.table_name, c.column_name, c.data_type
       FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
       WHERE t.table_type = 'BASE TABLE' AND c.table_schema NOT IN ('pg_catalog', 'information_schema') AND c.table_schema NOT LIKE 'pg\\_%'
       ORDER BY 1, 2, c.ordinal_position`,
    );
    const tables = new Map<string, string[]>();
    for (const c of columns.rows) {
      const table = `"${c.table_schema}"."${c.table_name}"`;
      const column = `"${c.column_name}"`;
      const asText = c.data_type === 'bytea' ? `encode(${column}, 'escape')` : `${column}::text`;
      tables.set(table, [...(tables.get(table) ?? []), asText]);
    }
    const found: Leftover[] = [];
    for (const [table, texts] of tables) {
      for (const needle of needles) {
        const where = texts.map((t) => `strpos(${t}, $1) > 0`).join(' OR ');
        const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, [needle]);
        if (rows[0].n > 0) found.push({ table, needle, rows: rows[0].n });
      }
    }
    return found;
  } finally {
    await client.end();
  }
}
