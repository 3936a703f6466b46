import { CLOCK, Clock } from '@cairn/core';
import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { evaluate, validateSegmentDefinition, type Condition } from '@cairn/segments-domain';
import { UserStateRepository } from '../../evaluation/user-state.repository';
import { SegmentRepository } from '../segment.repository';
import { PreviewSegmentCommand } from './preview-segment.command';

const PAGE = 1000;
const PREVIEW_KEY = 'segment-preview';
/** At most this many users are evaluated by one preview (about a second of work); `maxUsers` can lower it. */
export const PREVIEW_MAX_USERS = 20_000;

export interface PreviewResult {
  /** Users who would be members now, among the users evaluated. */
  count: number;
  /** Users evaluated: the first ones in user id order, at most `maxUsers`. */
  evaluated: number;
  /** True when users remain beyond `evaluated`: `count` is then a lower bound of the real size. */
  truncated: boolean;
  sample: string[];
}

/**
 * Counts who would be in a segment now over the stored user states, in user
 * id order, in pages, stopping after `maxUsers` users (so a preview cannot run
 * for minutes on a big workspace); saves nothing.
 */
@Injectable()
export class PreviewSegmentUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: PreviewSegmentCommand): Promise<PreviewResult> {
    const { workspaceId } = command;
    const m = this.dataSource.manager;
    const users = new UserStateRepository(m);
    const segments = await new SegmentRepository(m).conditions(workspaceId);
    const idByKey = new Map(segments.map((s) => [s.key, s.id]));
    const condition = this.validate(command.body, idByKey);
    const now = this.clock.now().getTime();
    const result: PreviewResult = { count: 0, evaluated: 0, truncated: false, sample: [] };
    let after = '';
    while (result.evaluated < command.maxUsers) {
      const page = await users.readUserPage(workspaceId, after, Math.min(PAGE, command.maxUsers - result.evaluated));
      if (page.length === 0) return result;
      const memberships = await users.loadMemberships(
        workspaceId,
        page.map((u) => u.userId),
      );
      for (const u of page) {
        const member = memberships.get(u.userId) ?? new Set();
        const ctx = { isMember: (key: string) => member.has(idByKey.get(key) ?? '') };
        result.evaluated++;
        if (!evaluate(condition, u.state, now, ctx).value) continue;
        result.count++;
        if (result.sample.length < command.sampleSize) result.sample.push(u.userId);
      }
      after = page[page.length - 1].userId;
    }
    result.truncated = (await users.readUserPage(workspaceId, after, 1)).length > 0;
    return result;
  }

  private validate(body: unknown, idByKey: Map<string, string>): Condition {
    const input = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
    const definition = validateSegmentDefinition({ key: PREVIEW_KEY, name: 'preview', ...input }, { segmentExists: (key) => idByKey.has(key) });
    return definition.condition;
  }
}
