import { KafkaContainer } from '@testcontainers/kafka';
import { PostgreSqlContainer } from '@testcontainers/postgresql';
import { KAFKA_VERSION } from './local-kafka';

/** Testcontainers path, used only when a Docker engine answers. */
export async function startContainers(
  want: { kafka: boolean; postgres: boolean },
  log: (line: string) => void,
): Promise<{ kafkaBrokers?: string; databaseUrl?: string; stop: () => Promise<void> }> {
  const stops: Array<() => Promise<unknown>> = [];
  let kafkaBrokers: string | undefined;
  let databaseUrl: string | undefined;
  if (want.kafka) {
    log(`starting apache/kafka:${KAFKA_VERSION} with Testcontainers`);
    const kafka = await new KafkaContainer(`apache/kafka:${KAFKA_VERSION}`).withKraft().start();
    kafkaBrokers = `${kafka.getHost()}:${kafka.getMappedPort(9093)}`;
    stops.push(() => kafka.stop());
  }
  if (want.postgres) {
    log('starting postgres:17 with Testcontainers');
    const pg = await new PostgreSqlContainer('postgres:17').start();
    databaseUrl = pg.getConnectionUri();
    stops.push(() => pg.stop());
  }
  return { kafkaBrokers, databaseUrl, stop: async () => void (await Promise.all(stops.map((s) => s()))) };
}
