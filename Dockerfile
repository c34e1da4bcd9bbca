# Ferry's image. Ferry runs its TypeScript sources directly on Node 24 (type stripping), so the
# image holds the sources, the production dependencies and the built web UI: nothing compiles.
#   docker build -t ferry:0.1.0 .
#   docker run -p 8080:8080 -v ferry-data:/data ferry:0.1.0
# In a pod it deploys to its own cluster with its service account (charts/ferry installs it).

# Production dependencies only; none of them has an install script to run.
FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# The web UI, built with the development dependencies (Vite, React) the image leaves behind.
FROM node:24-slim AS ui
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY ui ./ui
RUN npm run ui:build

FROM node:24-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
COPY src ./src
COPY --from=ui /app/ui/dist ./ui/dist
# The data directory belongs to the node user (1000:1000), which Ferry runs as (the chart
# mounts a volume there with that group).
RUN mkdir /data && chown 1000:1000 /data
USER 1000:1000
EXPOSE 8080
ENTRYPOINT ["node", "bin/ferry.js"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080", "--data-dir", "/data"]
