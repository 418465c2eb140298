import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeCpf } from '../../api/test/helpers/documents';
import { type Site, signedInVisitor, startSite, type Visitor } from './helpers/site';

/** `52998224725` → `529.982.247-25`, as the mask shows it. */
const masked = (cpf: string) => `${cpf.slice(0, 3)}.${cpf.slice(3, 6)}.${cpf.slice(6, 9)}-${cpf.slice(9)}`;

describe('pessoas físicas in the browser (OPERADOR)', () => {
  let site: Site;
  let operador: Visitor;
  const cpf = fakeCpf();
  let recordUrl = '';

  beforeAll(async () => {
    site = await startSite();
    ({ visitor: operador } = await signedInVisitor(site, 'OPERADOR'));
  });

  afterAll(async () => {
    expect(operador.errors).toEqual([]);
    await site.close();
  });

  it('checks the CPF while typing-in, then creates the record', async () => {
    const page = await operador.open('/pessoas-fisicas');
    await page.getByRole('link', { name: 'Nova pessoa física' }).click();
    await page.waitForSelector('body[data-ready="true"]');
    await page.getByLabel('Nome completo').fill('Maria Teste da Silva');
    // A wrong check digit is refused on the client with the server's own rule, and focus goes to the field.
    await page.locator('#cpf').pressSequentially(`${cpf.slice(0, 10)}${(Number(cpf[10]) + 1) % 10}`);
    await page.getByLabel('Data de nascimento').fill('1985-04-12');
    await page.getByLabel('E-mail principal').fill('maria.teste@exemplo.example.com');
    await page.getByLabel('Telefone principal').pressSequentially('61998765432');
    await page.getByLabel('CEP').pressSequentially('70040010');
    await page.getByLabel('Logradouro').fill('Esplanada dos Ministérios');
    await page.getByLabel('Número').fill('100');
    await page.getByLabel('Bairro').fill('Zona Cívico-Administrativa');
    await page.getByLabel('Cidade').fill('Brasília');
    await page.locator('#uf').selectOption('DF');
    expect(await page.getByLabel('Telefone principal').inputValue()).toBe('(61) 99876-5432');
    expect(await page.getByLabel('CEP').inputValue()).toBe('70040-010');
    await page.getByRole('button', { name: 'Salvar' }).click();
    const cpfInput = page.locator('#cpf');
    await expect.poll(() => cpfInput.getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('cpf');
    expect(await page.locator('#cpf-erro').textContent()).toContain('dígitos verificadores');

    await cpfInput.fill('');
    await cpfInput.pressSequentially(cpf);
    expect(await cpfInput.inputValue()).toBe(masked(cpf));
    await page.getByRole('button', { name: 'Salvar' }).click();
    await page.getByRole('dialog').getByText('Pessoa física cadastrada').waitFor();
    await page.getByRole('button', { name: 'OK' }).click();
    await page.waitForURL(/\/pessoa-fisica\?id=/);
    await page.waitForSelector('body[data-ready="true"]');
    recordUrl = new URL(page.url()).pathname + new URL(page.url()).search;
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Maria Teste da Silva');
    const { rows } = await site.app.db.write.query(
      'SELECT nome_completo, telefone_principal, cep FROM cadastro.pessoa_fisica WHERE cpf = $1',
      [cpf],
    );
    expect(rows).toEqual([
      { nome_completo: 'Maria Teste da Silva', telefone_principal: '61998765432', cep: '70040010' },
    ]);
  });

  it('shows the duplicate-CPF answer of the server next to the CPF field', async () => {
    const page = await operador.open('/pessoa-fisica');
    await page.getByLabel('Nome completo').fill('Outra Pessoa');
    await page.locator('#cpf').pressSequentially(cpf);
    await page.getByLabel('Data de nascimento').fill('1990-01-01');
    await page.getByLabel('E-mail principal').fill('outra@exemplo.example.com');
    await page.getByLabel('Telefone principal').pressSequentially('6133334444');
    await page.getByLabel('CEP').pressSequentially('70040010');
    await page.getByLabel('Logradouro').fill('Rua A');
    await page.getByLabel('Número').fill('1');
    await page.getByLabel('Bairro').fill('Centro');
    await page.getByLabel('Cidade').fill('Brasília');
    await page.locator('#uf').selectOption('DF');
    await page.getByRole('button', { name: 'Salvar' }).click();
    const cpfInput = page.locator('#cpf');
    await expect.poll(() => cpfInput.getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('cpf');
    expect((await page.locator('#cpf-erro').textContent())?.length).toBeGreaterThan(0);
  });

  it('finds the record by name and by CPF, showing the CPF masked', async () => {
    const page = await operador.open('/pessoas-fisicas');
    await page.getByLabel('Nome', { exact: true }).fill('maria tes');
    await page.getByRole('button', { name: 'Buscar' }).click();
    const row = page.locator('#tabela tbody tr', { hasText: 'Maria Teste da Silva' });
    await row.waitFor();
    expect(await row.textContent()).toContain(`***.${cpf.slice(3, 6)}.${cpf.slice(6, 9)}-**`);
    await page.getByRole('button', { name: 'Limpar' }).click();
    await page.getByLabel('CPF').pressSequentially(cpf);
    await page.getByRole('button', { name: 'Buscar' }).click();
    await expect.poll(() => page.locator('#tabela tbody tr').count()).toBe(1);
    expect(page.url()).toContain(`cpf=${cpf}`);
  });

  it('explains a stale-version conflict and reloads the current version', async () => {
    const page = await operador.open(recordUrl);
    // Someone else saves the record after this page loaded it.
    const other = await operador.context.newPage();
    await other.goto(recordUrl);
    await other.waitForSelector('body[data-ready="true"]');
    await other.getByLabel('Profissão').fill('Engenheira');
    await other.getByRole('button', { name: 'Salvar' }).click();
    await other.getByRole('dialog').getByText('Alterações salvas').waitFor();
    await other.close();

    await page.getByLabel('Profissão').fill('Professora');
    await page.getByRole('button', { name: 'Salvar' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Este registro foi alterado por outra pessoa').waitFor();
    expect(await dialog.textContent()).toContain('suas alterações não foram salvas');
    await dialog.getByRole('button', { name: 'Recarregar a versão atual' }).click();
    await expect.poll(() => page.getByLabel('Profissão').inputValue()).toBe('Engenheira');

    await page.getByLabel('Profissão').fill('Professora');
    await page.getByRole('button', { name: 'Salvar' }).click();
    await page.getByRole('dialog').getByText('Alterações salvas').waitFor();
    await page.getByRole('button', { name: 'OK' }).click();
    const { rows } = await site.app.db.write.query(
      'SELECT profissao, version FROM cadastro.pessoa_fisica WHERE cpf = $1',
      [cpf],
    );
    expect(rows).toEqual([{ profissao: 'Professora', version: 3 }]);
  });

  it('deletes the record after a confirmation', async () => {
    const page = await operador.open(recordUrl);
    await page.getByRole('button', { name: 'Excluir' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Excluir' }).click();
    await page.getByRole('dialog').getByText('Registro excluído').waitFor();
    await page.getByRole('button', { name: 'OK' }).click();
    await page.waitForURL(/\/pessoas-fisicas$/);
    const { rows } = await site.app.db.write.query(
      'SELECT deleted_at IS NOT NULL AS deleted FROM cadastro.pessoa_fisica WHERE cpf = $1',
      [cpf],
    );
    expect(rows).toEqual([{ deleted: true }]);
  });
});
