import type { KafkaSecurity } from '@cairn/config';
import { BusAdapter, KafkaJsAdapter } from '@cairn/kafka';
import { PlatformaticKafkaAdapter } from '../adapters/platformatic-kafka.adapter';

export type ClientName = 'kafkajs' | 'platformatic';
export type BusFactory = (clientId: string) => BusAdapter;

/** Both clients behind the same BusAdapter interface the services use. */
export function busFactory(client: ClientName, brokers: string, security?: KafkaSecurity): BusFactory {
  return client === 'kafkajs'
    ? (clientId) => new KafkaJsAdapter({ brokers: [brokers], clientId, security })
    : (clientId) => new PlatformaticKafkaAdapter({ brokers: [brokers], clientId, security });
}
