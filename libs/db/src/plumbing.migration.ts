import { QueryRunner } from 'typeorm';

/**
 * Tables every service needs for Cairn's delivery rules, created by each
 * service's first migration in its own schema:
 * - processed_messages: keys of consumed messages already handled, inserted in
 *   the same transaction as the handling (idempotent consumers);
 * - outbox: messages a transaction decided to publish, relayed to Kafka after
 *   it committed.
 */
export async function createPlumbingTables(runner: QueryRunner, schema: string): Promise<void> {
  await runner.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await runner.query(`
    CREATE TABLE ${schema}.processed_messages (
      consumer text NOT NULL,
      key text NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, key)
    )`);
  await runner.query(`CREATE INDEX processed_messages_age ON ${schema}.processed_messages (processed_at)`);
  await runner.query(`
    CREATE TABLE ${schema}.outbox (
      id bigserial PRIMARY KEY,
      topic text NOT NULL,
      key text,
      value bytea NOT NULL,
      headers jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
}

export async function dropPlumbingTables(runner: QueryRunner, schema: string): Promise<void> {
  await runner.query(`DROP TABLE IF EXISTS ${schema}.outbox`);
  await runner.query(`DROP TABLE IF EXISTS ${schema}.processed_messages`);
}
