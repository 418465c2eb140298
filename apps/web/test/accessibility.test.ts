import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeCnpj, fakeCpf } from '../../api/test/helpers/documents';
import {
  DESKTOP,
  newVisitor,
  PHONE,
  type Site,
  screenshot,
  seriousA11yViolations,
  signedInVisitor,
  startSite,
  type Visitor,
} from './helpers/site';

const PUBLIC_PAGES = [
  ['inicio', '/'],
  ['entrar', '/entrar'],
  ['cadastro', '/cadastro'],
  ['verificar-email', '/verificar-email?token=link-de-teste-invalido'],
  ['recuperar-senha', '/recuperar-senha'],
  ['redefinir-senha', '/redefinir-senha?token=link-de-teste'],
  ['acesso-negado', '/acesso-negado'],
] as const;

describe('every page: axe-core scan, phone width, screenshots', () => {
  let site: Site;
  let admin: { desktop: Visitor; phone: Visitor };
  let anonymous: { desktop: Visitor; phone: Visitor };
  let signedInPages: (readonly [string, string])[];

  beforeAll(async () => {
    site = await startSite();
    const { user, visitor } = await signedInVisitor(site, 'ADMIN');
    const phone = await newVisitor(site, PHONE);
    await phone.context.request.post('/api/v1/auth/login', {
      data: { login: user.username, password: user.password },
    });
    admin = { desktop: visitor, phone };
    anonymous = { desktop: await newVisitor(site, DESKTOP), phone: await newVisitor(site, PHONE) };
    const pf = await site.app.db.write.query<{ id: string }>(
      `INSERT INTO cadastro.pessoa_fisica (nome_completo, cpf, cidade, uf) VALUES ('Ana Acessível', $1, 'Belém', 'PA') RETURNING id`,
      [fakeCpf()],
    );
    const pj = await site.app.db.write.query<{ id: string }>(
      `INSERT INTO cadastro.pessoa_juridica (razao_social, cnpj, cidade, uf) VALUES ('Instituto Acessível', $1, 'Belém', 'PA') RETURNING id`,
      [fakeCnpj()],
    );
    signedInPages = [
      ['painel', '/painel'],
      ['pessoas-fisicas', '/pessoas-fisicas'],
      ['pessoa-fisica', `/pessoa-fisica?id=${pf.rows[0]!.id}`],
      ['pessoa-fisica-nova', '/pessoa-fisica'],
      ['pessoas-juridicas', '/pessoas-juridicas'],
      ['pessoa-juridica', `/pessoa-juridica?id=${pj.rows[0]!.id}`],
      ['solicitacoes', '/solicitacoes'],
      ['usuarios', '/usuarios'],
      ['auditoria', '/auditoria'],
      ['minha-conta', '/minha-conta'],
    ];
  });

  afterAll(async () => {
    for (const visitor of [admin.desktop, admin.phone, anonymous.desktop, anonymous.phone]) {
      expect(visitor.errors).toEqual([]);
    }
    await site.close();
  });

  /** Nothing wider than the window (wide tables scroll inside their own container). */
  async function expectNoSidewaysScrolling(page: Page, path: string) {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(
      overflow,
      `${path} overflows ${page.viewportSize()?.width}px by ${overflow}px`,
    ).toBeLessThanOrEqual(0);
  }

  async function check(visitors: { desktop: Visitor; phone: Visitor }, name: string, path: string) {
    const desktop = await visitors.desktop.open(path);
    expect(await seriousA11yViolations(desktop), `${path} (desktop)`).toEqual([]);
    await expectNoSidewaysScrolling(desktop, path);
    await screenshot(desktop, name);
    const phone = await visitors.phone.open(path);
    await expectNoSidewaysScrolling(phone, path);
    await screenshot(phone, name);
  }

  it('public pages', async () => {
    for (const [name, path] of PUBLIC_PAGES) await check(anonymous, name, path);
  });

  it('signed-in pages (ADMIN sees them all)', async () => {
    for (const [name, path] of signedInPages) await check(admin, name, path);
  });

  it('serves every page under the strict CSP, revalidated on each load', async () => {
    for (const [, path] of [...PUBLIC_PAGES, ...signedInPages]) {
      const response = await anonymous.desktop.context.request.get(path!);
      expect(response.status(), path).toBe(200);
      const csp = response.headers()['content-security-policy'] ?? '';
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("style-src 'self'");
      expect(csp, path).not.toContain('unsafe-inline');
      expect(response.headers()['cache-control'], path).toBe('no-cache');
    }
    // Every page above was also loaded in the browser with no CSP violation (see watchPageErrors).
  });

  it('starts keyboard navigation with a skip link to the content', async () => {
    const page = await anonymous.desktop.open('/entrar');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Pular para o conteúdo');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('conteudo');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('login');
  });

  it('opens the collapsed menu with the keyboard at phone width', async () => {
    const page = await admin.phone.open('/painel');
    const toggler = page.getByRole('button', { name: 'Abrir o menu' });
    const menuLink = page
      .getByRole('navigation', { name: 'Menu principal' })
      .getByRole('link', { name: 'Auditoria' });
    expect(await menuLink.isVisible()).toBe(false);
    await toggler.focus();
    await page.keyboard.press('Enter');
    await menuLink.waitFor({ state: 'visible' });
    expect(await toggler.getAttribute('aria-expanded')).toBe('true');
  });
});
