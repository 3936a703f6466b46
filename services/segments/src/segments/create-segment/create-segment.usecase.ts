import { CLOCK, Clock, Conflict } from '@cairn/core';
import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { validateSegmentDefinition } from '@cairn/segments-domain';
import { DefinitionsRepository } from '../../evaluation/definitions.repository';
import { SegmentRepository, type SegmentRecord } from '../segment.repository';
import { CreateSegmentCommand } from './create-segment.command';

/**
 * Validates and stores a new segment. Its backfill over the stored user
 * states starts right after (the backfill runner picks it up), publishing the
 * resulting entries.
 */
@Injectable()
export class CreateSegmentUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: CreateSegmentCommand): Promise<SegmentRecord> {
    const { workspaceId, body } = command;
    return this.dataSource.transaction(async (m) => {
      // Bumping first serialises the workspace's definition changes.
      await new DefinitionsRepository(m).bumpVersion(workspaceId);
      const segments = new SegmentRepository(m);
      const keys = new Set((await segments.conditions(workspaceId)).map((s) => s.key));
      const definition = validateSegmentDefinition(body, { segmentExists: (key) => keys.has(key) });
      const record = await segments.insert(workspaceId, randomUUID(), definition, this.clock.now());
      if (!record) throw new Conflict('SEGMENT_EXISTS', `a segment with key "${definition.key}" already exists`);
      return record;
    });
  }
}
