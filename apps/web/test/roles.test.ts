import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeCpf } from '../../api/test/helpers/documents';
import { newVisitor, type Site, signedInVisitor, startSite, type Visitor } from './helpers/site';

describe('what each role sees', () => {
  let site: Site;
  let visualizador: Visitor;
  let pessoaId: string;

  beforeAll(async () => {
    site = await startSite();
    ({ visitor: visualizador } = await signedInVisitor(site, 'VISUALIZADOR'));
    const { rows } = await site.app.db.write.query<{ id: string }>(
      `INSERT INTO cadastro.pessoa_fisica (nome_completo, cpf, cidade, uf) VALUES ('Joana Consulta', $1, 'Recife', 'PE') RETURNING id`,
      [fakeCpf()],
    );
    pessoaId = rows[0]!.id;
  });

  afterAll(async () => {
    expect(visualizador.errors).toEqual([]);
    await site.close();
  });

  it('shows a VISUALIZADOR only the pages of the role in the menu', async () => {
    const page = await visualizador.open('/painel');
    const menu = page.getByRole('navigation', { name: 'Menu principal' });
    for (const allowed of ['Painel', 'Pessoas físicas', 'Pessoas jurídicas']) {
      expect(await menu.getByRole('link', { name: allowed }).count(), allowed).toBe(1);
    }
    for (const hidden of ['Solicitações', 'Usuários', 'Auditoria']) {
      expect(await menu.getByRole('link', { name: hidden }).count(), hidden).toBe(0);
    }
    // No report widgets below ANALISTA (the API would refuse them anyway).
    expect(await page.locator('#relatorios').count()).toBe(0);
  });

  it('lets a VISUALIZADOR read the registry without any edit control', async () => {
    const list = await visualizador.open('/pessoas-fisicas');
    await list.locator('#tabela tbody tr', { hasText: 'Joana Consulta' }).waitFor();
    expect(await list.getByRole('link', { name: 'Nova pessoa física' }).count()).toBe(0);
    expect(await list.getByRole('link', { name: 'Ver Joana Consulta' }).count()).toBe(1);
    expect(await list.getByRole('link', { name: /Abrir/ }).count()).toBe(0);

    const record = await visualizador.open(`/pessoa-fisica?id=${pessoaId}`);
    expect(await record.getByLabel('Nome completo').inputValue()).toBe('Joana Consulta');
    expect(await record.getByLabel('Nome completo').isDisabled()).toBe(true);
    expect(await record.getByRole('button', { name: 'Salvar' }).count()).toBe(0);
    expect(await record.getByRole('button', { name: 'Excluir' }).count()).toBe(0);
  });

  it('gives a VISUALIZADOR a friendly page on a forbidden URL', async () => {
    for (const path of ['/auditoria', '/usuarios', '/solicitacoes', '/pessoa-fisica']) {
      const page = await visualizador.open(path);
      expect(await page.getByRole('heading', { level: 1 }).textContent(), path).toBe('Acesso não permitido');
      expect(await page.getByRole('link', { name: 'Voltar ao painel' }).count()).toBe(1);
      expect(await page.locator('#pagina').count()).toBe(0);
    }
  });

  it('sends a visitor without a session to the login page and back after signing in', async () => {
    const visitor = await newVisitor(site);
    await visitor.page.goto('/pessoas-fisicas?uf=PE');
    await visitor.page.waitForURL(/\/entrar\?proximo=/);
    await visitor.page.waitForSelector('body[data-ready="true"]');
    expect(await visitor.page.getByRole('status').textContent()).toContain('Entre para continuar');
    const { user } = await signedInVisitor(site, 'OPERADOR');
    await visitor.page.getByLabel('Usuário ou e-mail institucional').fill(user.username);
    await visitor.page.getByLabel('Senha').fill(user.password);
    await visitor.page.getByRole('button', { name: 'Entrar' }).click();
    await visitor.page.waitForURL(/\/pessoas-fisicas\?uf=PE$/);
    await visitor.page.locator('#tabela tbody tr', { hasText: 'Joana Consulta' }).waitFor();
    expect(visitor.errors).toEqual([]);
    await visitor.context.close();
  });

  it('never follows a login redirect to another site', async () => {
    const visitor = await newVisitor(site);
    const page = await visitor.open(`/entrar?proximo=${encodeURIComponent('/\\example.com/painel')}`);
    const { user } = await signedInVisitor(site, 'VISUALIZADOR');
    await page.getByLabel('Usuário ou e-mail institucional').fill(user.username);
    await page.getByLabel('Senha').fill(user.password);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.waitForURL(`${site.baseUrl}/painel`);
    expect(visitor.errors).toEqual([]);
    await visitor.context.close();
  });

  it('tells a visitor that the login failed without saying which part was wrong', async () => {
    const visitor = await newVisitor(site);
    const page = await visitor.open('/entrar');
    await page.getByLabel('Usuário ou e-mail institucional').fill('ninguem.aqui');
    await page.getByLabel('Senha').fill('senha-errada-123');
    await page.getByRole('button', { name: 'Entrar' }).click();
    const alert = page.locator('[data-form-alert]');
    await alert.waitFor();
    expect(await alert.textContent()).toBe('Usuário ou senha incorretos.');
    expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-form-alert'))).toBe(true);
    expect(await page.getByLabel('Senha').inputValue()).toBe('');
    expect(visitor.errors).toEqual([]);
    await visitor.context.close();
  });
});
