import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RunRepository } from '../run.repository';
import { ListUserJourneysCommand } from './list-user-journeys.command';

export interface UserJourneyView {
  runId: string;
  journey: { id: string; key: string; version: number };
  episode: number;
  status: string;
  step: string | null;
  group: string;
  converted: boolean;
  exitReason: string | null;
  enteredAt: string;
  endedAt: string | null;
}

/** A user's runs in one workspace, newest first. */
@Injectable()
export class ListUserJourneysUseCase {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async execute(command: ListUserJourneysCommand): Promise<UserJourneyView[]> {
    const { workspaceId, userId } = command;
    const rows = await new RunRepository(this.dataSource.manager).ofUser(workspaceId, userId, 500);
    return rows.map((r) => ({
      runId: r.id,
      journey: { id: r.journey_id, key: r.key, version: r.version },
      episode: r.episode,
      status: r.status,
      step: r.step,
      group: r.grp,
      converted: r.converted,
      exitReason: r.exit_reason,
      enteredAt: new Date(r.entered_at).toISOString(),
      endedAt: r.ended_at ? new Date(r.ended_at).toISOString() : null,
    }));
  }
}
