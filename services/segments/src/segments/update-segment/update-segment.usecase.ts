import { CLOCK, Clock, NotFound, ValidationFailed } from '@cairn/core';
import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { validateSegmentDefinition } from '@cairn/segments-domain';
import { DefinitionsRepository } from '../../evaluation/definitions.repository';
import { createsCycle } from '../../evaluation/segment-index';
import { SegmentRepository, type SegmentRecord } from '../segment.repository';
import { UpdateSegmentCommand } from './update-segment.command';

/**
 * Replaces a definition and restarts its backfill: every stored user is
 * re-evaluated against the new condition, publishing the entries and exits
 * the edit causes.
 */
@Injectable()
export class UpdateSegmentUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: UpdateSegmentCommand): Promise<SegmentRecord> {
    const { workspaceId, body } = command;
    return this.dataSource.transaction(async (m) => {
      await new DefinitionsRepository(m).bumpVersion(workspaceId);
      const segments = new SegmentRepository(m);
      const current = await segments.find(workspaceId, command.segment, true);
      if (!current) throw new NotFound('segment', command.segment);
      const all = await segments.conditions(workspaceId);
      const keys = new Set(all.map((s) => s.key));
      const definition = validateSegmentDefinition(body, { segmentExists: (key) => keys.has(key) });
      if (definition.key !== current.key) {
        throw new ValidationFailed([{ path: 'key', message: `cannot change (was "${current.key}"); create a new segment instead` }]);
      }
      if (createsCycle(all, { id: current.id, key: current.key, condition: definition.condition })) {
        throw new ValidationFailed([{ path: 'condition', message: 'the segment references would form a cycle' }]);
      }
      return segments.replace(workspaceId, current.id, definition, this.clock.now());
    });
  }
}
