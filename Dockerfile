# Ferry runs its TypeScript sources directly on Node 24 (type stripping): no build step.
FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# The web UI, built once here; the image serves ui/dist and carries no build tools.
FROM node:24-slim AS ui
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY ui ./ui
RUN node ui/build-ui.ts --force

FROM node:24-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
COPY src ./src
COPY --from=ui /app/ui/dist ./ui/dist
USER node
EXPOSE 8080
ENTRYPOINT ["node", "bin/ferry.js"]
CMD ["serve", "--host", "0.0.0.0", "--data", "/home/node/.ferry"]
