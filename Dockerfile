# syntax=docker/dockerfile:1
# One image for the api, the worker and the cli; the command picks one:
#   docker run cohost            (api, port 3000)
#   docker run cohost worker
#   docker run cohost cli admin-token --email you@example.org
# test/container-image.e2e-spec.ts runs these steps without Docker (the
# build, the final stage's install and copies, then the api, worker and cli),
# so a missing file or step fails CI.

ARG NODE_VERSION=24.22.3

FROM node:${NODE_VERSION}-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY nest-cli.json tsconfig.json tsconfig.build.json ./
COPY libs ./libs
COPY apps ./apps
RUN npm run build

FROM node:${NODE_VERSION}-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/dist ./dist
COPY apps/api/views ./apps/api/views
COPY apps/api/public ./apps/api/public
COPY scripts/container-entrypoint.sh ./scripts/container-entrypoint.sh
# MAIL_DIR (var/mail) is written when SMTP_URL is unset: the only writable folder.
RUN mkdir -p var/mail && chown -R node:node var
USER node
EXPOSE 3000
# The api's liveness; the worker has no HTTP: run it with --no-healthcheck
# (docker-compose.yml turns the check off for it).
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/v1/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/app/scripts/container-entrypoint.sh"]
CMD ["api"]
