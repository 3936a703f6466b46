import { Clock, CLOCK } from '@cairn/core';
import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FrequencyPolicy } from '@cairn/messaging-domain';
import { PolicyReader } from '../policy.reader';
import { PolicyRepository } from '../policy.repository';
import { PutPolicyCommand } from './put-policy.command';

/** Replaces the workspace's frequency policy; decisions on this replica apply it from the next batch on. */
@Injectable()
export class PutPolicyUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly reader: PolicyReader,
  ) {}

  async execute({ workspaceId, policy }: PutPolicyCommand): Promise<FrequencyPolicy> {
    await new PolicyRepository(this.dataSource.manager).put(workspaceId, policy, this.clock.now());
    this.reader.changed(workspaceId);
    return policy;
  }
}
