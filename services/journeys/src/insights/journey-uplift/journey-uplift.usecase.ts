import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { conversionRate, RunGroup } from '@cairn/journeys-domain';
import { upliftInterval, upliftProblem, UPLIFT_METHOD } from '@cairn/journeys-domain';
import { resolveVersion } from '../journey-version';
import { InsightsRepository } from '../insights.repository';
import { JourneyUpliftCommand } from './journey-uplift.command';

export interface GroupConversion {
  entered: number;
  converted: number;
  /** converted / entered; null when nobody entered. */
  rate: number | null;
}

export interface UpliftView {
  journey: { id: string; key: string };
  version: number;
  /** The conversion goal's window, when the journey has a goal. */
  goal: { event: string; within: string } | null;
  treatment: GroupConversion;
  holdout: GroupConversion;
  uplift: {
    /** Treatment rate − holdout rate; null without both rates. */
    absolute: number | null;
    /** (treatment − holdout) / holdout; null when the holdout rate is 0 or unknown. */
    relative: number | null;
    /** The interval of `absolute` (Newcombe's hybrid score interval); null when a group has no entrants. */
    interval: { lower: number; upper: number; confidence: number; method: typeof UPLIFT_METHOD } | null;
    /** Why there is no interval. */
    reason?: string;
  };
}

/** Conversion of the treatment and holdout groups of one version, the uplift and its confidence interval. */
@Injectable()
export class JourneyUpliftUseCase {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async execute(command: JourneyUpliftCommand): Promise<UpliftView> {
    const repo = new InsightsRepository(this.dataSource.manager);
    const { journey, version, definition } = await resolveVersion(repo, command.workspaceId, command.idOrKey, command.version);
    const counts: Record<RunGroup, { entered: number; converted: number }> = { treatment: { entered: 0, converted: 0 }, holdout: { entered: 0, converted: 0 } };
    for (const g of await repo.groups(command.workspaceId, journey.id, version)) {
      counts[g.group].entered += g.entered;
      counts[g.group].converted += g.converted;
    }
    const view = (c: { entered: number; converted: number }): GroupConversion => ({ ...c, rate: conversionRate(c.converted, c.entered) });
    const treatment = view(counts.treatment);
    const holdout = view(counts.holdout);
    const absolute = treatment.rate !== null && holdout.rate !== null ? treatment.rate - holdout.rate : null;
    const relative = absolute !== null && holdout.rate ? absolute / holdout.rate : null;
    const interval = upliftInterval(counts.treatment, counts.holdout, command.confidence);
    const reason = upliftProblem(counts.treatment, counts.holdout);
    return {
      journey: { id: journey.id, key: journey.key },
      version,
      goal: definition.goal ? { event: definition.goal.event, within: definition.goal.within } : null,
      treatment,
      holdout,
      uplift: {
        absolute,
        relative,
        interval: interval && { lower: interval.lower, upper: interval.upper, confidence: interval.confidence, method: interval.method },
        ...(reason ? { reason } : {}),
      },
    };
  }
}
