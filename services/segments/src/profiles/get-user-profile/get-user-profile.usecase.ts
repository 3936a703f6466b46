import { NotFound } from '@cairn/core';
import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UserProfileRepository } from '../user-profile.repository';
import { GetUserProfileCommand } from './get-user-profile.command';

/** Recent events returned with a profile. */
export const PROFILE_EVENTS = 100;

export interface UserProfileView {
  userId: string;
  traits: Record<string, unknown>;
  /** Ids merged into this user (anonymous ids, aliases), with when they were linked. */
  identities: Array<{ id: string; kind: 'anonymous' | 'alias'; linkedAt: string }>;
  /** Per event name: lifetime count, first and last time (ISO). */
  totals: Record<string, { count: number; firstAt: string; lastAt: string }>;
  /** The newest retained events, newest first. */
  events: Array<{ name: string; at: string; properties: Record<string, unknown> }>;
  updatedAt: string;
}

/** One person's traits, identities, event totals and recent events from segments' per-user state; 404 for an unknown id. */
@Injectable()
export class GetUserProfileUseCase {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async execute(command: GetUserProfileCommand): Promise<UserProfileView> {
    const repo = new UserProfileRepository(this.dataSource.manager);
    const [found, links] = await Promise.all([repo.state(command.workspaceId, command.userId), repo.linkedIds(command.workspaceId, command.userId)]);
    if (!found) {
      const into = await repo.mergedInto(command.workspaceId, command.userId);
      throw new NotFound(into ? `user (merged into ${JSON.stringify(into)})` : 'user', command.userId);
    }
    const { state } = found;
    const iso = (t: number) => new Date(t).toISOString();
    return {
      userId: command.userId,
      traits: state.traits ?? {},
      identities: links.map((l) => ({ id: l.id, kind: l.kind, linkedAt: new Date(l.linkedAt).toISOString() })),
      totals: Object.fromEntries(
        Object.entries(state.totals ?? {}).map(([name, t]) => [name, { count: t.count, firstAt: iso(t.firstAt), lastAt: iso(t.lastAt) }]),
      ),
      events: (state.events ?? [])
        .slice(-PROFILE_EVENTS)
        .reverse()
        .map((e) => ({ name: e.name, at: iso(e.at), properties: e.properties })),
      updatedAt: new Date(found.updatedAt).toISOString(),
    };
  }
}
