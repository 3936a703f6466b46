import { CLOCK, Clock } from '@cairn/core';
import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { emptyUserState, explain, type Explanation } from '@cairn/segments-domain';
import { UserStateRepository } from '../../evaluation/user-state.repository';
import { SegmentRepository } from '../segment.repository';
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
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: GetUserSegmentsCommand): Promise<{ userId: string; segments: UserSegment[] }> {
    const { workspaceId, userId } = command;
    const m = this.dataSource.manager;
    const users = new UserStateRepository(m);
    const segments = await new SegmentRepository(m).list(workspaceId);
    const entered = await users.enteredAt(workspaceId, userId);
    const out: UserSegment[] = [];
    const state = command.explain ? ((await users.readState(workspaceId, userId)) ?? emptyUserState()) : emptyUserState();
    const memberships = (await users.loadMemberships(workspaceId, [userId])).get(userId) ?? new Set();
    const idByKey = new Map(segments.map((s) => [s.key, s.id]));
    const ctx = { isMember: (key: string) => memberships.has(idByKey.get(key) ?? '') };
    const now = this.clock.now().getTime();
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
}
