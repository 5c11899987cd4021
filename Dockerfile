# Chorizaurio backend: build once, run the compiled server with runtime dependencies only.

# --- build: native modules (sqlite3, bcrypt) compiled here, TypeScript compiled once ---------
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# Dependencies first (their layer is reused while only the sources change); scripts after, so the
# native modules build here and `prepare` (the TypeScript build) waits for the sources.
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild sqlite3 bcrypt
COPY tsconfig.json ./
COPY bin ./bin
COPY migrations ./migrations
COPY src ./src
COPY public ./public
RUN npm run build
RUN npm prune --omit=dev --no-audit --no-fund

# --- runtime: no compiler, no dev dependencies, not root ----------------------------------------
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    ENVIRONMENT=production \
    DATA_DIR=/data \
    HOST=0.0.0.0 \
    PORT=8000
WORKDIR /app
# pg_dump and pg_restore for the backups on PostgreSQL (DATABASE_URL): Debian bookworm's are 15, and
# pg_dump must be the server's major version or newer (for a newer server, install
# postgresql-client-NN from apt.postgresql.org here). Not used on the embedded SQLite database.
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
# The operations console's page, script and styles (/ops).
COPY --from=build /app/public ./public
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 8000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# node itself is PID 1's child of no shell: SIGTERM reaches the server, which stops accepting,
# finishes in-flight writes and closes the database cleanly.
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/main.js"]
