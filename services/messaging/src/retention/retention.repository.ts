import { DataRightsConfig } from '@cairn/config';
import { RETENTION_CHUNK, retentionCutoff } from '@cairn/runtime';
import { EntityManager } from 'typeorm';

/** Settled sends (no later decision or delivery needs their content). */
const SETTLED = `status IN ('SENT', 'FAILED', 'SUPPRESSED')`;

/** What the retention policy removes from messaging; scoped to one workspace. */
export class RetentionRepository {
  constructor(private readonly m: EntityManager) {}

  /**
   * One chunk of a workspace's policy: the rendered content and the rendering context (traits, addresses) of
   * settled sends older than `renderedContent`, and settled sends older than `history` (the delivery log);
   * true when a chunk was full (more may be due).
   */
  async apply(workspaceId: string, policy: DataRightsConfig['retention'], now: Date): Promise<boolean> {
    let more = false;
    const content = retentionCutoff(policy.renderedContentMs, now);
    if (content) {
      const [, stripped]: [unknown, number] = await this.m.query(
        `UPDATE messaging.send_intents i SET content = NULL, context = '{}'::jsonb
         FROM (SELECT id FROM messaging.send_intents
               WHERE workspace_id = $1 AND created_at < $2 AND (content IS NOT NULL OR context <> '{}'::jsonb) AND ${SETTLED}
               ORDER BY created_at LIMIT $3 FOR UPDATE SKIP LOCKED) due
         WHERE i.id = due.id`,
        [workspaceId, content, RETENTION_CHUNK],
      );
      more ||= stripped >= RETENTION_CHUNK;
    }
    const history = retentionCutoff(policy.historyMs, now);
    if (history) {
      const [, removed]: [unknown, number] = await this.m.query(
        `DELETE FROM messaging.send_intents WHERE id IN (
           SELECT id FROM messaging.send_intents WHERE workspace_id = $1 AND created_at < $2 AND ${SETTLED}
           ORDER BY created_at LIMIT $3 FOR UPDATE SKIP LOCKED)`,
        [workspaceId, history, RETENTION_CHUNK],
      );
      more ||= removed >= RETENTION_CHUNK;
    }
    return more;
  }
}
