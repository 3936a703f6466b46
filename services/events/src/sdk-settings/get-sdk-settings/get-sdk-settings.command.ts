/** Which SDK asks: analytics.js (`cdnURL/v1/projects/<writeKey>/settings`) or RudderStack (`configUrl/sourceConfig`). */
export type BrowserSdk = 'analytics.js' | 'rudderstack';

export interface GetSdkSettingsCommand {
  sdk: BrowserSdk;
  /** The write key the SDK presented (checked before); analytics.js reads it back from its settings. */
  writeKey: string;
}
