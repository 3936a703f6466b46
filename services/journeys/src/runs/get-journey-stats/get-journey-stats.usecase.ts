import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { deliveryStats, DeliveryStats, GroupCounts, journeyStats, JourneyStats, RunGroup, SendCount } from '../../domain';
import { JourneyRepository } from '../../definitions/journey.repository';
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

type Row = { version: number; label: string | null; grp?: RunGroup; n: number };
type SendRow = SendCount & { version: number };

/** Entered, active per step, exits by reason, messages by outcome and reason, conversion with uplift, per version. */
@Injectable()
export class GetJourneyStatsUseCase {
  constructor(@Inject(PLATFORM) private readonly platform: Platform) {}

  async execute(command: GetJourneyStatsCommand): Promise<JourneyStatsView> {
    const { workspaceId, idOrKey } = command;
    const m = this.platform.dataSource.manager;
    const journey = await new JourneyRepository(m).get(workspaceId, idOrKey);
    const q = (sql: string): Promise<Row[]> => m.query(sql, [workspaceId, journey.id]);
    const scope = `FROM journeys.runs r WHERE r.workspace_id = $1 AND r.journey_id = $2`;
    const [groups, active, exits, sends] = await Promise.all([
      q(`SELECT version, grp, status AS label, count(*)::int AS n, count(*) FILTER (WHERE converted)::int AS converted ${scope} GROUP BY 1, 2, 3`),
      q(`SELECT version, step AS label, count(*)::int AS n ${scope} AND status = 'active' GROUP BY 1, 2`),
      q(`SELECT version, exit_reason AS label, count(*)::int AS n ${scope} AND status = 'exited' GROUP BY 1, 2`),
      m.query(`SELECT r.version, s.status, s.reason, count(*)::int AS n FROM journeys.sends s JOIN journeys.runs r ON r.id = s.run_id
         WHERE r.workspace_id = $1 AND r.journey_id = $2 GROUP BY 1, 2, 3`, [workspaceId, journey.id]) as Promise<SendRow[]>,
    ]);
    const versions = [...new Set(groups.map((g) => g.version))].sort((a, b) => a - b);
    return {
      journey: { id: journey.id, key: journey.key, version: journey.currentVersion },
      versions: versions.map((v) => versionStats(v, groups as Array<Row & { converted: number }>, active, exits, sends)),
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
