import { SERVICE_NAMES } from '@cairn/config';
import { TOPICS } from '@cairn/contracts';
import { testInfra, waitFor } from '@cairn/testing';
import { Kafka, logLevel } from 'kafkajs';
import { playScenarios } from './support/play-scenarios';
import { expectReferenceChecksOn } from './support/reference-checks';
import { startAllInOne } from './support/stack';

// `npm start` with KAFKA_BROKERS and DATABASE_URL set: the same single process, on Kafka instead of the in-process bus.
describe('field scenarios, all-in-one on Kafka (one process with KAFKA_BROKERS and DATABASE_URL)', () => {
  const stack = playScenarios((workspaces) => startAllInOne(workspaces, { kafka: true }));

  it('checks the segments, templates and channels a journey names when it is saved', async () => {
    await expectReferenceChecksOn(stack());
  });

  it('runs behind one port and moves its messages through the Kafka topics', async () => {
    expect(new Set(SERVICE_NAMES.map((s) => stack().url(s))).size).toBe(1);
    const admin = new Kafka({ brokers: [testInfra().kafkaBrokers], clientId: 'e2e-check', logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      // The scenarios run alongside this check and fill the topics within seconds.
      for (const topic of [TOPICS.events, TOPICS.messageRequests, TOPICS.messageOutcomes]) {
        const count = async () => (await admin.fetchTopicOffsets(stack().topicPrefix! + topic)).reduce((n, p) => n + Number(p.high), 0);
        expect(await waitFor(count, { timeoutMs: 60_000, what: `messages on ${topic}` })).toBeGreaterThan(0);
      }
    } finally {
      await admin.disconnect();
    }
  });
});
