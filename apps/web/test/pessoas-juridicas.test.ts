import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeCnpj, fakeCpf } from '../../api/test/helpers/documents';
import { type Site, signedInVisitor, startSite, type Visitor } from './helpers/site';

describe('pessoas jurídicas with sócios in the browser (OPERADOR)', () => {
  let site: Site;
  let operador: Visitor;
  const cnpj = fakeCnpj();
  const [socioA, socioB, socioC] = [fakeCpf(), fakeCpf(), fakeCpf()];
  let recordUrl = '';

  beforeAll(async () => {
    site = await startSite();
    ({ visitor: operador } = await signedInVisitor(site, 'OPERADOR'));
  });

  afterAll(async () => {
    expect(operador.errors).toEqual([]);
    await site.close();
  });

  const socios = async () =>
    (
      await site.app.db.write.query<{ nome: string; cpf: string; cargo: string | null }>(
        `SELECT s.nome, s.cpf, s.cargo FROM cadastro.socio_representante s
         JOIN cadastro.pessoa_juridica p ON p.id = s.pessoa_juridica_id
         WHERE p.cnpj = $1 AND p.deleted_at IS NULL ORDER BY s.posicao`,
        [cnpj],
      )
    ).rows;

  it('creates a company with two sócios in one save, checking each sócio CPF on the client', async () => {
    const page = await operador.open('/pessoa-juridica');
    await page.locator('#razao_social').fill('Cooperativa Teste do Agreste');
    await page.locator('#cnpj').pressSequentially(cnpj);
    expect(await page.locator('#cnpj').inputValue()).toMatch(/^\d{2}\.\d{3}\.\d{3}\/\d{4}-\d{2}$/);
    await page.getByLabel('Porte').selectOption('EPP');
    await page.locator('#email_principal').fill('contato@cooperativa.example.com');
    await page.locator('#telefone_principal').pressSequentially('8733334444');
    await page.locator('#cep').pressSequentially('55000000');
    await page.locator('#logradouro').fill('Rua do Comércio');
    await page.locator('#numero').fill('12');
    await page.locator('#bairro').fill('Centro');
    await page.locator('#cidade').fill('Caruaru');
    await page.locator('#uf').selectOption('PE');

    await page.getByRole('button', { name: 'Adicionar sócio ou representante' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('socio-0-nome');
    await page.locator('#socio-0-nome').fill('Ana Sócia');
    await page.locator('#socio-0-cpf').pressSequentially(socioA);
    await page.locator('#socio-0-cargo').fill('Presidente');
    await page.getByRole('button', { name: 'Adicionar sócio ou representante' }).click();
    await page.locator('#socio-1-nome').fill('Bruno Sócio');
    await page.locator('#socio-1-cpf').pressSequentially('11111111111');
    await page.getByRole('button', { name: 'Salvar' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('socio-1-cpf');
    expect(await page.locator('#socio-1-cpf').getAttribute('aria-invalid')).toBe('true');

    await page.locator('#socio-1-cpf').fill('');
    await page.locator('#socio-1-cpf').pressSequentially(socioB);
    await page.getByRole('button', { name: 'Salvar' }).click();
    await page.getByRole('dialog').getByText('Pessoa jurídica cadastrada').waitFor();
    await page.getByRole('button', { name: 'OK' }).click();
    await page.waitForURL(/\/pessoa-juridica\?id=/);
    await page.waitForSelector('body[data-ready="true"]');
    recordUrl = new URL(page.url()).pathname + new URL(page.url()).search;
    expect(await page.locator('#socio-1-nome').inputValue()).toBe('Bruno Sócio');
    expect(await socios()).toEqual([
      { nome: 'Ana Sócia', cpf: socioA, cargo: 'Presidente' },
      { nome: 'Bruno Sócio', cpf: socioB, cargo: null },
    ]);
  });

  it('finds the company by CNPJ and by name', async () => {
    const page = await operador.open('/pessoas-juridicas');
    await page.getByLabel('CNPJ').pressSequentially(cnpj);
    await page.getByRole('button', { name: 'Buscar' }).click();
    await expect.poll(() => page.locator('#tabela tbody tr').count()).toBe(1);
    expect(await page.locator('#tabela tbody tr').textContent()).toContain('Cooperativa Teste do Agreste');
    await page.getByRole('button', { name: 'Limpar' }).click();
    await page.getByLabel('Razão social ou nome fantasia').fill('cooperativa agreste');
    await page.getByRole('button', { name: 'Buscar' }).click();
    await page.locator('#tabela tbody tr', { hasText: 'Cooperativa Teste do Agreste' }).waitFor();
  });

  it('replaces the sócios, explaining a stale version first', async () => {
    const page = await operador.open(recordUrl);
    // Another user changes the company after this page loaded it.
    const id = new URL(recordUrl, site.baseUrl).searchParams.get('id');
    const current = await operador.context.request.get(`/api/v1/pessoas-juridicas/${id}`);
    const stale = await operador.context.request.patch(`/api/v1/pessoas-juridicas/${id}`, {
      data: { nome_fantasia: 'Coop Agreste' },
      headers: { 'if-match': current.headers().etag! },
    });
    expect(stale.status()).toBe(200);

    await page.locator('#socios-linhas fieldset').first().getByRole('button', { name: 'Remover' }).click();
    expect(await page.locator('#socio-0-nome').inputValue()).toBe('Bruno Sócio');
    await page.getByRole('button', { name: 'Adicionar sócio ou representante' }).click();
    await page.locator('#socio-1-nome').fill('Carla Representante');
    await page.locator('#socio-1-cpf').pressSequentially(socioC);
    await page.locator('#socio-1-cargo').fill('Procuradora');
    await page.getByRole('button', { name: 'Salvar' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Este registro foi alterado por outra pessoa').waitFor();
    await dialog.getByRole('button', { name: 'Recarregar a versão atual' }).click();
    await expect.poll(() => page.locator('#nome_fantasia').inputValue()).toBe('Coop Agreste');
    expect(await page.locator('#socios-linhas fieldset').count()).toBe(2);

    await page.locator('#socios-linhas fieldset').first().getByRole('button', { name: 'Remover' }).click();
    await page.getByRole('button', { name: 'Adicionar sócio ou representante' }).click();
    await page.locator('#socio-1-nome').fill('Carla Representante');
    await page.locator('#socio-1-cpf').pressSequentially(socioC);
    await page.locator('#socio-1-cargo').fill('Procuradora');
    await page.getByRole('button', { name: 'Salvar' }).click();
    await page.getByRole('dialog').getByText('Alterações salvas').waitFor();
    await page.getByRole('button', { name: 'OK' }).click();
    expect(await socios()).toEqual([
      { nome: 'Bruno Sócio', cpf: socioB, cargo: null },
      { nome: 'Carla Representante', cpf: socioC, cargo: 'Procuradora' },
    ]);
  });

  it('deletes the company after a confirmation', async () => {
    const page = await operador.open(recordUrl);
    await page.getByRole('button', { name: 'Excluir' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Excluir' }).click();
    await page.getByRole('dialog').getByText('Registro excluído').waitFor();
    await page.getByRole('button', { name: 'OK' }).click();
    await page.waitForURL(/\/pessoas-juridicas$/);
    const { rows } = await site.app.db.write.query(
      'SELECT deleted_at IS NOT NULL AS deleted FROM cadastro.pessoa_juridica WHERE cnpj = $1',
      [cnpj],
    );
    expect(rows).toEqual([{ deleted: true }]);
  });
});
