import type { Client } from 'pg';

/** When a statement text becomes a named (prepared) statement, and how many one pool names at most. */
export interface PreparedStatementsOptions {
  /** Sightings of a text (with parameters) in the pool before it is named; earlier ones run unnamed. */
  after: number;
  /** Most texts the pool names; texts beyond run unnamed (bounds every connection's prepared statements). */
  most: number;
}

export const DEFAULT_PREPARED_STATEMENTS: PreparedStatementsOptions = { after: 3, most: 200 };

/** SQLSTATEs after which a connection's prepared statement of a text no longer serves and the text runs unnamed there. */
const STALE_STATEMENT = new Set([
  // "cached plan must not change result type": a migration of another replica changed a table a `*` reads.
  '0A000',
  // "prepared statement … does not exist": something between us and the server forgot it (a pooler's DISCARD ALL).
  '26000',
]);

const isStale = (error: unknown): boolean => STALE_STATEMENT.has((error as { code?: string } | null)?.code ?? '');

/** Texts seen before they are named; forgotten wholesale past this many distinct ones (one-off statements). */
const MAX_COUNTED = 10_000;

type QueryCallback = (error: Error | null, result?: unknown) => void;

/**
 * A subclass of node-postgres's Client (for a pool's `Client` option) that runs the pool's recurring statements as named
 * prepared statements: Postgres parses, analyses and rewrites each once per connection, then only plans it for each
 * execution's values (the connection runs with plan_cache_mode = force_custom_plan; see the constructor). Our
 * statements are a few dozen fixed texts with parameters, run thousands of times (ARCHITECTURE.md, "Prepared
 * statements").
 *
 * Only texts with parameters are named (TypeORM sends BEGIN, COMMIT and the like without, over the simple protocol),
 * only once the pool has seen a text `after` times (a migration's statements never are), and at most `most`
 * texts, so a text built with a varying literal cannot fill the server's memory. A name is the text's number in the
 * pool, so every connection of the pool uses the same one. A connection whose statement went stale (see
 * STALE_STATEMENT) runs that text unnamed from then on; the failed statement's error reaches the caller, whose work
 * is retried as for any failed statement.
 */
export function preparingClient(Base: typeof Client, options: PreparedStatementsOptions = DEFAULT_PREPARED_STATEMENTS): typeof Client {
  const seen = new Map<string, number>();
  const names = new Map<string, string>();

  const nameOf = (text: string): string | undefined => {
    const name = names.get(text);
    if (name !== undefined || names.size >= options.most) return name;
    const count = (seen.get(text) ?? 0) + 1;
    if (count < options.after) {
      if (seen.size >= MAX_COUNTED) seen.clear();
      seen.set(text, count);
      return undefined;
    }
    seen.delete(text);
    const named = `cairn_${names.size + 1}`;
    names.set(text, named);
    return named;
  };

  class PreparingClient extends Base {
    /** Names of statements this connection runs unnamed since they went stale here. */
    readonly stale = new Set<string>();

    constructor(config?: unknown) {
      super(config as ConstructorParameters<typeof Client>[0]);
      // Plans stay made for each execution's values: a generic plan is made once, with the statistics of that
      // moment, and kept. The bench showed why not: plans cached while the tables were new went on scanning a
      // workspace's rows after they had grown (memberships by user 0.02 → 0.18 ms, user states 0.36 ms).
      const parameters = (this as unknown as { connectionParameters: { options?: string } }).connectionParameters;
      parameters.options = [parameters.options, '-c plan_cache_mode=force_custom_plan'].filter(Boolean).join(' ');
    }
  }

  // Client.query's overloads (text or config, values, callback or promise) are kept by passing everything on; only a
  // recurring text with values is swapped for a named config. The base's query is looked up at each call, so a
  // wrapper installed on it later (OpenTelemetry's pg instrumentation) still runs.
  const base = Base.prototype as unknown as { query: (this: Client, ...args: unknown[]) => unknown };
  PreparingClient.prototype.query = function (this: PreparingClient, config: unknown, values?: unknown, callback?: unknown): unknown {
    const query = base.query;
    const name = typeof config === 'string' && Array.isArray(values) && values.length > 0 ? nameOf(config) : undefined;
    if (name === undefined || this.stale.has(name)) return query.call(this, config, values, callback);
    const named = { name, text: config as string };
    if (typeof callback === 'function') {
      return query.call(this, named, values, (error: Error | null, result?: unknown) => {
        if (isStale(error)) this.stale.add(name);
        (callback as QueryCallback)(error, result);
      });
    }
    return (query.call(this, named, values) as Promise<unknown>).catch((error: unknown) => {
      if (isStale(error)) this.stale.add(name);
      throw error;
    });
  } as unknown as Client['query'];

  return PreparingClient;
}
