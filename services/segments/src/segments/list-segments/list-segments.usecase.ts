import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SegmentRepository, type SegmentRecord } from '../segment.repository';
import { ListSegmentsCommand } from './list-segments.command';

/** Lists a workspace's segment definitions: all of them, or only those whose key is in `keys`. */
@Injectable()
export class ListSegmentsUseCase {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  execute(command: ListSegmentsCommand): Promise<SegmentRecord[]> {
    return new SegmentRepository(this.dataSource.manager).list(command.workspaceId, command.keys);
  }
}
