import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { evaluate, validateSegmentDefinition, type Condition } from '../../domain';
import { loadMemberships, readUserPage } from '../../evaluation/user-state.store';
import { segmentRepository } from '../segment.repository';
import { PreviewSegmentCommand } from './preview-segment.command';

const PAGE = 1000;
const PREVIEW_KEY = 'segment-preview';

export interface PreviewResult {
  /** Users who would be members now. */
  count: number;
  /** Users evaluated. */
  evaluated: number;
  sample: string[];
}

/** Counts who would be in a segment now, over every stored user state, in pages; saves nothing. */
@Injectable()
export class PreviewSegmentUseCase {
  constructor(@Inject(PLATFORM) private readonly platform: Platform) {}

  async execute(command: PreviewSegmentCommand): Promise<PreviewResult> {
    const { workspaceId } = command;
    const m = this.platform.dataSource.manager;
    const segments = await segmentRepository.conditions(m, workspaceId);
    const idByKey = new Map(segments.map((s) => [s.key, s.id]));
    const condition = this.validate(command.body, idByKey);
    const now = this.platform.clock.now().getTime();
    const result: PreviewResult = { count: 0, evaluated: 0, sample: [] };
    for (let after = ''; ; ) {
      const users = await readUserPage(m, workspaceId, after, PAGE);
      if (users.length === 0) break;
      const memberships = await loadMemberships(m, workspaceId, users.map((u) => u.userId));
      for (const u of users) {
        const member = memberships.get(u.userId) ?? new Set();
        const ctx = { isMember: (key: string) => member.has(idByKey.get(key) ?? '') };
        result.evaluated++;
        if (!evaluate(condition, u.state, now, ctx).value) continue;
        result.count++;
        if (result.sample.length < command.sampleSize) result.sample.push(u.userId);
      }
      after = users[users.length - 1].userId;
    }
    return result;
  }

  private validate(body: unknown, idByKey: Map<string, string>): Condition {
    const input = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
    const definition = validateSegmentDefinition(
      { key: PREVIEW_KEY, name: 'preview', ...input },
      { segmentExists: (key) => idByKey.has(key) },
    );
    return definition.condition;
  }
}
