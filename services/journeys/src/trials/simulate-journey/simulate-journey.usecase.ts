import { ValidationFailed } from '@cairn/core';
import { DATA_SOURCE } from '@cairn/runtime';
import { parseScenario, prepareSimulation, resultOf, type Scenario, type SimulationResult } from '@cairn/simulator';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { trialJourney } from '../trial-journey';
import { WorkspaceResources } from '../workspace-resources';
import { SimulateJourneyCommand } from './simulate-journey.command';

/** How large a simulation one request may ask for (it runs in this process, handing the event loop back as it goes). */
export const SIMULATION_LIMITS = { users: 5_000, events: 50_000, steps: 250_000 };

function withinLimits(scenario: Scenario): Scenario {
  const problems = [];
  if (Object.keys(scenario.users).length > SIMULATION_LIMITS.users) problems.push({ path: 'users', message: `at most ${SIMULATION_LIMITS.users} users` });
  if (scenario.events.length > SIMULATION_LIMITS.events) problems.push({ path: 'events', message: `at most ${SIMULATION_LIMITS.events} events` });
  if (problems.length > 0) throw new ValidationFailed(problems);
  return scenario;
}

/**
 * Runs one journey (its draft, or a published version) and a scenario in
 * virtual time against the workspace's real segments, templates, channels,
 * frequency policy and coupon pools, with the workspace's time zone and
 * compliance settings (a scenario's `workspace` is replaced by them). Only
 * that journey runs. Nothing is stored or sent: the answer is what
 * `cairn simulate --format json` prints.
 */
@Injectable()
export class SimulateJourneyUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly resources: WorkspaceResources,
  ) {}

  async execute(command: SimulateJourneyCommand): Promise<SimulationResult> {
    const ws = command.workspace;
    const parsed = withinLimits(parseScenario(command.body));
    const scenario: Scenario = {
      ...parsed,
      workspace: { timezone: ws.timezone, compliance: ws.compliance, senderName: ws.senderName, optOutText: ws.optOutText },
    };
    const journey = await trialJourney(this.dataSource.manager, ws.id, command.idOrKey, command.version);
    const workspace = await this.resources.read(ws.id, command.authorization);
    const simulation = prepareSimulation([...workspace, { kind: 'journey', body: journey.definition, version: journey.version }], scenario, {
      workspaceId: ws.id,
      maxSteps: SIMULATION_LIMITS.steps,
      trace: false,
    });
    return resultOf(await simulation.runAsync());
  }
}
