import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type HtmlTagDescriptor, type Plugin } from 'vite';

const root = import.meta.dirname;

/** Every `*.html` at the package root is a page; its file name becomes its URL (`pessoas-fisicas.html` → `/pessoas-fisicas`). */
const pages = Object.fromEntries(
  readdirSync(root)
    .filter((file) => file.endsWith('.html'))
    .map((file) => [file.replace(/\.html$/, ''), resolve(root, file)]),
);

/**
 * `<!-- include:name key=value … -->` in a page is replaced by `partials/name.html`, with `{{key}}` in the partial
 * replaced by the value (`{{key|fallback}}` when not given, else empty): the same address block serves `cep` and
 * `pessoa_fisica.cep`.
 */
function expandIncludes(html: string): string {
  return html.replace(
    /<!--\s*include:([\w-]+)((?:\s+[\w-]+=\S*)*)\s*-->/g,
    (_, name: string, rawArgs: string) => {
      const args = Object.fromEntries(
        rawArgs
          .trim()
          .split(/\s+/)
          .filter(Boolean)
          .map((pair) => pair.split('=') as [string, string]),
      );
      const partial = readFileSync(resolve(root, 'partials', `${name}.html`), 'utf8');
      return expandIncludes(
        partial.replace(
          /\{\{([\w-]+)(?:\|([\w.-]*))?\}\}/g,
          (_m, key: string, fallback = '') => args[key] ?? fallback,
        ),
      );
    },
  );
}

/**
 * Partials, then the head, skip link, header and footer every page shares, injected at build time so the page files hold only their
 * own content. The header is filled in by `src/lib/layout.ts` (the menu depends on the signed-in role).
 */
function sharedLayout(): Plugin {
  const tags: HtmlTagDescriptor[] = [
    { tag: 'meta', attrs: { charset: 'utf-8' }, injectTo: 'head-prepend' },
    {
      tag: 'meta',
      attrs: { name: 'viewport', content: 'width=device-width, initial-scale=1' },
      injectTo: 'head',
    },
    { tag: 'meta', attrs: { name: 'theme-color', content: '#0d47a1' }, injectTo: 'head' },
    { tag: 'link', attrs: { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' }, injectTo: 'head' },
    {
      tag: 'a',
      attrs: {
        class: 'visually-hidden-focusable position-absolute top-0 start-0 p-2 bg-white',
        href: '#conteudo',
      },
      children: 'Pular para o conteúdo',
      injectTo: 'body-prepend',
    },
    { tag: 'header', attrs: { id: 'topo' }, injectTo: 'body-prepend' },
    {
      tag: 'footer',
      attrs: { class: 'border-top py-3 mt-5 text-center text-body-secondary small' },
      children: 'SIGMA-PLI · Programa PLI — Cadastro, consulta e relatórios',
      injectTo: 'body',
    },
  ];
  return {
    name: 'sigma-shared-layout',
    transformIndexHtml: { order: 'pre', handler: (html) => ({ html: expandIncludes(html), tags }) },
    // `vite dev` answers the same clean URLs as the API's page routes (`/pessoas-fisicas` → pessoas-fisicas.html).
    configureServer(server) {
      server.middlewares.use((request, _response, next) => {
        const [path = '', query] = (request.url ?? '').split('?');
        const page = path.slice(1);
        if (page && page !== 'index' && pages[page]) request.url = `/${page}.html${query ? `?${query}` : ''}`;
        next();
      });
    },
  };
}

export default defineConfig({
  root,
  appType: 'mpa',
  plugins: [sharedLayout()],
  resolve: {
    alias: [
      // One implementation of the CPF/CNPJ check digits: the server's own, dependency-free module.
      { find: '@sigma-pli/documents', replacement: resolve(root, '../api/src/domain/documents.ts') },
      // The build without runtime-injected CSS (its stylesheet is imported through Vite), so a strict CSP holds.
      { find: /^sweetalert2$/, replacement: 'sweetalert2/dist/sweetalert2.esm.js' },
    ],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    // No inlined data: URIs for fonts or images: every asset is a hashed, cacheable file allowed by `'self'`.
    assetsInlineLimit: 0,
    rollupOptions: { input: pages, checks: { pluginTimings: false } },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/health': 'http://127.0.0.1:3000' } },
});
