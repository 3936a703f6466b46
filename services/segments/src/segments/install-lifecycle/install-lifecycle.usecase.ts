import { CLOCK, Clock, ValidationFailed } from '@cairn/core';
import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DEFAULT_LIFECYCLE_THRESHOLDS, LIFECYCLE_STAGES, lifecycleSegments, validateSegmentDefinition, type LifecycleThresholds } from '@cairn/segments-domain';
import { DefinitionsRepository } from '../../evaluation/definitions.repository';
import { SegmentRepository, type SegmentRecord } from '../segment.repository';
import { InstallLifecycleCommand } from './install-lifecycle.command';

/**
 * Creates the five lifecycle segments (prospect, new, loyal, dormant,
 * returning; they never overlap) or replaces them when already installed, for
 * example with other thresholds. Each is then backfilled like any new or
 * edited segment.
 */
@Injectable()
export class InstallLifecycleUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: InstallLifecycleCommand): Promise<{ segments: SegmentRecord[] }> {
    const { workspaceId } = command;
    const definitions = lifecycleSegments(thresholdsOf(command.body));
    return this.dataSource.transaction(async (m) => {
      await new DefinitionsRepository(m).bumpVersion(workspaceId);
      const repository = new SegmentRepository(m);
      const now = this.clock.now();
      const segments: SegmentRecord[] = [];
      for (const stage of LIFECYCLE_STAGES) {
        const definition = validateSegmentDefinition(definitions[stage], { segmentExists: () => false });
        const current = await repository.find(workspaceId, definition.key, true);
        segments.push(
          current ? await repository.replace(workspaceId, current.id, definition, now) : (await repository.insert(workspaceId, randomUUID(), definition, now))!,
        );
      }
      return { segments };
    });
  }
}

function thresholdsOf(body: unknown): LifecycleThresholds {
  const input = body === undefined || body === null ? {} : body;
  if (typeof input !== 'object' || Array.isArray(input)) throw new ValidationFailed([{ path: '', message: 'expected a JSON object' }]);
  const unknown = Object.keys(input).filter((k) => k !== 'dormantAfter' && k !== 'loyalOrders');
  if (unknown.length > 0) throw new ValidationFailed(unknown.map((path) => ({ path, message: 'unknown field' })));
  return { ...DEFAULT_LIFECYCLE_THRESHOLDS, ...(input as Partial<LifecycleThresholds>) };
}
