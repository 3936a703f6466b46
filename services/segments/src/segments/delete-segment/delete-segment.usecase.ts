import { Conflict, NotFound } from '@cairn/core';
import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { referencedSegments } from '@cairn/segments-domain';
import { DefinitionsRepository } from '../../evaluation/definitions.repository';
import { SegmentRepository } from '../segment.repository';
import { DeleteSegmentCommand } from './delete-segment.command';

/**
 * Deletes a segment and its memberships. Nothing more is published for it:
 * members get no exit message (the segment is gone, not left). A segment
 * another segment references cannot be deleted.
 */
@Injectable()
export class DeleteSegmentUseCase {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async execute(command: DeleteSegmentCommand): Promise<void> {
    const { workspaceId } = command;
    await this.dataSource.transaction(async (m) => {
      await new DefinitionsRepository(m).bumpVersion(workspaceId);
      const segments = new SegmentRepository(m);
      const current = await segments.find(workspaceId, command.segment, true);
      if (!current) throw new NotFound('segment', command.segment);
      const users = (await segments.conditions(workspaceId))
        .filter((s) => s.id !== current.id && referencedSegments(s.condition).has(current.key))
        .map((s) => s.key);
      if (users.length > 0) {
        throw new Conflict('SEGMENT_REFERENCED', `segment "${current.key}" is referenced by ${users.map((k) => `"${k}"`).join(', ')}`);
      }
      await segments.delete(workspaceId, current.id);
    });
  }
}
