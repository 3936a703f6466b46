import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FrequencyPolicy } from '@cairn/messaging-domain';
import { PolicyRepository } from '../policy.repository';
import { GetPolicyCommand } from './get-policy.command';

/** The workspace's frequency policy as stored (no caps and the configured preset when it has none). */
@Injectable()
export class GetPolicyUseCase {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async execute({ workspaceId, defaultCompliance }: GetPolicyCommand): Promise<FrequencyPolicy> {
    return new PolicyRepository(this.dataSource.manager).get(workspaceId, defaultCompliance);
  }
}
