import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { emptyUserState, explain, type Explanation, type UserState } from '../../domain';
import { loadMemberships } from '../../evaluation/user-state.store';
import { segmentRepository } from '../segment.repository';
import { GetUserSegmentsCommand } from './get-user-segments.command';

export interface UserSegment {
  id: string;
  key: string;
  name: string;
  /** Stored membership (what was last published). */
  member: boolean;
  enteredAt?: string;
  /** With `?explain=true`: the condition tree evaluated now, with counts, last occurrences and next-change instants (epoch ms). */
  explanation?: Explanation;
}

/**
 * Without explain: the segments the user is a member of. With explain: every
 * segment of the workspace, each with why the user is in or out at this
 * instant. `member` is the stored membership; the explanation is evaluated at
 * the clock's now, so it may lead a pending timer by a moment.
 */
@Injectable()
export class GetUserSegmentsUseCase {
  constructor(@Inject(PLATFORM) private readonly platform: Platform) {}

  async execute(command: GetUserSegmentsCommand): Promise<{ userId: string; segments: UserSegment[] }> {
    const { workspaceId, userId } = command;
    const m = this.platform.dataSource.manager;
    const segments = await segmentRepository.list(m, workspaceId);
    const entered = new Map<string, Date>(
      (
        (await m.query(`SELECT segment_id, entered_at FROM segments.memberships WHERE workspace_id = $1 AND user_id = $2`, [
          workspaceId,
          userId,
        ])) as Array<{ segment_id: string; entered_at: Date }>
      ).map((r) => [r.segment_id, r.entered_at]),
    );
    const out: UserSegment[] = [];
    const state = command.explain ? await this.state(workspaceId, userId) : emptyUserState();
    const memberships = (await loadMemberships(m, workspaceId, [userId])).get(userId) ?? new Set();
    const idByKey = new Map(segments.map((s) => [s.key, s.id]));
    const ctx = { isMember: (key: string) => memberships.has(idByKey.get(key) ?? '') };
    const now = this.platform.clock.now().getTime();
    for (const s of segments) {
      const at = entered.get(s.id);
      if (!command.explain && !at) continue;
      const item: UserSegment = { id: s.id, key: s.key, name: s.name, member: at !== undefined };
      if (at) item.enteredAt = at.toISOString();
      if (command.explain) item.explanation = explain(s.condition, state, now, ctx);
      out.push(item);
    }
    return { userId, segments: out };
  }

  private async state(workspaceId: string, userId: string): Promise<UserState> {
    const rows: Array<{ state: UserState }> = await this.platform.dataSource.query(
      `SELECT state FROM segments.user_states WHERE workspace_id = $1 AND user_id = $2`,
      [workspaceId, userId],
    );
    return rows[0]?.state ?? emptyUserState();
  }
}
