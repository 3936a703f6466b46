import { TOPICS } from '@cairn/contracts';
import { ConsumerHandle, KafkaJsAdapter } from '@cairn/kafka';
import { testInfra, uniqueName } from '@cairn/testing';

/** What a test reads of one published behaviour event (the contract of cairn.events.v1). */
export interface PublishedEvent {
  workspaceId: string;
  messageId: string;
  type: string;
  userId?: string;
  anonymousId?: string;
  event?: string;
  name?: string;
  groupId?: string;
  traits?: Record<string, unknown>;
  properties?: Record<string, unknown>;
}

/** Everything published to a stack's `cairn.events.v1` (its topic prefix), from the beginning, as it arrives. */
export class EventsTopicRecorder {
  readonly events: PublishedEvent[] = [];
  private readonly adapter = new KafkaJsAdapter({ brokers: [testInfra().kafkaBrokers], clientId: 'e2e-events-recorder' });
  private handle?: ConsumerHandle;

  constructor(private readonly topicPrefix: string) {}

  async start(): Promise<void> {
    this.handle = await this.adapter.consumeBatch({
      groupId: uniqueName('e2e-events-'),
      topics: [this.topicPrefix + TOPICS.events],
      fromBeginning: true,
      handler: async (batch) => void this.events.push(...batch.messages.map((m) => JSON.parse(m.value.toString('utf8')) as PublishedEvent)),
      onCrash: (error) => {
        throw error;
      },
    });
  }

  async stop(): Promise<void> {
    await this.handle?.stop();
    await this.adapter.disconnect();
  }
}
