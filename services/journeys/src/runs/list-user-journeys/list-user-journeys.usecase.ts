import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
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
  constructor(@Inject(PLATFORM) private readonly platform: Platform) {}

  async execute(command: ListUserJourneysCommand): Promise<UserJourneyView[]> {
    const { workspaceId, userId } = command;
    const rows = await this.platform.dataSource.query(
      `SELECT r.id, r.journey_id, j.key, r.version, r.episode, r.status, r.step, r.grp, r.converted, r.exit_reason, r.entered_at, r.ended_at
       FROM journeys.runs r JOIN journeys.journeys j ON j.id = r.journey_id
       WHERE r.workspace_id = $1 AND r.user_id = $2 ORDER BY r.entered_at DESC, r.id LIMIT 500`,
      [workspaceId, userId],
    );
    return rows.map((r: Record<string, never>) => ({
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
