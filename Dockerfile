# Multi-stage build of the API and the projector (one image, two commands), on Node.js 24, the
# active LTS (Node.js 20 reached its end of life in April 2026; package.json's engines lists what
# runs: 20.19+, 22.13+ and 24).
FROM node:24-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps apps
COPY libs libs
COPY bench bench
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
# MALLOC_ARENA_MAX: apps/api/src/node-flags.ts (API_ENV).
ENV NODE_ENV=production MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
USER node
# 3000: the API; 9464: /metrics (METRICS_PORT), for the deployment's private network only.
EXPOSE 3000 9464
CMD ["node", "--max-semi-space-size=16", "dist/apps/api/src/main.js"]
