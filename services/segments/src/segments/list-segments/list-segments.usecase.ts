import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { SegmentRepository, type SegmentRecord } from '../segment.repository';
import { ListSegmentsCommand } from './list-segments.command';

/** Lists a workspace's segment definitions: all of them, or only those whose key is in `keys`. */
@Injectable()
export class ListSegmentsUseCase {
  constructor(@Inject(PLATFORM) private readonly platform: Platform) {}

  execute(command: ListSegmentsCommand): Promise<SegmentRecord[]> {
    return new SegmentRepository(this.platform.dataSource.manager).list(command.workspaceId, command.keys);
  }
}
