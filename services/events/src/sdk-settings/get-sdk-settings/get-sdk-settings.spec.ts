import { GetSdkSettingsUseCase } from './get-sdk-settings.usecase';

describe('the SDK settings documents', () => {
  const settings = new GetSdkSettingsUseCase();

  it('gives analytics.js the Segment.io destination with the presented write key, and nothing it would load or report elsewhere', () => {
    const doc = settings.execute({ sdk: 'analytics.js', writeKey: 'shop-write-key-1' });
    expect(doc).toEqual({
      integrations: { 'Segment.io': { apiKey: 'shop-write-key-1', addBundledMetadata: false, unbundledIntegrations: [], maybeBundledConfigIds: {} } },
      plan: {},
      enabledMiddleware: {},
      middlewareSettings: {},
      metrics: { sampleRate: 0 },
      legacyVideoPluginsEnabled: false,
      remotePlugins: [],
    });
  });

  it('gives RudderStack an enabled source without destinations or reporting, naming no workspace', () => {
    const doc = settings.execute({ sdk: 'rudderstack', writeKey: 'shop-write-key-1' });
    expect(doc).toEqual({
      isHosted: false,
      source: {
        id: 'cairn',
        name: 'Cairn',
        workspaceId: 'cairn',
        enabled: true,
        config: { statsCollection: { errors: { enabled: false }, metrics: { enabled: false } } },
        destinations: [],
      },
    });
    expect(JSON.stringify(doc)).not.toContain('shop-write-key-1');
  });
});
