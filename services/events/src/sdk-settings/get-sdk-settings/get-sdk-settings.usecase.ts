import { Injectable } from '@nestjs/common';
import { GetSdkSettingsCommand } from './get-sdk-settings.command';

/**
 * What analytics.js needs from its settings document: the Segment.io
 * destination with the write key it sends events with (`apiKey`), no other
 * destination, plan, middleware or remote plugin (so it loads no code from
 * anywhere), and no performance metrics (sampleRate 0; they would go to its
 * apiHost). Its `apiHost` is the page's own setting, never taken from here.
 */
export function analyticsJsSettings(writeKey: string) {
  return {
    integrations: { 'Segment.io': { apiKey: writeKey, addBundledMetadata: false, unbundledIntegrations: [], maybeBundledConfigIds: {} } },
    plan: {},
    enabledMiddleware: {},
    middlewareSettings: {},
    metrics: { sampleRate: 0 },
    legacyVideoPluginsEnabled: false,
    remotePlugins: [],
  };
}

/**
 * What RudderStack's SDK needs from its source config: an enabled source with
 * an id (a fixed one: the document names no workspace), no device-mode
 * destination (so it loads no integration code), and its error and metrics
 * reporting off (they would go to RudderStack's services).
 */
export function rudderStackSourceConfig() {
  return {
    isHosted: false,
    source: {
      id: 'cairn',
      name: 'Cairn',
      workspaceId: 'cairn',
      enabled: true,
      config: { statsCollection: { errors: { enabled: false }, metrics: { enabled: false } } },
      destinations: [],
    },
  };
}

/**
 * The document a browser SDK fetches before anything else, served by Cairn
 * so the SDK needs nothing from its vendor. The write key is public (it ships
 * in the page): the documents hold nothing but what the SDK needs, and
 * nothing of the workspace (no id, name, origins or other keys).
 */
@Injectable()
export class GetSdkSettingsUseCase {
  execute(command: GetSdkSettingsCommand): Record<string, unknown> {
    return command.sdk === 'analytics.js' ? analyticsJsSettings(command.writeKey) : rudderStackSourceConfig();
  }
}
