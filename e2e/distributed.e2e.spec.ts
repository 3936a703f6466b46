import { playScenarios } from './support/play-scenarios';
import { startDistributed } from './support/stack';

// The four services as separate processes on Kafka and Postgres.
describe('field scenarios, distributed (four service processes, Kafka, Postgres)', () => {
  playScenarios(startDistributed);
});
