import { CairnConfig, WorkspaceConfig } from '@cairn/config';
import { DomainError, NotFound } from '@cairn/core';
import { Logger } from '@cairn/observability';
import { CONFIG, LOGGER } from '@cairn/runtime';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';

/** How long segments gets to answer one call. */
export const SEGMENTS_TIMEOUT_MS = 5_000;

/** A member of a segment as a broadcast reads it: the user and their traits. */
export interface Member {
  userId: string;
  traits: Record<string, unknown>;
}

export interface MembersPage {
  members: Member[];
  /** The `after` of the next page; null after the last. */
  next: string | null;
}

/** Segments did not answer usefully (no connection, a timeout, a 5xx, an unreadable answer, or it refused the key). */
export class SegmentsUnavailable extends DomainError {
  readonly retryAfterSeconds = 5;

  constructor(problem: string) {
    super('SEGMENTS_UNAVAILABLE', `the segments service could not be asked (${problem}); try again`, 503);
    this.name = 'SegmentsUnavailable';
  }
}

/** No `services.segments` URL in the configuration: what needs segments cannot be done. */
export class SegmentsNotConfigured extends DomainError {
  constructor() {
    super('SEGMENTS_NOT_CONFIGURED', 'messaging has no URL for the segments service (the services object of the CAIRN_CONFIG file)', 503);
    this.name = 'SegmentsNotConfigured';
  }
}

/**
 * What messaging asks the segments service over its public HTTP API (the
 * `services.segments` URL of the CAIRN_CONFIG file), as journeys does for its
 * reference checks: a user's traits (`GET /v1/users/:userId/profile`) for a
 * send through the API, and a segment's members with their traits in pages
 * (`GET /v1/segments/:id/members?traits=true`) for a broadcast. A background
 * broadcast has no caller, so every call carries the workspace's first admin
 * key: every service needs the same workspaces and keys.
 */
@Injectable()
export class SegmentsClient implements OnModuleInit {
  constructor(
    @Inject(CONFIG) private readonly config: CairnConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    if (!this.baseUrl) {
      this.logger.warn(
        'no URL for the segments service in the services object of the CAIRN_CONFIG file: broadcasts cannot run and API sends use only their `to`',
      );
    }
  }

  get configured(): boolean {
    return this.baseUrl !== undefined;
  }

  /** The user's traits; undefined for a user segments does not know (or without a segments URL). */
  async traitsOf(workspace: WorkspaceConfig, userId: string): Promise<Record<string, unknown> | undefined> {
    if (!this.baseUrl) return undefined;
    const answer = await this.get(workspace, `/v1/users/${encodeURIComponent(userId)}/profile`);
    if (answer === undefined) return undefined;
    const traits = (answer as { traits?: unknown }).traits;
    return typeof traits === 'object' && traits !== null && !Array.isArray(traits) ? (traits as Record<string, unknown>) : {};
  }

  /** One page of the segment's members with their traits, after `after` (user id order); NotFound for an unknown segment. */
  async members(workspace: WorkspaceConfig, segment: string, after: string | null, limit: number): Promise<MembersPage> {
    if (!this.baseUrl) throw new SegmentsNotConfigured();
    const query = `limit=${limit}&traits=true${after === null ? '' : `&after=${encodeURIComponent(after)}`}`;
    const answer = await this.get(workspace, `/v1/segments/${encodeURIComponent(segment)}/members?${query}`);
    if (answer === undefined) throw new NotFound('segment', segment);
    const page = answer as { members?: Array<{ userId?: unknown; traits?: unknown }>; next?: unknown };
    if (!Array.isArray(page.members)) throw new SegmentsUnavailable('its members page has no members array');
    return {
      members: page.members.map((m) => ({
        userId: String(m.userId),
        traits: typeof m.traits === 'object' && m.traits !== null ? (m.traits as Record<string, unknown>) : {},
      })),
      next: typeof page.next === 'string' ? page.next : null,
    };
  }

  private get baseUrl(): string | undefined {
    return this.config.services?.segments;
  }

  /** The JSON answer, undefined on a 404; SegmentsUnavailable for everything else that is not a 2xx. */
  private async get(workspace: WorkspaceConfig, path: string): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        headers: { authorization: `Bearer ${workspace.adminKeys[0]}` },
        signal: AbortSignal.timeout(SEGMENTS_TIMEOUT_MS),
      });
    } catch (error) {
      throw new SegmentsUnavailable((error as Error).name === 'TimeoutError' ? `no answer within ${SEGMENTS_TIMEOUT_MS} ms` : 'no connection');
    }
    if (res.status === 404) {
      await res.body?.cancel();
      return undefined;
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new SegmentsUnavailable(
        res.status === 401 || res.status === 403 ? `it refused the workspace's admin key (${res.status})` : `it answered ${res.status}`,
      );
    }
    try {
      return await res.json();
    } catch {
      throw new SegmentsUnavailable('its answer is not JSON');
    }
  }
}
