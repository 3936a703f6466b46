import { NotFound } from '@cairn/core';
import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { segmentRepository } from '../segment.repository';
import { ListMembersCommand } from './list-members.command';

export interface MembersPage {
  segment: { id: string; key: string };
  members: Array<{ userId: string; enteredAt: string }>;
  /** Pass as `after` to get the next page; null on the last page. */
  next: string | null;
}

/** Keyset pagination over the memberships primary key (segment, user). */
@Injectable()
export class ListMembersUseCase {
  constructor(@Inject(PLATFORM) private readonly platform: Platform) {}

  async execute(command: ListMembersCommand): Promise<MembersPage> {
    const m = this.platform.dataSource.manager;
    const segment = await segmentRepository.find(m, command.workspaceId, command.segment);
    if (!segment) throw new NotFound('segment', command.segment);
    const rows: Array<{ user_id: string; entered_at: Date }> = await m.query(
      `SELECT user_id, entered_at FROM segments.memberships
       WHERE segment_id = $1 AND workspace_id = $2 AND user_id > $3 ORDER BY user_id LIMIT $4`,
      [segment.id, command.workspaceId, command.after ?? '', command.limit + 1],
    );
    const page = rows.slice(0, command.limit);
    return {
      segment: { id: segment.id, key: segment.key },
      members: page.map((r) => ({ userId: r.user_id, enteredAt: r.entered_at.toISOString() })),
      next: rows.length > command.limit ? page[page.length - 1].user_id : null,
    };
  }
}
