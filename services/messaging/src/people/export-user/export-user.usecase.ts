import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConsentChange, ConsentRepository } from '../../consents/consent.repository';
import { IdentityLinkRepository } from '../identity-link.repository';
import { PersonRepository } from '../person.repository';
import { ExportUserCommand } from './export-user.command';

export interface MessagingExport {
  service: 'messaging';
  userId: string;
  ids: string[];
  /** The consent ledger per channel, and every recorded change of it. */
  consents: Record<string, unknown>;
  consentHistory: ConsentChange[];
  /** Every send intent: what was asked, the context it was rendered from, the content, the outcome. */
  messages: Array<Record<string, unknown>>;
}

/** Everything messaging holds about one person (an export for a data-access request); an unknown person exports empty. */
@Injectable()
export class ExportUserUseCase {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async execute(command: ExportUserCommand): Promise<MessagingExport> {
    const m = this.dataSource.manager;
    const { workspaceId } = command;
    const links = new IdentityLinkRepository(m);
    const userId = await links.finalOf(workspaceId, command.userId);
    const ids = [...new Set([userId, command.userId, ...(await links.mergedInto(workspaceId, userId))])];
    const consents = new ConsentRepository(m);
    return {
      service: 'messaging',
      userId,
      ids,
      consents: await consents.load(workspaceId, userId),
      consentHistory: await consents.history(workspaceId, userId, 10_000),
      messages: await new PersonRepository(m).intents(workspaceId, ids),
    };
  }
}
