import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IdentityLinkRepository } from '../../identity/identity-link.repository';
import { personIds } from '../person-ids';
import { PersonRepository } from '../person.repository';
import { ExportUserCommand } from './export-user.command';

export interface JourneysExport {
  service: 'journeys';
  userId: string;
  ids: string[];
  traits: Record<string, unknown>;
  segments: string[];
  /** Every run with its whole state, sends and coupon, oldest first. */
  runs: Array<Record<string, unknown>>;
  itemInterest: Array<Record<string, unknown>>;
  catalogNotices: Array<Record<string, unknown>>;
  identities: Array<{ id: string; linkedAt: string }>;
}

/** Everything journeys holds about one person (an export for a data-access request); an unknown person exports empty. */
@Injectable()
export class ExportUserUseCase {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async execute(command: ExportUserCommand): Promise<JourneysExport> {
    const m = this.dataSource.manager;
    const { workspaceId } = command;
    const person = await personIds(m, workspaceId, command.userId);
    const repo = new PersonRepository(m);
    const user = await repo.user(workspaceId, person.userId);
    return {
      service: 'journeys',
      userId: person.userId,
      ids: person.ids,
      traits: user?.traits ?? {},
      segments: user?.segments ?? [],
      runs: await repo.runs(workspaceId, person.ids),
      itemInterest: await repo.itemInterest(workspaceId, person.ids),
      catalogNotices: await repo.catalogNotices(workspaceId, person.ids),
      identities: (await new IdentityLinkRepository(m).mergedInto(workspaceId, person.userId)).map((l) => ({
        id: l.id,
        linkedAt: new Date(l.linkedAt).toISOString(),
      })),
    };
  }
}
