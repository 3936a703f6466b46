import { CompliancePreset as WorkspacePreset } from '@cairn/config';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { FrequencyPolicy } from '@cairn/messaging-domain';
import { TtlCache } from '../shared/ttl-cache';
import { PolicyRepository } from './policy.repository';

/** How long a decision may use a policy read before (a write on this replica applies at once, on another within this). */
export const POLICY_TTL_MS = 1_000;

/**
 * The frequency policy decisions use, each workspace's read at most once per
 * POLICY_TTL_MS. A put through this replica's API drops it (`changed`), so it
 * applies to the next batch at once; a put through another replica applies
 * within POLICY_TTL_MS. The API reads the repository, never this.
 */
@Injectable()
export class PolicyReader {
  private readonly cache = new TtlCache<FrequencyPolicy>(POLICY_TTL_MS);

  /** The workspace's policy (read in the decision's transaction, `manager`, when not kept). */
  async forDecisions(manager: EntityManager, workspaceId: string, defaultCompliance: WorkspacePreset): Promise<FrequencyPolicy> {
    return this.cache.get(`${workspaceId}\u0000${defaultCompliance}`, () => new PolicyRepository(manager).get(workspaceId, defaultCompliance));
  }

  /** The workspace's policy was written through this replica: its next read goes to the database. */
  changed(workspaceId: string): void {
    this.cache.invalidate(`${workspaceId}\u0000`);
  }
}
