import { WorkspaceConfig } from '@cairn/config';
import { MessageRequest, TOPICS } from '@cairn/contracts';
import { ServiceParts } from '@cairn/testing';
import { ChannelCredentials } from '../channels/channel-credentials';
import { ChannelReader } from '../channels/channel.reader';
import { ChannelRepository } from '../channels/channel.repository';
import { ConsentRepository } from '../consents/consent.repository';
import { applyConsentUpdate } from '@cairn/messaging-domain';
import { SendIntent } from '../messages/intent';
import { IntentRepository, IntentUpdate } from '../messages/intent.repository';
import { MESSAGING_MIGRATIONS } from '../migrations';
import { PolicyReader } from '../policy/policy.reader';
import { PolicyRepository } from '../policy/policy.repository';
import { Delivery } from '../providers/delivery';
import { MessageProvider, ProviderError, ProviderMessage } from '../providers/provider';
import { RenderPool } from '../rendering/render-pool';
import { DecideIntent } from '../sending/decide-intent';
import { DeliverSends } from '../sending/deliver-sends';
import { FallbackSend } from '../sending/fallback-send';
import { PrepareContent } from '../sending/prepare-content';
import { MESSAGING_SCHEMA } from '../shared/schema';
import { CheckTemplateBudget } from '../templates/check-template-budget';
import { TemplateReader } from '../templates/template.reader';
import { TemplateRepository } from '../templates/template.repository';
import { UnsubscribeLinks } from '../unsubscribe/unsubscribe-links';
import { SegmentsClient } from '../audience/segments-client';

// Rows are asserted field by field; a loose type keeps the assertions readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Row = any;

/** A `log` channel's provider that records what it is given and fails while `failing` says so (retryable). */
export class RecordingProvider implements MessageProvider {
  readonly type = 'log';
  readonly sent: ProviderMessage[] = [];
  failing = false;

  async send(message: ProviderMessage): Promise<void> {
    if (this.failing) throw new ProviderError('provider_unavailable', 'the provider is down', true);
    this.sent.push(message);
  }
}

/**
 * The parts messaging's use cases are built from, put together by hand on a
 * fresh, migrated database of the real Postgres: no Nest, no bus. The outbox
 * relay only counts its nudges (the outbox rows are in the database); the
 * deliveries go to a RecordingProvider behind `log` channels.
 */
export class MessagingParts extends ServiceParts {
  readonly provider = new RecordingProvider();

  private constructor() {
    super({ service: 'messaging', schema: MESSAGING_SCHEMA, migrations: MESSAGING_MIGRATIONS }, '2026-03-02T03:00:00.000Z');
  }

  static async start(): Promise<MessagingParts> {
    const parts = new MessagingParts();
    await parts.open();
    return parts;
  }

  override async stop(): Promise<void> {
    await this.builtPart<DeliverSends>('sends')?.beforeApplicationShutdown();
    await this.builtPart<RenderPool>('pool')?.close();
    await super.stop();
  }

  /** The dev workspace (kr-ad-law, Asia/Seoul). */
  get workspace(): WorkspaceConfig {
    return this.config.workspaces[0];
  }

  get credentials(): ChannelCredentials {
    return this.once('credentials', () => new ChannelCredentials(this.config, this.logger));
  }

  get templateReader(): TemplateReader {
    return this.once('templateReader', () => new TemplateReader(this.dataSource));
  }

  get channelReader(): ChannelReader {
    return this.once('channelReader', () => new ChannelReader(this.dataSource, this.credentials));
  }

  get policyReader(): PolicyReader {
    return this.once('policyReader', () => new PolicyReader());
  }

  get pool(): RenderPool {
    return this.once('pool', () => new RenderPool());
  }

  get budget(): CheckTemplateBudget {
    return this.once('budget', () => new CheckTemplateBudget(this.pool));
  }

  get decider(): DecideIntent {
    return this.once('decider', () => new DecideIntent(this.policyReader));
  }

  get links(): UnsubscribeLinks {
    return this.once('links', () => new UnsubscribeLinks(this.config, this.clock));
  }

  get content(): PrepareContent {
    return this.once('content', () => new PrepareContent(this.logger, this.templateReader, this.pool, this.links));
  }

