import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JourneyDefinition, StepType } from '@cairn/journeys-domain';
import { StepEdge, stepEdges, stepOrder } from '@cairn/journeys-domain';
import { resolveVersion } from '../journey-version';
import { InsightsRepository } from '../insights.repository';
import { StepCountsCommand } from './step-counts.command';

export interface StepCounts {
  id: string;
  type: StepType;
  /** Where the step leads (null: the end of the journey). */
  next: StepEdge[];
  /** Runs of this version that entered the step at least once. */
  reached: number;
  /** Active runs that are at this step now (waiting on a timer or an event). */
  waiting: number;
  /** Runs that reached the step and are no longer in it: reached − waiting. */
  left: number;
  /** Of those, runs whose journey ended at this step by an exit (exit criteria, an exit step, the step limit). */
  exited: number;
}

export interface StepCountsView {
  journey: { id: string; key: string; name: string; status: string; version: number | null };
  version: number;
  publishedAt: string;
  definition: JourneyDefinition;
  runs: { entered: number; active: number; completed: number; exited: number };
  steps: StepCounts[];
}

/** The version's graph with per-step counts, in reading order (breadth first from the start step). */
@Injectable()
export class StepCountsUseCase {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async execute(command: StepCountsCommand): Promise<StepCountsView> {
    const repo = new InsightsRepository(this.dataSource.manager);
    const { journey, version, definition: def, publishedAt } = await resolveVersion(repo, command.workspaceId, command.idOrKey, command.version);
    const [steps, groups] = await Promise.all([repo.steps(command.workspaceId, journey.id, version), repo.groups(command.workspaceId, journey.id, version)]);
    const counts = new Map(steps.map((s) => [s.step, s]));
    const runs = { entered: 0, active: 0, completed: 0, exited: 0 };
    for (const g of groups) {
      runs.entered += g.entered;
      runs[g.status] += g.entered;
    }
    return {
      journey: { id: journey.id, key: journey.key, name: journey.name, status: journey.status, version: journey.currentVersion },
      version,
      publishedAt: new Date(publishedAt).toISOString(),
      definition: def,
      runs,
      steps: stepOrder(def).map((id) => {
        const c = counts.get(id) ?? { reached: 0, waiting: 0, exited: 0 };
        return {
          id,
          type: def.steps[id].type,
          next: stepEdges(def.steps[id]),
          reached: c.reached,
          waiting: c.waiting,
          left: Math.max(0, c.reached - c.waiting),
          exited: c.exited,
        };
      }),
    };
  }
}
