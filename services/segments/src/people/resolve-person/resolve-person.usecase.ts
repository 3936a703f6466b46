import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { personIds } from '../person-ids';
import { ResolvePersonCommand } from './resolve-person.command';

export interface PersonIdentity {
  /** The id asked about. */
  id: string;
  /** The person's final user id: the id itself, or the user it was merged into (following chains). */
  userId: string;
  /** Every id of the person: the user id and every id merged into it (anonymous ids, aliases). */
  ids: string[];
}

/** Which person an id names, as segments' identity links say (an id never seen names a person of its own). */
@Injectable()
export class ResolvePersonUseCase {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async execute(command: ResolvePersonCommand): Promise<PersonIdentity> {
    const person = await personIds(this.dataSource.manager, command.workspaceId, command.userId);
    return { id: command.userId, userId: person.userId, ids: person.ids };
  }
}
