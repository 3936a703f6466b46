import { CairnConfig, WorkspaceConfig } from '@cairn/config';
import { Clock, CLOCK } from '@cairn/core';
import { CONFIG } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { UnsubscribeSubject, UnsubscribeTokens } from './unsubscribe-token';

/** Where an unsubscribe link goes, under a public base URL. */
export const UNSUBSCRIBE_PATH = '/v1/unsubscribe';

/**
 * The unsubscribe links of messages: `<public base>/v1/unsubscribe?token=…`,
 * the base being the workspace's `publicBaseUrl`, else (outside production)
 * the address this process answers on. Without either there is no link:
 * `{{ unsubscribe_url }}` is then unknown to templates (a render using it
 * fails) and promotional email goes out without `List-Unsubscribe`.
 */
@Injectable()
export class UnsubscribeLinks {
  readonly tokens: UnsubscribeTokens;
  private readonly workspaces: Map<string, WorkspaceConfig>;

  constructor(
    @Inject(CONFIG) private readonly config: CairnConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.tokens = new UnsubscribeTokens(config.secrets);
    this.workspaces = new Map(config.workspaces.map((w) => [w.id, w]));
  }

  /** The link for this user and channel key, or undefined when the workspace has no public address. */
  urlFor(subject: UnsubscribeSubject): string | undefined {
    const base = this.workspaces.get(subject.workspaceId)?.publicBaseUrl ?? this.config.publicUrl;
    if (!base) return undefined;
    return `${base}${UNSUBSCRIBE_PATH}?token=${this.tokens.issue(subject, this.clock.now())}`;
  }
}
