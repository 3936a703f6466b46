import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConsentRepository } from '../consent.repository';
import { ConsentView } from '../consent.view';
import { GetConsentsCommand } from './get-consents.command';

/** A user's consent ledger per channel and the latest changes (an unknown user has none). */
@Injectable()
export class GetConsentsUseCase {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async execute({ workspaceId, userId }: GetConsentsCommand): Promise<ConsentView> {
    const consents = new ConsentRepository(this.dataSource.manager);
    return {
      userId,
      channels: await consents.load(workspaceId, userId),
      history: await consents.history(workspaceId, userId),
    };
  }
}