  get delivery(): Delivery {
    return this.once('delivery', () => new Delivery([this.provider]));
  }

  get sends(): DeliverSends {
    return this.once(
      'sends',
      () =>
        new DeliverSends(
          this.dataSource,
          this.clock,
          this.logger,
          this.outbox,
          this.channelReader,
          this.delivery,
          new FallbackSend(this.content, this.channelReader, this.delivery),
          this.links,
        ),
    );
  }

  get segments(): SegmentsClient {
    return this.once('segments', () => new SegmentsClient(this.config, this.logger));
  }

  get templates(): TemplateRepository {
    return new TemplateRepository(this.dataSource.manager);
  }

  get channels(): ChannelRepository {
    return new ChannelRepository(this.dataSource.manager, this.credentials);
  }

  get policies(): PolicyRepository {
    return new PolicyRepository(this.dataSource.manager);
  }

  /** A request of the dev workspace to the `log` channel `hook` with the promotional template `promo`. */
  request(userId: string, idempotencyKey: string, overrides: Partial<MessageRequest> = {}): MessageRequest {
    return {
      v: 1,
      workspaceId: 'dev',
      userId,
      idempotencyKey,
      journey: { key: 'welcome', version: 1, runId: `run-${userId}`, step: 'send' },
      channel: 'hook',
      template: 'promo',
      category: 'promotional',
      context: { user: { name: userId } },
      requestedAt: this.clock.now().toISOString(),
      ...overrides,
    };
  }

  /** The `log` channel `hook`, the template `promo` and advertising consent on `hook` for these users. */
  async sendable(users: string[]): Promise<void> {
    const now = this.clock.now();
    await this.channels.insert('dev', { key: 'hook', type: 'log', config: {} }, now);
    await this.templates.insert('dev', { key: 'promo', channel: 'webhook', category: 'promotional', content: { json: { text: 'Hi {{ user.name }}' } } }, now);
    const consents = new ConsentRepository(this.dataSource.manager);
    for (const user of users) {
      await consents.save('dev', user, applyConsentUpdate({}, { channels: { hook: { advertising: true } }, source: 'test' }, now), now);
    }
  }

  /** Grants (or withdraws) the user's advertising consent on `hook`. */
  async consent(userId: string, granted: boolean): Promise<void> {
    const now = this.clock.now();
    const consents = new ConsentRepository(this.dataSource.manager);
    await consents.save('dev', userId, applyConsentUpdate(await consents.load('dev', userId), { channels: { hook: { advertising: granted } } }, now), now);
  }

  /** Records these requests' intents (PENDING) in the workspace (the dev one unless named), as a consumed batch does. */
  async record(requests: MessageRequest[], workspaceId = 'dev'): Promise<SendIntent[]> {
    return new IntentRepository(this.dataSource.manager).recordPending(workspaceId, requests, this.clock.now());
  }

  /** Moves a recorded intent on as a decision does: rendered from `promo` (for a webhook) and given `update`. */
  async decided(intent: SendIntent, update: IntentUpdate): Promise<SendIntent> {
    const changed = { content: { json: { text: `Hi ${intent.userId}` } }, contentChannel: 'webhook' as const, ...update };
    await new IntentRepository(this.dataSource.manager).transition(intent, ['PENDING'], changed, this.clock.now());
    return (await new IntentRepository(this.dataSource.manager).findMany([intent.id])).get(intent.id)!;
  }

  /** The user's intents, oldest first. */
  async intents(userId: string): Promise<Row[]> {
    return this.dataSource.query(`SELECT * FROM messaging.send_intents WHERE workspace_id = 'dev' AND user_id = $1 ORDER BY seq`, [userId]);
  }

  /** The outcomes written to the outbox, in order. */
  async outcomes(): Promise<Row[]> {
    const rows: Array<{ value: Buffer }> = await this.dataSource.query(`SELECT value FROM messaging.outbox WHERE topic = $1 ORDER BY id`, [
      TOPICS.messageOutcomes,
    ]);
    return rows.map((r) => JSON.parse(r.value.toString('utf8')));
  }
}
