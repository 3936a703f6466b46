import { CompliancePreset as WorkspacePreset } from '@cairn/config';
import { EntityManager } from 'typeorm';
import { EMPTY_FREQUENCY_POLICY, FrequencyPolicy } from '@cairn/messaging-domain';

/** The workspace's frequency policy; a workspace without one gets no caps and its configured compliance preset. */
export class PolicyRepository {
  constructor(private readonly m: EntityManager) {}

  async get(workspaceId: string, defaultCompliance: WorkspacePreset): Promise<FrequencyPolicy> {
    const rows: Array<{ policy: FrequencyPolicy }> = await this.m.query(`SELECT policy FROM messaging.frequency_policies WHERE workspace_id = $1`, [
      workspaceId,
    ]);
    return rows[0]?.policy ?? { ...EMPTY_FREQUENCY_POLICY, compliance: defaultCompliance };
  }

  async put(workspaceId: string, policy: FrequencyPolicy, now: Date): Promise<void> {
    await this.m.query(
      `INSERT INTO messaging.frequency_policies (workspace_id, policy, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (workspace_id) DO UPDATE SET policy = EXCLUDED.policy, updated_at = EXCLUDED.updated_at`,
      [workspaceId, JSON.stringify(policy), now],
    );
  }
}
