import { Clock, CLOCK, formatDuration, NotFound } from '@cairn/core';
import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SNAPSHOT_SLOT_MS } from '../snapshot-slots';
import { SegmentRepository } from '../../segments/segment.repository';
import { SizeSnapshotRepository } from '../size-snapshot.repository';
import { GetSizeHistoryCommand } from './get-size-history.command';

export interface SizeHistoryView {
  segment: { id: string; key: string; name: string };
  /** How often a snapshot is taken. */
  every: string;
  /** Snapshots taken within the period asked for, oldest first. */
  points: Array<{ at: string; size: number }>;
  /** The size now (memberships counted at the time of the call). */
  current: { at: string; size: number };
}

/** The snapshots of one segment's size since a point in time, and its size now. */
@Injectable()
export class GetSizeHistoryUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: GetSizeHistoryCommand): Promise<SizeHistoryView> {
    const repo = new SizeSnapshotRepository(this.dataSource.manager);
    const found = await new SegmentRepository(this.dataSource.manager).find(command.workspaceId, command.idOrKey);
    if (!found) throw new NotFound('segment', command.idOrKey);
    const segment = { id: found.id, key: found.key, name: found.name };
    const now = this.clock.now();
    const [points, size] = await Promise.all([
      repo.history(command.workspaceId, segment.id, new Date(now.getTime() - command.sinceMs)),
      repo.currentSize(command.workspaceId, segment.id),
    ]);
    return {
      segment,
      every: formatDuration(SNAPSHOT_SLOT_MS),
      points: points.map((p) => ({ at: new Date(p.at).toISOString(), size: p.size })),
      current: { at: now.toISOString(), size },
    };
  }
}
