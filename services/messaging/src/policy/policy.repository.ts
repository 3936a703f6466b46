import { CompliancePreset as WorkspacePreset } from '@cairn/config';
import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EMPTY_FREQUENCY_POLICY, FrequencyPolicy } from '../domain';
import { TtlCache } from '../shared/ttl-cache';

/** How long a decision may use a policy read before (a write on this replica applies at once, on another within this). */
export const POLICY_TTL_MS = 1_000;

/** The workspace's frequency policy; a workspace without one gets no caps and its configured compliance preset. */
@Injectable()
export class PolicyRepository {
  private readonly cache = new TtlCache<FrequencyPolicy>(POLICY_TTL_MS);

  constructor(@Inject(PLATFORM) private readonly platform: Platform) {}

  /** `get` for decisions: read at most once per POLICY_TTL_MS (a put on this replica drops it). */
  async forDecisions(workspaceId: string, defaultCompliance: WorkspacePreset, manager: EntityManager): Promise<FrequencyPolicy> {
    return this.cache.get(`${workspaceId}\u0000${defaultCompliance}`, () => this.get(workspaceId, defaultCompliance, manager));
  }

  async get(workspaceId: string, defaultCompliance: WorkspacePreset, manager?: EntityManager): Promise<FrequencyPolicy> {
    const rows: Array<{ policy: FrequencyPolicy }> = await (manager ?? this.platform.dataSource).query(
      `SELECT policy FROM messaging.frequency_policies WHERE workspace_id = $1`,
      [workspaceId],
    );
    return rows[0]?.policy ?? { ...EMPTY_FREQUENCY_POLICY, compliance: defaultCompliance };
  }

  async put(workspaceId: string, policy: FrequencyPolicy, now: Date): Promise<void> {
    await this.platform.dataSource.query(
      `INSERT INTO messaging.frequency_policies (workspace_id, policy, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (workspace_id) DO UPDATE SET policy = EXCLUDED.policy, updated_at = EXCLUDED.updated_at`,
      [workspaceId, JSON.stringify(policy), now],
    );
    this.cache.invalidate(`${workspaceId}\u0000`);
  }
}
