import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { deliveryStats, DeliveryStats, GroupCounts, journeyStats, JourneyStats, RunGroup } from '@cairn/journeys-domain';
import { JourneyRepository } from '../../definitions/journey.repository';
import { JourneyRunCounts, RunRepository, VersionCount } from '../run.repository';
import { GetJourneyStatsCommand } from './get-journey-stats.command';

export interface VersionStats extends JourneyStats {
  version: number;
  entered: number;
  activeBySteps: Record<string, number>;
  exitsByReason: Record<string, number>;
  /** Send records by status: requested (no outcome yet), holdout (a holdout run skipped the send), or the outcome. */
  messages: Record<string, number>;
  /** Requested / sent / deferred / suppressed / failed, with suppressions and failures by reason. */
  delivery: DeliveryStats;
}

export interface JourneyStatsView {
  journey: { id: string; key: string; version: number | null };
  versions: VersionStats[];
}

type Row = VersionCount;
type SendRow = JourneyRunCounts['sends'][number];

/** Entered, active per step, exits by reason, messages by outcome and reason, conversion with uplift, per version. */
@Injectable()
export class GetJourneyStatsUseCase {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async execute(command: GetJourneyStatsCommand): Promise<JourneyStatsView> {
    const { workspaceId, idOrKey } = command;
    const m = this.dataSource.manager;
    const journey = await new JourneyRepository(m).get(workspaceId, idOrKey);
    const { groups, active, exits, sends } = await new RunRepository(m).countsOf(workspaceId, journey.id);
    const versions = [...new Set(groups.map((g) => g.version))].sort((a, b) => a - b);
    return {
      journey: { id: journey.id, key: journey.key, version: journey.currentVersion },
      versions: versions.map((v) => versionStats(v, groups, active, exits, sends)),
    };
  }
}

function versionStats(version: number, groups: Array<Row & { converted: number }>, active: Row[], exits: Row[], allSends: SendRow[]): VersionStats {
  const counts: Record<RunGroup, Partial<GroupCounts>> = { treatment: {}, holdout: {} };
  for (const g of groups.filter((r) => r.version === version)) {
    const c = counts[g.grp as RunGroup];
    c.entered = (c.entered ?? 0) + g.n;
    c.converted = (c.converted ?? 0) + g.converted;
    const status = g.label as 'active' | 'completed' | 'exited';
    c[status] = (c[status] ?? 0) + g.n;
  }
  const byLabel = (rows: Row[]) => Object.fromEntries(rows.filter((r) => r.version === version).map((r) => [r.label ?? 'none', r.n]));
  const stats = journeyStats(counts);
  const sends = allSends.filter((r) => r.version === version);
  const messages: Record<string, number> = {};
  for (const r of sends) messages[r.status] = (messages[r.status] ?? 0) + r.n;
  return {
    version,
    entered: stats.treatment.entered + stats.holdout.entered,
    activeBySteps: byLabel(active),
    exitsByReason: byLabel(exits),
    messages,
    delivery: deliveryStats(sends),
    ...stats,
  };
}
