import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';

/**
 * Where the built pages are looked for when WEB_DIST_DIR is not set: `web/` beside the app's `dist/` (the release
 * tarball's layout), then `apps/web/dist` in the monorepo (from `src/plugins` under tsx and `dist/plugins` alike).
 */
export const DEFAULT_WEB_ROOTS = [resolve(__dirname, '../../web'), resolve(__dirname, '../../../web/dist')];

export interface WebPagesOptions {
  /** The web build (`index.html`, `<page>.html`, `assets/`); defaults to WEB_DIST_DIR, then DEFAULT_WEB_ROOTS. */
  root?: string;
}

/** Hashed file names (`layout-CjhzQez9.css`): content never changes under a name, so caches keep them a year. */
const IMMUTABLE = { maxAge: 31_536_000_000, immutable: true };
/** Pages revalidate on every load (ETag/Last-Modified), so a deploy is visible at once. */
const HTML_CACHE_CONTROL = 'no-cache';
/** Unhashed root files (favicon): a day. */
const ROOT_FILE_MAX_AGE = 86_400_000;
const ASSET_NAME = /^[\w.-]+$/;

/** `index.html` → `/`, `pessoas-fisicas.html` → `/pessoas-fisicas`. */
export function pageUrl(file: string): string {
  return file === 'index.html' ? '/' : `/${file.replace(/\.html$/, '')}`;
}

/**
 * Serves the pt-BR pages built by `@sigma-pli/web` from the same origin as the API (one cookie, one CSP). Pages are
 * public shells: the data they show comes from the API, which enforces each role. A missing build is not fatal
 * (API-only runs and API tests), it is logged.
 */
const webPages: FastifyPluginAsync<WebPagesOptions> = async (app, options) => {
  const configured = options.root ?? app.config?.WEB_DIST_DIR;
  const candidates = configured ? [configured] : DEFAULT_WEB_ROOTS;
  const root = candidates.find((dir) => existsSync(join(dir, 'index.html')));
  if (!root) {
    app.log.warn(
      { candidates },
      'web interface not built, pages not served (pnpm --filter @sigma-pli/web build)',
    );
    return;
  }
  await app.register(fastifyStatic, { root, serve: false });
  const routeOptions = { config: { access: 'public' as const }, schema: { hide: true } };

  app.get<{ Params: { '*': string } }>('/assets/*', routeOptions, (request, reply) => {
    const name = request.params['*'];
    if (!ASSET_NAME.test(name) || name.startsWith('.')) return reply.callNotFound();
    return reply.sendFile(join('assets', name), IMMUTABLE);
  });

  for (const file of readdirSync(root)) {
    if (!statSync(join(root, file)).isFile()) continue;
    if (file.endsWith('.html')) {
      app.get(pageUrl(file), routeOptions, (_request, reply) =>
        reply.header('cache-control', HTML_CACHE_CONTROL).sendFile(file, { cacheControl: false }),
      );
    } else {
      app.get(`/${file}`, routeOptions, (_request, reply) =>
        reply.sendFile(file, { maxAge: ROOT_FILE_MAX_AGE }),
      );
    }
  }
};

export default webPages;
