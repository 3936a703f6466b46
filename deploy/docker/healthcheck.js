'use strict';
// Container health check (Dockerfile HEALTHCHECK): GET /health/live on this
// service's port; exit 0 when it answers 2xx, 1 otherwise. The service and
// its default port come from the image layout (main.js links to
// dist/services/<service>/src/main.js) and the compiled fixed surface.
const { realpathSync } = require('node:fs');
const { join, sep } = require('node:path');
const { SERVICE_PORTS, HEALTH_PATHS } = require('./dist/libs/config/src/surface.js');

const parts = realpathSync(join(__dirname, 'main.js')).split(sep);
const service = parts[parts.lastIndexOf('services') + 1];
const port = Number(process.env.PORT) || SERVICE_PORTS[service];

fetch(`http://127.0.0.1:${port}${HEALTH_PATHS.live}`, { signal: AbortSignal.timeout(2500) })
  .then((res) => process.exit(res.ok ? 0 : 1))
  .catch(() => process.exit(1));
