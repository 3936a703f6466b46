import { CLOCK, Clock, FieldProblem, ValidationFailed } from '@cairn/core';
import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JourneyDefinition, readyMadeJourneys } from '@cairn/journeys-domain';
import { collectRefs, emptyRefKeys, FoundRefs, validateWithFound } from '../../refs/collect-refs';
import { JourneyReferences } from '../../refs/journey-references';
import { JourneyRepository } from '../journey.repository';
import { journeyView, JourneyView } from '../journey.view';
import { PublishJourneyUseCase } from '../publish-journey/publish-journey.usecase';
import { InstallReadyMadeCommand } from './install-ready-made.command';

export interface InstalledJourney {
  key: string;
  outcome: 'created' | 'updated' | 'unchanged';
  journey: JourneyView;
}

/** JSON with sorted keys: jsonb does not keep key order, so compare canonical forms. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/**
 * Installs the ready-made journeys (cart abandonment, welcome-back coupon,
 * restock notice, flagship secret coupon, first-order follow-up) as drafts and
 * publishes those that changed. Running it again with the same options changes
 * nothing, so it is safe on every boot of a demo. What they reference
 * (templates, channel, segments, coupon pools) must exist first, as for any
 * journey: otherwise nothing is installed and the 400 names every missing
 * reference as `journeys.<key>.<path>`.
 */
@Injectable()
export class InstallReadyMadeUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly publishing: PublishJourneyUseCase,
    private readonly references: JourneyReferences,
  ) {}

  async execute(command: InstallReadyMadeCommand): Promise<InstalledJourney[]> {
    const { definitions, found } = await this.definitions(command);
    const installed: InstalledJourney[] = [];
    for (const def of definitions) {
      const outcome = await this.dataSource.transaction(async (m) => {
        const repo = new JourneyRepository(m);
        const existing = await repo.find(command.workspaceId, def.key, true);
        const now = this.clock.now();
        if (!existing) return (await repo.insert(command.workspaceId, def, now)) ? 'created' : 'unchanged';
        if (same(existing.draft, def)) return 'unchanged';
        await repo.updateDraft(command.workspaceId, existing.id, def, now);
        return 'updated';
      });
      const journey = await this.publishIfStale(command, def.key, found);
      installed.push({ key: def.key, outcome: outcome as InstalledJourney['outcome'], journey });
    }
    return installed;
  }

  private async publishIfStale(command: InstallReadyMadeCommand, key: string, found: FoundRefs): Promise<JourneyView> {
    const repo = new JourneyRepository(this.dataSource.manager);
    const current = await repo.get(command.workspaceId, key);
    const [published] = current.currentVersion === null ? [] : await repo.versions([{ journeyId: current.id, version: current.currentVersion }]);
    const stale = !published || !same(published.definition, current.draft);
    return command.publish !== false && stale ? this.publishing.execute({ workspaceId: command.workspaceId, idOrKey: key }, found) : journeyView(current);
  }

  /** The journeys for these options, validated against one look-up per kind of reference for all of them. */
  private async definitions(command: InstallReadyMadeCommand): Promise<{ definitions: JourneyDefinition[]; found: FoundRefs }> {
    let journeys;
    try {
      journeys = readyMadeJourneys({ waitScale: command.waitScale, channel: command.channel, holdout: command.holdout });
    } catch (error) {
      throw new ValidationFailed([{ path: 'waitScale', message: (error as Error).message }]);
    }
    const keys = emptyRefKeys();
    for (const journey of journeys) collectRefs(journey, keys);
    const found = await this.references.resolve(command, keys);
    const problems: FieldProblem[] = [];
    const definitions = journeys.map((journey) => {
      try {
        return validateWithFound(journey, found);
      } catch (error) {
        if (!(error instanceof ValidationFailed)) throw error;
        problems.push(...error.fields.map((f) => ({ ...f, path: `journeys.${journey.key}.${f.path}` })));
        return undefined;
      }
    });
    if (problems.length > 0) throw new ValidationFailed(problems);
    return { definitions: definitions as JourneyDefinition[], found };
  }
}
