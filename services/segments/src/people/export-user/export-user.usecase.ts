import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { personIds } from '../person-ids';
import { PersonRepository } from '../person.repository';
import { ExportUserCommand } from './export-user.command';

export interface SegmentsExport {
  service: 'segments';
  /** The person's final user id, and every id merged into it. */
  userId: string;
  ids: string[];
  traits: Record<string, unknown>;
  /** Every retained event occurrence, oldest first. */
  events: Array<{ name: string; at: string; properties: Record<string, unknown> }>;
  totals: Record<string, { count: number; firstAt: string; lastAt: string }>;
  segments: Array<{ segment: string; enteredAt: string }>;
  identities: Array<{ id: string; mergedInto: string; linkedAt: string }>;
  /** Per item property value: the latest occurrence (audience queries). */
  items: Array<{ event: string; property: string; value: string; lastAt: string }>;
  updatedAt: string | null;
}

/** Everything segments holds about one person (an export for a data-access request); an unknown person exports empty. */
@Injectable()
export class ExportUserUseCase {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async execute(command: ExportUserCommand): Promise<SegmentsExport> {
    const m = this.dataSource.manager;
    const { workspaceId } = command;
    const person = await personIds(m, workspaceId, command.userId);
    const repo = new PersonRepository(m);
    const found = await repo.state(workspaceId, person.userId);
    const state = found?.state;
    const iso = (t: number) => new Date(t).toISOString();
    return {
      service: 'segments',
      userId: person.userId,
      ids: person.ids,
      traits: state?.traits ?? {},
      events: (state?.events ?? []).map((e) => ({ name: e.name, at: iso(e.at), properties: e.properties })),
      totals: Object.fromEntries(
        Object.entries(state?.totals ?? {}).map(([name, t]) => [name, { count: t.count, firstAt: iso(t.firstAt), lastAt: iso(t.lastAt) }]),
      ),
      segments: (await repo.memberships(workspaceId, person.userId)).map((s) => ({ segment: s.segment, enteredAt: new Date(s.enteredAt).toISOString() })),
      identities: (await repo.links(workspaceId, person.ids)).map((l) => ({ ...l, linkedAt: new Date(l.linkedAt).toISOString() })),
      items: await repo.itemOccurrences(workspaceId, person.userId),
      updatedAt: found ? new Date(found.updatedAt).toISOString() : null,
    };
  }
}
