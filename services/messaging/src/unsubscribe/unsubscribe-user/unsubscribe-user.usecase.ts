import { CairnConfig, WorkspaceConfig } from '@cairn/config';
import { Clock, CLOCK } from '@cairn/core';
import { applyConsentUpdate } from '@cairn/messaging-domain';
import { Logger } from '@cairn/observability';
import { CONFIG, DATA_SOURCE, LOGGER } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConsentRepository } from '../../consents/consent.repository';
import { lockUser } from '../../shared/user-lock';
import { UnsubscribeLinks } from '../unsubscribe-links';
import { UnsubscribeSubject } from '../unsubscribe-token';
import { UnsubscribeUserCommand } from './unsubscribe-user.command';

/** The consent ledger's source of a withdrawal made with a link in a message. */
export const UNSUBSCRIBE_SOURCE = 'unsubscribe-link';

export type UnsubscribeResult =
  { ok: true; subject: UnsubscribeSubject; workspace: WorkspaceConfig; alreadyWithdrawn: boolean } | { ok: false; problem: 'invalid' | 'expired' };

/**
 * A recipient's click on an unsubscribe link: the token (sealed, expiring,
 * naming workspace, user and channel key) withdraws advertising consent on
 * that channel, under the user's lock like any consent change, recorded in
 * the ledger with source `unsubscribe-link`; a promotional message decided
 * after this (deferred ones included) is suppressed `consent_withdrawn`. A
 * forged, altered or expired token, or one of a workspace no longer
 * configured, changes nothing. Clicking again changes nothing more.
 */
@Injectable()
export class UnsubscribeUserUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: CairnConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly links: UnsubscribeLinks,
  ) {}

  async execute({ token }: UnsubscribeUserCommand): Promise<UnsubscribeResult> {
    const now = this.clock.now();
    const checked = this.links.tokens.check(token, now);
    if (!checked.ok) return checked;
    const { subject } = checked;
    const workspace = this.config.workspaces.find((w) => w.id === subject.workspaceId);
    if (!workspace) return { ok: false, problem: 'invalid' };
    const alreadyWithdrawn = await this.dataSource.transaction(async (manager) => {
      await lockUser(manager, subject.workspaceId, subject.userId);
      const consents = new ConsentRepository(manager);
      const ledger = await consents.load(subject.workspaceId, subject.userId);
      if (ledger[subject.channel]?.advertising?.granted === false) return true;
      const update = { channels: { [subject.channel]: { advertising: false } }, source: UNSUBSCRIBE_SOURCE };
      await consents.save(subject.workspaceId, subject.userId, applyConsentUpdate(ledger, update, now), now);
      await consents.record(
        subject.workspaceId,
        subject.userId,
        [{ channel: subject.channel, kind: 'advertising', granted: false, source: UNSUBSCRIBE_SOURCE }],
        now,
      );
      return false;
    });
    this.logger.info(
      { workspaceId: subject.workspaceId, channel: subject.channel, alreadyWithdrawn },
      'advertising consent withdrawn with an unsubscribe link',
    );
    return { ok: true, subject, workspace, alreadyWithdrawn };
  }
}
