# syntax=docker/dockerfile:1
#
# One image per Cairn service, chosen at build time:
#
#   docker build --build-arg SERVICE=events -t cairn/events .
#   (SERVICE = events | segments | journeys | messaging)
#
#   docker run cairn/events                  # serve (port 3001 for events)
#   docker run cairn/events node main.js migrate   # run its migrations, exit
#
# The runtime image holds Node 24, the production dependencies and the
# compiled service, runs as uid 1000 and has no npm, npx, corepack or yarn.
# Node is PID 1 (exec-form CMD, no shell or npm wrapper) so SIGTERM reaches
# it directly; the services drain their consumers on SIGTERM.

ARG NODE_IMAGE=node:24-alpine

# ---- build: all dependencies, compile everything with swc into dist/ ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# ---- prod-deps: production dependencies only ----
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund

# ---- runtime ----
FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
RUN case "${SERVICE}" in \
      events|segments|journeys|messaging) ;; \
      *) echo "build with --build-arg SERVICE=events|segments|journeys|messaging (got '${SERVICE}')" >&2; exit 1 ;; \
    esac \
 && rm -rf /usr/local/lib/node_modules /usr/local/bin/npm /usr/local/bin/npx \
      /usr/local/bin/corepack /usr/local/bin/yarn /usr/local/bin/yarnpkg /opt/yarn-* /root/.npm

ENV NODE_ENV=production
WORKDIR /app
# Code and dependencies stay owned by root: the service user can read, not change them.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/dist/libs ./dist/libs
COPY --from=build /app/dist/services/${SERVICE} ./dist/services/${SERVICE}
COPY deploy/docker/healthcheck.js ./healthcheck.js
# A fixed entry point whatever the service: main.js -> dist/services/<service>/src/main.js
RUN ln -s "dist/services/${SERVICE}/src/main.js" main.js \
 && test -f "$(readlink -f main.js)"

USER 1000:1000
# 3001 events, 3002 segments, 3003 journeys, 3004 messaging (PORT overrides)
EXPOSE 3001 3002 3003 3004
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "healthcheck.js"]
# Reset the base image's shell entrypoint: node runs as PID 1.
ENTRYPOINT []
# Node's flags are the test harness's (SERVICE_NODE_FLAGS in libs/testing, which says
# why; deploy/tests/docker.spec.ts keeps the two equal): a young generation of 2 x 8 MiB
# and a major collection once the old generation has doubled, which bound a loaded
# service's peak RSS at about the same CPU per event. They are on the command line, not
# in NODE_OPTIONS, which refuses V8's --heap-growing-percent.
CMD ["node", "--max-semi-space-size=8", "--heap-growing-percent=100", "main.js"]
