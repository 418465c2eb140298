import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, TEST_PASSWORD } from '../../api/test/helpers/users';
import {
  latestEmail,
  newVisitor,
  type Site,
  signedInVisitor,
  signIn,
  startSite,
  type Visitor,
} from './helpers/site';

const NEW_PASSWORD = 'Nova-senha-de-teste-456';

describe('accounts: my account, password reset, user management, audit', () => {
  let site: Site;
  const visitors: Visitor[] = [];

  beforeAll(async () => {
    site = await startSite();
  });

  afterAll(async () => {
    for (const visitor of visitors) expect(visitor.errors).toEqual([]);
    await site.close();
  });

  it('lists my sessions, logs out the other devices and changes my password', async () => {
    const { user, visitor } = await signedInVisitor(site, 'OPERADOR');
    const otherDevice = await newVisitor(site);
    visitors.push(visitor, otherDevice);
    await signIn(otherDevice, user);

    const page = await visitor.open('/minha-conta');
    const rows = page.locator('#tabela-sessoes tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.filter({ hasText: 'esta sessão' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Sair de todos os outros dispositivos' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Encerrar as outras sessões' }).click();
    await page.getByRole('dialog').getByText('Outras sessões encerradas').waitFor();
    await page.getByRole('button', { name: 'OK' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    // The other device is signed out on its next request.
    expect((await otherDevice.context.request.get('/api/v1/auth/me')).status()).toBe(401);

    // A wrong current password comes back from the server next to its field.
    await page.getByLabel('Senha atual').fill('nao-e-a-senha-1');
    await page.getByLabel('Nova senha').fill(NEW_PASSWORD);
    await page.getByLabel('Confirme a senha').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Alterar senha' }).click();
    await expect.poll(() => page.getByLabel('Senha atual').getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('current_password');

    await page.getByLabel('Senha atual').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Alterar senha' }).click();
    await page.getByRole('dialog').getByText('Senha alterada').waitFor();
    await page.getByRole('button', { name: 'OK' }).click();
    const login = await site.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: user.username, password: NEW_PASSWORD },
    });
    expect(login.statusCode).toBe(200);
  });

  it('resets a forgotten password through the e-mailed link', async () => {
    const user = await createUser(site.app, { role: 'VISUALIZADOR' });
    const visitor = await newVisitor(site);
    visitors.push(visitor);
    const page = await visitor.open('/entrar');
    await page.getByRole('link', { name: 'Esqueci minha senha' }).click();
    await page.waitForSelector('body[data-ready="true"]');
    await page.getByLabel('E-mail').fill(user.emailInstitucional);
    await page.getByRole('button', { name: 'Enviar link' }).click();
    await page.getByText('Se houver uma conta com esse e-mail').waitFor();

    // The link exactly as e-mailed (PUBLIC_URL is this site).
    const link = /https?:\/\/\S+\/redefinir-senha\?token=\S+/.exec(
      await latestEmail(site, user.emailInstitucional),
    )?.[0];
    expect(link?.startsWith(`${site.baseUrl}/redefinir-senha?`)).toBe(true);
    await visitor.open(link!);
    await page.getByLabel('Nova senha').fill(NEW_PASSWORD);
    await page.getByLabel('Confirme a senha').fill(`${NEW_PASSWORD}x`);
    await page.getByRole('button', { name: 'Salvar nova senha' }).click();
    expect(await page.locator('#password-confirmacao-erro').textContent()).toBe('Os valores não conferem.');
    await page.getByLabel('Confirme a senha').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Salvar nova senha' }).click();
    await page.getByText('Senha alterada.').waitFor();

    await page.getByRole('link', { name: 'Entrar com a nova senha' }).click();
    await page.waitForSelector('body[data-ready="true"]');
    await page.getByLabel('Usuário ou e-mail institucional').fill(user.username);
    await page.getByLabel('Senha').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.waitForURL(/\/painel$/);
  });

  it('lets a GESTOR change the role and status of an account below them, but not their own', async () => {
    const { user: gestor, visitor } = await signedInVisitor(site, 'GESTOR');
    visitors.push(visitor);
    const target = await createUser(site.app, { role: 'VISUALIZADOR' });
    const page = await visitor.open('/usuarios');
    await page.getByLabel('Nome, usuário ou e-mail').fill(target.username);
    await page.getByRole('button', { name: 'Buscar' }).click();
    const row = page.locator('#tabela tbody tr', { hasText: target.username });
    await expect.poll(() => page.locator('#tabela tbody tr').count()).toBe(1);
    await row.getByRole('button', { name: 'Perfil' }).click();
    await page.getByRole('dialog').getByLabel('Novo perfil').selectOption('OPERADOR');
    await page.getByRole('dialog').getByRole('button', { name: 'Salvar' }).click();
    await page.getByRole('dialog').getByText('Conta atualizada').waitFor();
    await page.getByRole('button', { name: 'OK' }).click();
    await row.getByText('Operador').waitFor();
    await row.getByRole('button', { name: 'Situação' }).click();
    await page.getByRole('dialog').getByLabel('Nova situação').selectOption('SUSPENSO');
    await page.getByRole('dialog').getByRole('button', { name: 'Salvar' }).click();
    await page.getByRole('dialog').getByText('Conta atualizada').waitFor();
    await page.getByRole('button', { name: 'OK' }).click();
    const { rows } = await site.app.db.write.query(
      'SELECT tipo_usuario, status FROM usuarios.usuario_sistema WHERE id = $1',
      [target.id],
    );
    expect(rows).toEqual([{ tipo_usuario: 'OPERADOR', status: 'SUSPENSO' }]);

    await page.getByLabel('Nome, usuário ou e-mail').fill(gestor.username);
    await page.getByRole('button', { name: 'Buscar' }).click();
    await expect.poll(() => page.locator('#tabela tbody tr').count()).toBe(1);
    expect(await page.locator('#tabela tbody tr').getByRole('button').count()).toBe(0);
  });

  // Reads the audit rows written by the GESTOR's changes in the test above.
  it('shows an ADMIN the audit trail with before/after of a change', async () => {
    const { visitor } = await signedInVisitor(site, 'ADMIN');
    visitors.push(visitor);
    const page = await visitor.open('/auditoria');
    await page.getByLabel('Entidade').selectOption('usuario');
    await page.getByRole('button', { name: 'Filtrar' }).click();
    const update = page.locator('#tabela tbody tr', { hasText: 'UPDATE' }).first();
    await update.waitFor();
    expect(await update.textContent()).toContain('status');
    await update.getByRole('button').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Antes' }).waitFor();
    expect(await dialog.textContent()).toContain('SUSPENSO');
  });
});
