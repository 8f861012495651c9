# syntax=docker/dockerfile:1

# Chat service image.
#
#   docker build -t chat-service .
#   docker run --rm -p 8081:8081 -e JWT_SECRET_KEY=<at least 32 bytes> chat-service
#
# Two stages on the same Debian base, so the native addon (better-sqlite3) compiled or
# downloaded in the build stage matches the C library and the Node.js ABI of the runtime stage.

ARG NODE_IMAGE=node:22-bookworm-slim

# ---------------------------------------------------------------------------------------------
# build: install every dependency, compile TypeScript, then drop the development dependencies.
# ---------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS build

# better-sqlite3 downloads a prebuilt binary when one fits; otherwise node-gyp compiles it, which
# needs python3, make and g++. The headers come with the Node.js install under /usr/local, so the
# fallback build needs no extra download.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
ENV npm_config_nodedir=/usr/local \
    npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false

WORKDIR /app

# Dependencies first: this layer is reused until package.json or package-lock.json changes.
# package.json's "allowScripts" approves better-sqlite3's install script.
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci

COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# The client SDK's sources: `npm run build` bundles them with esbuild for the demo page
# (dist/assets/chat-sdk.js), before the prune drops esbuild.
COPY clients/js ./clients/js
RUN npm run build \
 && npm prune --omit=dev \
 && rm -f dist/.tsbuildinfo

# ---------------------------------------------------------------------------------------------
# runtime: no compilers, no npm cache, no sources; runs as the unprivileged `node` user.
# ---------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime

ENV NODE_ENV=production \
    ENVIRONMENT=production \
    PORT=8081 \
    DATA_DIR=/app/data

WORKDIR /app

# Copied files are owned by root, so the running process cannot modify its own code.
# package.json is read at run time for the version reported by /health and /docs.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist

# The only writable place: the embedded SQLite file when DATABASE_URL is unset (mount a volume
# here to keep it). With DATABASE_URL set nothing is written.
RUN mkdir -p /app/data && chown node:node /app/data && chmod 0750 /app/data

USER node

EXPOSE 8081

# Liveness only: the process answers HTTP. Readiness (database reachable) is for the orchestrator
# to ask at /health/ready. No curl in slim images, so Node.js itself makes the request.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8081)+'/health/live').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]

# Node.js is started directly (not through `npm start`, which neither builds for production nor
# forwards SIGTERM): the application receives the signal and shuts down gracefully.
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
