import { NotFound } from '@cairn/core';
import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SegmentRepository, type SegmentRecord } from '../segment.repository';
import { GetSegmentCommand } from './get-segment.command';

/** Reads one segment definition by id or key; 404 when the workspace has none such. */
@Injectable()
export class GetSegmentUseCase {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async execute(command: GetSegmentCommand): Promise<SegmentRecord> {
    const found = await new SegmentRepository(this.dataSource.manager).find(command.workspaceId, command.segment);
    if (!found) throw new NotFound('segment', command.segment);
    return found;
  }
}
