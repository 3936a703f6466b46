import { ServiceName, SERVICE_NAMES } from '@cairn/config';

/** Where the front door serves each service's OpenAPI document: /docs/<service>-json, all through port 3000. */
export function documentPath(service: ServiceName): string {
  return `/docs/${service}-json`;
}

/** The service whose document a path names, if it does. */
export function documentOf(path: string): ServiceName | undefined {
  const m = /^\/docs\/([a-z]+)-json$/.exec(path);
  return m && (SERVICE_NAMES as string[]).includes(m[1]) ? (m[1] as ServiceName) : undefined;
}

/** Swagger UI's own files (served by every service under /docs/; the front door passes them on from one). */
export function isSwaggerAsset(path: string): boolean {
  return /^\/docs\/(swagger-ui[\w.-]*\.(js|css)|favicon-\d+x\d+\.png)$/.test(path);
}

/** The document of the calls the front door answers itself (people.ts). */
export const PEOPLE_DOCUMENT_PATH = '/docs/people-json';

/** `GET /docs-json` of the front door: the documents, each on port 3000. */
export function documentIndex(): { services: Record<string, { openapi: string }>; people: { openapi: string }; ui: string } {
  return { ui: '/docs', services: Object.fromEntries(SERVICE_NAMES.map((s) => [s, { openapi: documentPath(s) }])), people: { openapi: PEOPLE_DOCUMENT_PATH } };
}

/** One Swagger UI for the four services and the people calls: a document picker (swagger-ui's `urls`), every URL relative to port 3000. */
export function swaggerPage(): string {
  const urls = [...SERVICE_NAMES.map((s) => ({ url: documentPath(s), name: s })), { url: PEOPLE_DOCUMENT_PATH, name: 'people' }];
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Cairn API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/swagger-ui-standalone-preset.js"></script>
  <script>
    window.ui = SwaggerUIBundle({
      urls: ${JSON.stringify(urls)},
      'urls.primaryName': 'events',
      dom_id: '#swagger-ui',
      deepLinking: true,
      persistAuthorization: true,
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
      layout: 'StandaloneLayout'
    });
  </script>
</body>
</html>
`;
}
