import { playScenarios } from './support/play-scenarios';
import { startAllInOne } from './support/stack';

// `npm start` with KAFKA_BROKERS and DATABASE_URL set: the same single process, on Kafka instead of the in-process bus.
describe('field scenarios, all-in-one on Kafka (one process with KAFKA_BROKERS and DATABASE_URL)', () => {
  playScenarios((workspaces) => startAllInOne(workspaces, { kafka: true }));
});
