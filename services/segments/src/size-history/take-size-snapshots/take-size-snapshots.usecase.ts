import { CairnConfig } from '@cairn/config';
import { CONFIG, DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SNAPSHOT_RETENTION_MS } from '../snapshot-slots';
import { SizeSnapshotRepository } from '../size-snapshot.repository';
import { TakeSizeSnapshotsCommand } from './take-size-snapshots.command';

/**
 * Records the size of every segment of every configured workspace for one
 * slot and prunes snapshots past the retention, one transaction per
 * workspace. Idempotent per slot.
 */
@Injectable()
export class TakeSizeSnapshotsUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: CairnConfig,
  ) {}

  async execute(command: TakeSizeSnapshotsCommand): Promise<number> {
    let written = 0;
    for (const workspace of this.config.workspaces) {
      written += await this.dataSource.transaction(async (m) => {
        const repo = new SizeSnapshotRepository(m);
        await repo.prune(workspace.id, new Date(command.at.getTime() - SNAPSHOT_RETENTION_MS));
        return repo.snapshot(workspace.id, command.at);
      });
    }
    return written;
  }
}
