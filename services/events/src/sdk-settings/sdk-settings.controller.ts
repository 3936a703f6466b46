import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiBasicAuth, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { WriteKeyChecked } from '../http/write-key-checked.guard';
import { analyticsJsSettings, GetSdkSettingsUseCase, rudderStackSourceConfig } from './get-sdk-settings/get-sdk-settings.usecase';

/** Browsers may keep a settings document this long (it changes only with the write key). */
const CACHE = 'public, max-age=300';

/**
 * The documents the browser SDKs fetch before anything else, so that they
 * need nothing from their vendors: analytics.js's settings
 * (`<cdnURL>/v1/projects/<writeKey>/settings`) and RudderStack's source config
 * (`<configUrl>/sourceConfig/?writeKey=…`, or `<configUrl>/v1/sourceConfig`).
 * The write key was checked before (http/write-key.ts), from the path, the
 * Authorization header or the query.
 */
@ApiTags('browser')
@WriteKeyChecked()
@Controller()
export class SdkSettingsController {
  constructor(private readonly settings: GetSdkSettingsUseCase) {}

  @Get('v1/projects/:writeKey/settings')
  @Header('Cache-Control', CACHE)
  @ApiOperation({ summary: "analytics.js's settings document (cdnURL pointed at Cairn)" })
  @ApiParam({ name: 'writeKey', description: 'The write key, as analytics.js puts it in the path' })
  @ApiOkResponse({ schema: { example: analyticsJsSettings('<writeKey>') } })
  @ApiResponse({ status: 401, description: 'UNAUTHORIZED: unknown write key' })
  @ApiResponse({ status: 403, description: 'ORIGIN_NOT_ALLOWED: from a page of an origin the workspace does not list' })
  analyticsJs(@Param('writeKey') writeKey: string) {
    return this.settings.execute({ sdk: 'analytics.js', writeKey });
  }

  @Get(['sourceConfig', 'v1/sourceConfig'])
  @Header('Cache-Control', CACHE)
  @ApiBasicAuth()
  @ApiOperation({ summary: "RudderStack's source config (configUrl pointed at Cairn); also at /v1/sourceConfig" })
  @ApiQuery({ name: 'writeKey', required: false, description: 'The write key, when not the Basic user name' })
  @ApiOkResponse({ schema: { example: rudderStackSourceConfig() } })
  @ApiResponse({ status: 401, description: 'UNAUTHORIZED: missing or unknown write key' })
  @ApiResponse({ status: 403, description: 'ORIGIN_NOT_ALLOWED: from a page of an origin the workspace does not list' })
  rudderStack() {
    return this.settings.execute({ sdk: 'rudderstack', writeKey: '' });
  }
}
