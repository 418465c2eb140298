import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeCnpj, fakeCpf } from '../../api/test/helpers/documents';
import { latestEmail, newVisitor, type Site, signedInVisitor, startSite, type Visitor } from './helpers/site';

const PASSWORD = 'Cadastro-de-teste-2026';

describe('registration wizard → e-mail verification → approval → first login', () => {
  let site: Site;
  let applicant: Visitor;
  let gestor: Visitor;
  const username = `maria.wizard.${Date.now().toString(36)}`;
  const institutional = `${username}@orgao.example.com`;
  let protocol = '';

  beforeAll(async () => {
    site = await startSite();
    applicant = await newVisitor(site);
    ({ visitor: gestor } = await signedInVisitor(site, 'GESTOR'));
  });

  afterAll(async () => {
    expect(applicant.errors).toEqual([]);
    expect(gestor.errors).toEqual([]);
    await site.close();
  });

  it('walks the three steps, checking each before moving on, and shows the protocol', async () => {
    const page = await applicant.open('/cadastro');
    // Step 1 refuses to advance while required fields are empty, and focuses the first one.
    await page.getByRole('button', { name: 'Próximo' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('pf-nome_completo');
    expect(await page.locator('#pf-nome_completo').getAttribute('aria-invalid')).toBe('true');

    await page.locator('#pf-nome_completo').fill('Maria Assistente Wizard');
    await page.locator('#pf-cpf').pressSequentially(fakeCpf());
    await page.locator('#pf-data_nascimento').fill('1988-07-21');
    await page.locator('#pf-email_principal').fill(`${username}@pessoal.example.com`);
    await page.locator('#pf-telefone_principal').pressSequentially('81987654321');
    await page.locator('#pf-cep').pressSequentially('50030230');
    await page.locator('#pf-logradouro').fill('Rua da Aurora');
    await page.locator('#pf-numero').fill('10');
    await page.locator('#pf-bairro').fill('Boa Vista');
    await page.locator('#pf-cidade').fill('Recife');
    await page.locator('#pf-uf').selectOption('PE');
    await page.getByRole('button', { name: 'Próximo' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('etapa-2');
    expect(await page.locator('[data-step-label="2"]').getAttribute('aria-current')).toBe('step');

    await page.locator('#pj-cnpj').pressSequentially(fakeCnpj());
    await page.locator('#pj-razao_social').fill('Secretaria de Teste do Estado');
    await page.getByLabel('Seu cargo').fill('Analista de dados');
    await page.locator('#pj-email_principal').fill('contato@secretaria.example.com');
    await page.locator('#pj-telefone_principal').pressSequentially('8133334444');
    await page.locator('#pj-cep').pressSequentially('50030230');
    await page.locator('#pj-logradouro').fill('Avenida Central');
    await page.locator('#pj-numero').fill('500');
    await page.locator('#pj-bairro').fill('Centro');
    await page.locator('#pj-cidade').fill('Recife');
    await page.locator('#pj-uf').selectOption('PE');
    await page.getByRole('button', { name: 'Próximo' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('etapa-3');

    await page.getByLabel('Nome de usuário').fill(username);
    await page.getByLabel('E-mail institucional').fill(institutional);
    await page.getByLabel('Perfil solicitado').selectOption('ANALISTA');
    await page.getByLabel('Sua senha').fill('curta');
    expect(
      await page.locator('meter.password-meter').evaluate((meter) => (meter as HTMLMeterElement).value),
    ).toBe(0);
    await page.getByLabel('Sua senha').fill(PASSWORD);
    expect(
      await page.locator('meter.password-meter').evaluate((meter) => (meter as HTMLMeterElement).value),
    ).toBeGreaterThanOrEqual(3);
    await page.getByLabel('Confirme a senha').fill(PASSWORD);
    // Terms not accepted: refused on the client.
    await page.getByRole('button', { name: 'Enviar solicitação' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('termos');
    await page.getByLabel(/Li e aceito/).check();
    await page.getByRole('button', { name: 'Enviar solicitação' }).click();

    await page.getByRole('heading', { name: 'Solicitação enviada' }).waitFor();
    protocol = (await page.locator('#protocolo').textContent()) ?? '';
    expect(protocol).toMatch(/^PLI-\d{4}-[A-Z0-9]{8}$/);
    const { rows } = await site.app.db.write.query(
      'SELECT status, tipo_solicitado, email_verificado FROM usuarios.usuario_sistema WHERE protocolo = $1',
      [protocol],
    );
    expect(rows).toEqual([
      { status: 'AGUARDANDO_APROVACAO', tipo_solicitado: 'ANALISTA', email_verificado: false },
    ]);
  });

  it('shows the server field errors next to the field of the step they belong to', async () => {
    const page = await applicant.open('/cadastro');
    // Everything valid for the client, but the username is taken: the server answers 409 naming `username`.
    await page.locator('#pf-nome_completo').fill('Outra Pessoa Wizard');
    await page.locator('#pf-cpf').pressSequentially(fakeCpf());
    await page.locator('#pf-data_nascimento').fill('1990-02-02');
    await page.locator('#pf-email_principal').fill('outra.wizard@pessoal.example.com');
    await page.locator('#pf-telefone_principal').pressSequentially('8133335555');
    for (const [field, value] of [
      ['cep', '50030230'],
      ['logradouro', 'Rua B'],
      ['numero', '2'],
      ['bairro', 'Centro'],
      ['cidade', 'Recife'],
    ]) {
      const input = page.locator(`#pf-${field}`);
      if (field === 'cep') await input.pressSequentially(value!);
      else await input.fill(value!);
    }
    await page.locator('#pf-uf').selectOption('PE');
    await page.getByRole('button', { name: 'Próximo' }).click();
    await page.locator('#pj-cnpj').pressSequentially(fakeCnpj());
    await page.locator('#pj-razao_social').fill('Outra Secretaria');
    await page.locator('#pj-email_principal').fill('contato@outra.example.com');
    await page.locator('#pj-telefone_principal').pressSequentially('8133336666');
    for (const [field, value] of [
      ['cep', '50030230'],
      ['logradouro', 'Rua C'],
      ['numero', '3'],
      ['bairro', 'Centro'],
      ['cidade', 'Recife'],
    ]) {
      const input = page.locator(`#pj-${field}`);
      if (field === 'cep') await input.pressSequentially(value!);
      else await input.fill(value!);
    }
    await page.locator('#pj-uf').selectOption('PE');
    await page.getByRole('button', { name: 'Próximo' }).click();
    await page.getByLabel('Nome de usuário').fill(username);
    await page.getByLabel('E-mail institucional').fill('outra.wizard@orgao.example.com');
    await page.getByLabel('Perfil solicitado').selectOption('VISUALIZADOR');
    await page.getByLabel('Sua senha').fill(PASSWORD);
    await page.getByLabel('Confirme a senha').fill(PASSWORD);
    await page.getByLabel(/Li e aceito/).check();
    await page.getByRole('button', { name: 'Enviar solicitação' }).click();
    await expect.poll(() => page.getByLabel('Nome de usuário').getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('username');
    expect(await page.locator('#username-erro').textContent()).toContain('já está em uso');
  });

  it('verifies the e-mail from the link in the outbox, and login still waits for approval', async () => {
    // The link exactly as e-mailed (PUBLIC_URL is this site): the page, which consumes the token through the API.
    const link = /https?:\/\/\S+/.exec(await latestEmail(site, institutional))?.[0] ?? '';
    expect(link).toMatch(new RegExp(`^${site.baseUrl}/verificar-email\\?token=[A-Za-z0-9_-]+$`));
    const page = await applicant.open(link);
    await page.getByRole('heading', { name: 'E-mail verificado' }).waitFor();
    // The link is single-use.
    await applicant.open(link);
    await page.getByRole('heading', { name: 'Não foi possível verificar o e-mail' }).waitFor();

    await applicant.open('/entrar');
    await page.getByLabel('Usuário ou e-mail institucional').fill(institutional);
    await page.getByLabel('Senha').fill(PASSWORD);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.locator('[data-form-alert]', { hasText: 'aguarda aprovação' }).waitFor();
  });

  it('lets a GESTOR approve the application with a role of their choosing', async () => {
    const page = await gestor.open('/solicitacoes');
    const row = page.locator('#tabela tbody tr', { hasText: username });
    await row.waitFor();
    expect(await row.textContent()).toContain(protocol);
    await row.getByRole('button', { name: `Aprovar ${username}` }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByLabel('Perfil concedido').inputValue()).toBe('ANALISTA');
    // A GESTOR can grant at most GESTOR.
    expect(await dialog.getByLabel('Perfil concedido').locator('option').allTextContents()).not.toContain(
      'Administrador',
    );
    await dialog.getByRole('button', { name: 'Aprovar' }).click();
    await page.getByRole('dialog').getByText('Solicitação aprovada').waitFor();
    await page.getByRole('button', { name: 'OK' }).click();
    await expect.poll(() => page.locator('#tabela tbody tr', { hasText: username }).count()).toBe(0);
    const { rows } = await site.app.db.write.query(
      'SELECT status, tipo_usuario FROM usuarios.usuario_sistema WHERE username = $1',
      [username],
    );
    expect(rows).toEqual([{ status: 'APROVADO', tipo_usuario: 'ANALISTA' }]);
  });

  it('lets the new user sign in for the first time and land on the dashboard of the granted role', async () => {
    const page = await applicant.open('/entrar');
    await page.getByLabel('Usuário ou e-mail institucional').fill(username);
    await page.getByLabel('Senha').fill(PASSWORD);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.waitForURL(/\/painel$/);
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.locator('#saudacao').textContent()).toBe('Olá, Maria Assistente Wizard.');
    const menu = page.getByRole('navigation', { name: 'Menu principal' });
    expect(await menu.getByRole('link', { name: 'Solicitações' }).count()).toBe(0);
    // ANALISTA reads reports: the summary cards are there.
    await page.locator('[data-resumo="total_usuarios"]').waitFor();
  });

  it('lets a GESTOR reject an application with a reason', async () => {
    const response = await applicant.context.request.post('/api/v1/registrations', {
      data: {
        pessoa_fisica: {
          nome_completo: 'Rejeitada de Teste',
          cpf: fakeCpf(),
          data_nascimento: '1970-01-01',
          email_principal: 'rejeitada@pessoal.example.com',
          telefone_principal: '8133337777',
          cep: '50030230',
          logradouro: 'Rua D',
          numero: '4',
          bairro: 'Centro',
          cidade: 'Recife',
          uf: 'PE',
        },
        instituicao: {
          razao_social: 'Órgão Rejeitado',
          cnpj: fakeCnpj(),
          email_principal: 'orgao@rejeitado.example.com',
          telefone_principal: '8133338888',
          cep: '50030230',
          logradouro: 'Rua E',
          numero: '5',
          bairro: 'Centro',
          cidade: 'Recife',
          uf: 'PE',
        },
        username: 'rejeitada.teste',
        email: 'rejeitada@pessoal.example.com',
        email_institucional: 'rejeitada@orgao.example.com',
        password: PASSWORD,
        tipo_usuario: 'OPERADOR',
      },
    });
    expect(response.status(), await response.text()).toBe(201);
    const page = await gestor.open('/solicitacoes');
    await page.getByRole('button', { name: 'Rejeitar rejeitada.teste' }).click();
    await page
      .getByRole('dialog')
      .getByLabel('Motivo (enviado ao solicitante)')
      .fill('Instituição fora do programa.');
    await page.getByRole('dialog').getByRole('button', { name: 'Rejeitar' }).click();
    await page.getByRole('dialog').getByText('Confirmar rejeição?').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Rejeitar' }).click();
    await page.getByRole('dialog').getByText('Solicitação rejeitada').waitFor();
    await page.getByRole('button', { name: 'OK' }).click();
    await page.getByLabel('Situação').selectOption('REJEITADO');
    await page.getByRole('button', { name: 'Mostrar' }).click();
    const row = page.locator('#tabela tbody tr', { hasText: 'rejeitada.teste' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Instituição fora do programa.');
    expect(await row.getByRole('button').count()).toBe(0);
  });
});
