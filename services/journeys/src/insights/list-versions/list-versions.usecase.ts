import { NotFound } from '@cairn/core';
import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InsightsRepository } from '../insights.repository';
import { ListVersionsCommand } from './list-versions.command';

export interface VersionsView {
  journey: { id: string; key: string; name: string; status: string; version: number | null };
  versions: Array<{ version: number; publishedAt: string; current: boolean; runs: number }>;
}

/** Every published version of a journey, newest first, with the runs each started. */
@Injectable()
export class ListVersionsUseCase {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async execute(command: ListVersionsCommand): Promise<VersionsView> {
    const repo = new InsightsRepository(this.dataSource.manager);
    const journey = await repo.journey(command.workspaceId, command.idOrKey);
    if (!journey) throw new NotFound('journey', command.idOrKey);
    const versions = await repo.versions(command.workspaceId, journey.id);
    return {
      journey: { id: journey.id, key: journey.key, name: journey.name, status: journey.status, version: journey.currentVersion },
      versions: versions.map((v) => ({
        version: v.version,
        publishedAt: new Date(v.publishedAt).toISOString(),
        current: v.version === journey.currentVersion,
        runs: v.runs,
      })),
    };
  }
}
