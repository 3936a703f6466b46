import { NotFound } from '@cairn/core';
import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { segmentRepository, type SegmentRecord } from '../segment.repository';

/** Reads a workspace's segment definitions. */
@Injectable()
export class GetSegmentsUseCase {
  constructor(@Inject(PLATFORM) private readonly platform: Platform) {}

  /** All of them, or only those whose key is in `keys`. */
  list(workspaceId: string, keys?: string[]): Promise<SegmentRecord[]> {
    return segmentRepository.list(this.platform.dataSource.manager, workspaceId, keys);
  }

  async get(workspaceId: string, segment: string): Promise<SegmentRecord> {
    const found = await segmentRepository.find(this.platform.dataSource.manager, workspaceId, segment);
    if (!found) throw new NotFound('segment', segment);
    return found;
  }
}
