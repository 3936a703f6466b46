import { NotFound } from '@cairn/core';
import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SegmentRepository } from '../segment.repository';
import { ListMembersCommand } from './list-members.command';

export interface MembersPage {
  segment: { id: string; key: string };
  /** With `traits`: each member's traits as segments knows them (`{}` for a member without a stored state). */
  members: Array<{ userId: string; enteredAt: string; traits?: Record<string, unknown> }>;
  /** Pass as `after` to get the next page; null on the last page. */
  next: string | null;
}

/** Keyset pagination over the memberships primary key (segment, user); with `traits`, each member's traits from their state. */
@Injectable()
export class ListMembersUseCase {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async execute(command: ListMembersCommand): Promise<MembersPage> {
    const segments = new SegmentRepository(this.dataSource.manager);
    const segment = await segments.find(command.workspaceId, command.segment);
    if (!segment) throw new NotFound('segment', command.segment);
    const rows = await segments.members(command.workspaceId, segment.id, command.after ?? '', command.limit + 1, command.traits === true);
    const page = rows.slice(0, command.limit);
    return {
      segment: { id: segment.id, key: segment.key },
      members: page.map((r) => ({ userId: r.userId, enteredAt: r.enteredAt.toISOString(), ...(command.traits ? { traits: r.traits ?? {} } : {}) })),
      next: rows.length > command.limit ? page[page.length - 1].userId : null,
    };
  }
}
