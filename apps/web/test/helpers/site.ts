import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type AddressInfo, createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Download, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { buildTestApp } from '../../../api/test/helpers/app';
import { type CreateUserOptions, createUser, type TestUser } from '../../../api/test/helpers/users';
import type { Role } from '../../src/lib/roles';

type App = Awaited<ReturnType<typeof buildTestApp>>;

const WEB_ROOT = resolve(import.meta.dirname, '../..');
/** The pages as built by the test script (`vite build --outDir artifacts/dist`). */
const TEST_BUILD = join(WEB_ROOT, 'artifacts', 'dist');
/** Screenshots land here (git-ignored `artifacts/`), one per page and width. */
export const SCREENSHOTS = join(WEB_ROOT, 'artifacts', 'screenshots');

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export interface Site {
  app: App;
  baseUrl: string;
  browser: Browser;
  close: () => Promise<void>;
}

/** A port the system just handed out (listening on 0), released for the app to take. */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

/** The whole app (real PostgreSQL, every plugin, the built pages) listening on a free port, and the shared browser. */
export async function startSite(): Promise<Site> {
  if (!existsSync(join(TEST_BUILD, 'index.html'))) {
    throw new Error(
      `${TEST_BUILD} is missing: run \`pnpm --filter @sigma-pli/web test\` (it builds the pages there)`,
    );
  }
  // PUBLIC_URL is the site's own address, so the links in e-mails open in the browser as a person would open them.
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const app = await buildTestApp({
    // The suite's own build: a concurrent `pnpm build` emptying apps/web/dist cannot pull pages from under it.
    // Load shedding off: this process also drives the browser, and its busy event loop is not server overload.
    env: { WEB_DIST_DIR: TEST_BUILD, MAX_EVENT_LOOP_DELAY_MS: '0', PUBLIC_URL: baseUrl },
  });
  await app.listen({ host: '127.0.0.1', port });
  const browser = await chromium.connect(inject('browserWsEndpoint'));
  return {
    app,
    baseUrl,
    browser,
    close: async () => {
      await browser.close();
      await app.close();
    },
  };
}

/**
 * Problems a page must not have: uncaught exceptions, script console errors and CSP violations. Chrome also logs
 * every non-2xx fetch as "Failed to load resource"; those are the API answering as designed (401 on /me for a
 * visitor, 412 on a stale edit) and are checked by the tests' own assertions instead.
 */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (message.text().startsWith('Failed to load resource: the server responded with a status of 4')) return;
    errors.push(`console: ${message.text()}`);
  });
  return errors;
}

export interface Visitor {
  context: BrowserContext;
  page: Page;
  errors: string[];
  /** Opens a path and waits until the page script has finished booting. */
  open: (path: string) => Promise<Page>;
}

export async function newVisitor(site: Site, viewport = DESKTOP): Promise<Visitor> {
  const context = await site.browser.newContext({
    baseURL: site.baseUrl,
    viewport,
    locale: 'pt-BR',
    acceptDownloads: true,
  });
  // Short waits: a missing element should fail the test in seconds, not hold a shared core for half a minute.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  return {
    context,
    page,
    errors,
    open: async (path) => {
      await page.goto(path);
      try {
        await page.waitForSelector('body[data-ready="true"]');
      } catch (error) {
        const text = await page.evaluate(() => document.body?.textContent?.slice(0, 400)).catch(() => '');
        throw new Error(`${path} did not finish loading (at ${page.url()}): ${text} ${errors.join(' | ')}`, {
          cause: error,
        });
      }
      return page;
    },
  };
}

/** An approved account of `role`, created in the database, and a browser context signed in as it. */
export async function signedInVisitor(
  site: Site,
  role: Role,
  options: CreateUserOptions = {},
  viewport = DESKTOP,
) {
  const user = await createUser(site.app, { ...options, role });
  const visitor = await newVisitor(site, viewport);
  await signIn(visitor, user);
  return { user, visitor };
}

export async function signIn(visitor: Visitor, user: Pick<TestUser, 'username' | 'password'>): Promise<void> {
  const response = await visitor.context.request.post('/api/v1/auth/login', {
    data: { login: user.username, password: user.password },
  });
  expect(response.status(), await response.text()).toBe(200);
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core in the page (through DevTools, so the page's CSP stays on) and returns serious/critical findings. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (context: Document) => Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    return (await axe.run(document)).violations;
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.help}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const width = page.viewportSize()?.width ?? 0;
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}px.png`), fullPage: true });
}

/** The body of the latest e-mail queued for `to` (the outbox is the only mail channel in tests). */
export async function latestEmail(site: Site, to: string): Promise<string> {
  const { rows } = await site.app.db.write.query<{ corpo: string }>(
    'SELECT corpo FROM usuarios.outbox_email WHERE destinatario = $1 ORDER BY id DESC LIMIT 1',
    [to],
  );
  if (!rows[0]) throw new Error(`no e-mail queued for ${to}`);
  return rows[0].corpo;
}

/** The downloaded file's text (the browser runs as a server, so the file is copied under artifacts/ first). */
export async function downloadedText(download: Download): Promise<string> {
  const target = join(WEB_ROOT, 'artifacts', 'downloads', download.suggestedFilename());
  await download.saveAs(target);
  return readFileSync(target, 'utf8');
}
