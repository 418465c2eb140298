import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webPages, { pageUrl } from '../../src/plugins/web-pages';

describe('web pages plugin', () => {
  let root: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    // A miniature web build: two pages, a hashed asset and an unhashed root file.
    root = mkdtempSync(join(tmpdir(), 'sigma-web-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Início</title>');
    writeFileSync(join(root, 'pessoas-fisicas.html'), '<!doctype html><title>Pessoas físicas</title>');
    writeFileSync(join(root, 'assets', 'layout-AbC123xy.js'), 'export {};');
    writeFileSync(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    app = Fastify();
    const routes: { url: string; access: unknown }[] = [];
    app.addHook('onRoute', (route) => {
      routes.push({ url: route.url, access: (route.config as { access?: unknown } | undefined)?.access });
    });
    await app.register(webPages, { root });
    await app.ready();
    expect(routes.filter((route) => route.access !== 'public')).toEqual([]);
  });

  afterAll(async () => {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('maps page files to clean URLs', () => {
    expect(pageUrl('index.html')).toBe('/');
    expect(pageUrl('pessoas-fisicas.html')).toBe('/pessoas-fisicas');
  });

  it('serves pages as HTML that is revalidated on every load', async () => {
    for (const [url, title] of [
      ['/', 'Início'],
      ['/pessoas-fisicas', 'Pessoas físicas'],
    ]) {
      const response = await app.inject({ url: url! });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.body).toContain(title);
    }
  });

  it('serves hashed assets as immutable for a year', async () => {
    const response = await app.inject({ url: '/assets/layout-AbC123xy.js' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('serves root files with a short cache', async () => {
    const response = await app.inject({ url: '/favicon.svg' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=86400');
  });

  it('answers 404 for unknown assets and for paths that leave the assets folder', async () => {
    for (const url of [
      '/assets/missing-00000000.js',
      '/assets/../index.html',
      '/assets/%2e%2e%2findex.html',
      '/assets/.env',
    ]) {
      expect((await app.inject({ url })).statusCode, url).toBe(404);
    }
  });

  it('registers nothing when the web build is missing', async () => {
    const bare = Fastify({ logger: false });
    await bare.register(webPages, { root: join(root, 'missing') });
    expect((await bare.inject({ url: '/' })).statusCode).toBe(404);
    await bare.close();
  });
});
