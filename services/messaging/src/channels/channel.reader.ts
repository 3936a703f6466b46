import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TtlCache } from '../shared/ttl-cache';
import { ChannelCredentials } from './channel-credentials';
import { ChannelRepository, StoredChannel } from './channel.repository';

/** How long deliveries may use channels read before (a write on this replica applies at once, on another within this). */
export const CHANNEL_TTL_MS = 1_000;

/**
 * The channels deliveries use, each workspace's read at most once per
 * CHANNEL_TTL_MS. A write through this replica's API drops the workspace's
 * (`changed`), so it applies to the next batch at once; a write through
 * another replica applies within CHANNEL_TTL_MS. The API reads the
 * repository, never this.
 */
@Injectable()
export class ChannelReader {
  private readonly cache = new TtlCache<Map<string, StoredChannel>>(CHANNEL_TTL_MS);

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly credentials: ChannelCredentials,
  ) {}

  /** These channels of the workspace, by key (`findMany`, kept for CHANNEL_TTL_MS). */
  async forDelivery(workspaceId: string, keys: string[]): Promise<Map<string, StoredChannel>> {
    return this.cache.get(`${workspaceId}\u0000${[...keys].sort().join('\u0000')}`, () =>
      new ChannelRepository(this.dataSource.manager, this.credentials).findMany(workspaceId, keys),
    );
  }

  /** The workspace's channels were written through this replica: its next read goes to the database. */
  changed(workspaceId: string): void {
    this.cache.invalidate(`${workspaceId}\u0000`);
  }
}
