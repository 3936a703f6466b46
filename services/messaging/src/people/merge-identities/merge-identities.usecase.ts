import { IdentityLink, identityLinkIdentity } from '@cairn/contracts';
import { OutboxRelay } from '@cairn/kafka';
import { mergeConsentLedgers } from '@cairn/messaging-domain';
import { consumeBatch, ConsumerScope, DATA_SOURCE, OUTBOX } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ConsentRepository } from '../../consents/consent.repository';
import { lockUsers } from '../../shared/user-lock';
import { IdentityLinkRepository } from '../identity-link.repository';
import { PersonRepository } from '../person.repository';
import { MergeIdentitiesCommand } from './merge-identities.command';

export const IDENTITY_LINKS_CONSUMER = 'messaging.identity-links';
const SCOPE: ConsumerScope<IdentityLink> = { consumer: IDENTITY_LINKS_CONSUMER, identity: identityLinkIdentity, workspaceOf: (l) => l.workspaceId };

/**
 * Follows the identity merges segments publishes: what messaging holds under
 * the merged id becomes the user's, in one transaction per batch, under both
 * ids' locks (so no send decision or consent change of either id interleaves):
 * the consent ledgers merge (per channel and consent, the one changed last
 * wins, dated by the recorded history: `mergeConsentLedgers`), the consent history and the send intents move
 * to the user (so the delivery log is the person's and frequency caps count
 * the merged id's sends). A merge into an id merged away since goes to that
 * id's final user. A redelivered merge changes nothing.
 */
@Injectable()
export class MergeIdentitiesUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(OUTBOX) private readonly outbox: OutboxRelay,
  ) {}

  async execute(command: MergeIdentitiesCommand): Promise<void> {
    await consumeBatch({ dataSource: this.dataSource, schema: 'messaging', outbox: this.outbox }, SCOPE, command.links, async (m, workspaceId, links) => {
      for (const link of links) await this.merge(m, workspaceId, link);
      return 0;
    });
  }

  private async merge(m: EntityManager, workspaceId: string, link: IdentityLink): Promise<void> {
    const links = new IdentityLinkRepository(m);
    if (!(await links.insert(workspaceId, link.previousId, link.userId, new Date(link.linkedAt)))) return;
    await lockUsers(m, [
      { workspaceId, userId: link.previousId },
      { workspaceId, userId: link.userId },
    ]);
    const into = await links.finalOf(workspaceId, link.userId);
    if (into === link.previousId) return; // a cycle: segments never publishes one
    if (into !== link.userId) await lockUsers(m, [{ workspaceId, userId: into }]);
    const consents = new ConsentRepository(m);
    const ledgers = await consents.loadMany(workspaceId, [link.previousId, into]);
    const merged = ledgers.get(link.previousId);
    const person = new PersonRepository(m);
    if (merged) {
      const changed = { user: await consents.lastChanges(workspaceId, into), merged: await consents.lastChanges(workspaceId, link.previousId) };
      await consents.save(workspaceId, into, mergeConsentLedgers(ledgers.get(into) ?? {}, merged, changed), new Date(link.linkedAt));
      await person.removeConsents(workspaceId, link.previousId);
    }
    await person.moveTo(workspaceId, link.previousId, into);
  }
}
