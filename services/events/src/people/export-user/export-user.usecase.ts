import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PersonRepository } from '../person.repository';
import { ExportUserCommand } from './export-user.command';

export interface EventsExport {
  service: 'events';
  ids: string[];
  /** Events accepted and not yet published to Kafka (empty while Kafka is up). */
  pendingEvents: unknown[];
}

/** What the events service holds about a person: their events not yet published. */
@Injectable()
export class ExportUserUseCase {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async execute(command: ExportUserCommand): Promise<EventsExport> {
    return {
      service: 'events',
      ids: command.ids,
      pendingEvents: await new PersonRepository(this.dataSource.manager).pending(command.workspaceId, command.ids),
    };
  }
}
