import { CairnConfig } from '@cairn/config';
import { Clock, CLOCK } from '@cairn/core';
import { OutboxRelay } from '@cairn/kafka';
import { Receipt, suppressesAddress, validateReceipts } from '@cairn/messaging-domain';
import { CONFIG, DATA_SOURCE, OUTBOX, Unauthorized } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ChannelCredentials } from '../../channels/channel-credentials';
import { ChannelRepository } from '../../channels/channel.repository';
import { SendIntent } from '../../messages/intent';
import { IntentRepository } from '../../messages/intent.repository';
import { FALLBACK_KEY_SUFFIX } from '../../sending/fallback-send';
import { lockUsers } from '../../shared/user-lock';
import { addressHash, addressOf } from '../address';
import { receiptChange, ReceiptChange } from '../apply-receipts';
import { receiptSecretOf, signatureMatches } from '../receipt-signature';
import { ReceiptRepository } from '../receipt.repository';
import { Suppression, SuppressionRepository } from '../suppression.repository';
import { RecordReceiptsCommand } from './record-receipts.command';

/** What became of each receipt, in the order given. */
export type ReceiptResult = 'recorded' | 'repeated' | 'unknown_message';

/** A receipt and the message it is about: on the message's own channel, or on its fallback's. */
interface Matched {
  receipt: Receipt;
  intent: SendIntent;
  viaFallback: boolean;
}

/**
 * Delivery receipts from a provider: the channel is found by its key among
 * the configured workspaces' channels whose signing secret signs the body
 * (none: 401, nothing read), then each receipt's message (by id or by the
 * idempotency key its provider got, on that channel or as its fallback) is
 * moved on under its user's lock: the first time of each kind, the status
 * forward only, one outcome per new kind; a hard bounce or a complaint
 * suppresses the address on that channel (later sends to it are suppressed
 * `address_suppressed`). A repeated receipt changes nothing.
 */
@Injectable()
export class RecordReceiptsUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: CairnConfig,
    @Inject(OUTBOX) private readonly outbox: OutboxRelay,
    private readonly credentials: ChannelCredentials,
  ) {}

  async execute(command: RecordReceiptsCommand): Promise<{ results: ReceiptResult[] }> {
    const now = this.clock.now();
    const workspaceId = await this.authenticate(command, now);
    const receipts = validateReceipts(command.body, now);
    const results = await this.dataSource.transaction(async (manager) => {
      const matched = await this.match(manager, workspaceId, command.channel, receipts);
      await lockUsers(
        manager,
        [...matched.values()].map((m) => m.intent),
      );
      const current = await new IntentRepository(manager).findMany([...new Set([...matched.values()].map((m) => m.intent.id))]);
      const changes: ReceiptChange[] = [];
      const suppressions: Suppression[] = [];
      const outcomesOf = new Map<string, Receipt[]>();
      for (const m of matched.values()) outcomesOf.set(m.intent.id, [...(outcomesOf.get(m.intent.id) ?? []), m.receipt]);
      for (const [id, mine] of outcomesOf) {
        const change = receiptChange(current.get(id)!, mine);
        if (change) changes.push(change);
      }
      for (const m of matched.values()) {
        const suppression = suppressesAddress(m.receipt) ? this.suppression(workspaceId, command.channel, m) : undefined;
        if (suppression) suppressions.push(suppression);
      }
      await new ReceiptRepository(manager).apply(changes, now);
      await new SuppressionRepository(manager).add(workspaceId, suppressions, now);
      const firsts = new Set(changes.flatMap((c) => c.firsts));
      return receipts.map((r, i): ReceiptResult => (!matched.has(i) ? 'unknown_message' : firsts.has(r) ? 'recorded' : 'repeated'));
    });
    this.outbox.nudge();
    return { results };
  }

  /** The workspace whose channel of this key signed the body; 401 when none did. */
  private async authenticate(command: RecordReceiptsCommand, now: Date): Promise<string> {
    const workspaces = this.config.workspaces.map((w) => w.id);
    const candidates = await new ChannelRepository(this.dataSource.manager, this.credentials).findInWorkspaces(command.channel, workspaces);
    const signed = candidates.find(({ channel }) => {
      const secret = receiptSecretOf(channel);
      return secret !== undefined && signatureMatches(secret, command.signature, command.rawBody, now);
    });
    if (!signed) throw new Unauthorized('the receipts are not signed with the signing secret of a channel of this key (X-Cairn-Signature)');
    return signed.workspaceId;
  }

  /** Each receipt (by index) whose message exists in the workspace and went through this channel, itself or as its fallback. */
  private async match(manager: EntityManager, workspaceId: string, channel: string, receipts: Receipt[]): Promise<Map<number, Matched>> {
    const intents = new IntentRepository(manager);
    const matched = new Map<number, Matched>();
    for (const [i, receipt] of receipts.entries()) {
      const viaFallback = receipt.idempotencyKey?.endsWith(FALLBACK_KEY_SUFFIX) ?? false;
      const intent = receipt.messageId
        ? await intents.findById(workspaceId, receipt.messageId)
        : await intents.findByKey(workspaceId, viaFallback ? receipt.idempotencyKey!.slice(0, -FALLBACK_KEY_SUFFIX.length) : receipt.idempotencyKey!);
      if (!intent) continue;
      const onFallback = intent.fallback?.trigger !== undefined && intent.fallback.channel === channel;
      if ((intent.channel === channel && !viaFallback) || onFallback)
        matched.set(i, { receipt, intent, viaFallback: onFallback && intent.channel !== channel });
    }
    return matched;
  }

  private suppression(workspaceId: string, channel: string, m: Matched): Suppression | undefined {
    const user = m.intent.context.user as Record<string, unknown> | undefined;
    const address = addressOf(m.viaFallback ? m.intent.fallback?.contentChannel : m.intent.contentChannel, user);
    if (!address) return undefined;
    const reason = m.receipt.status === 'COMPLAINED' ? 'complaint' : 'hard_bounce';
    return { channel, addressHash: addressHash(workspaceId, address), reason, messageId: m.intent.id };
  }
}
