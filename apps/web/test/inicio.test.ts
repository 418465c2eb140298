import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeCnpj, fakeCpf } from '../../api/test/helpers/documents';
import { createUser } from '../../api/test/helpers/users';
import { newVisitor, type Site, signedInVisitor, startSite, type Visitor } from './helpers/site';

const pt = (value: number) => value.toLocaleString('pt-BR');

describe('home page totals (anyone)', () => {
  let site: Site;
  let anonymous: Visitor;
  let signedIn: Visitor;
  let totals: Record<string, number>;

  beforeAll(async () => {
    site = await startSite();
    ({ visitor: signedIn } = await signedInVisitor(site, 'OPERADOR'));
    anonymous = await newVisitor(site);
    // Records of every kind, a deleted one and accounts that are not approved: the page must count only what the
    // API calls live people and institutions and approved users.
    const db = site.app.db.write;
    for (let i = 0; i < 3; i++) {
      await db.query(`INSERT INTO cadastro.pessoa_fisica (nome_completo, cpf) VALUES ($1, $2)`, [
        `Pessoa Início ${i}`,
        fakeCpf(),
      ]);
    }
    await db.query(
      `INSERT INTO cadastro.pessoa_juridica (razao_social, cnpj, deleted_at) VALUES ('Empresa Excluída', $1, now())`,
      [fakeCnpj()],
    );
    await createUser(site.app, { role: 'ANALISTA' });
    await createUser(site.app, { role: 'GESTOR', status: 'AGUARDANDO_APROVACAO' });
    await createUser(site.app, { status: 'SUSPENSO' });
    const count = async (sql: string) => Number((await db.query<{ n: string }>(sql)).rows[0]!.n);
    const pf = await count('SELECT count(*) AS n FROM cadastro.pessoa_fisica WHERE deleted_at IS NULL');
    const pj = await count('SELECT count(*) AS n FROM cadastro.pessoa_juridica WHERE deleted_at IS NULL');
    totals = {
      total_pessoas_fisicas: pf,
      total_pessoas_juridicas: pj,
      total_usuarios: await count(
        `SELECT count(*) AS n FROM usuarios.usuario_sistema WHERE status = 'APROVADO'`,
      ),
      total_cadastros: pf + pj,
    };
  });

  afterAll(async () => {
    expect(anonymous.errors).toEqual([]);
    expect(signedIn.errors).toEqual([]);
    await site.close();
  });

  it('shows the numbers in the database, with or without a session', async () => {
    for (const visitor of [anonymous, signedIn]) {
      const page = await visitor.open('/');
      const shown = await page
        .locator('[data-total]')
        .evaluateAll((cells) => cells.map((cell) => [(cell as HTMLElement).dataset.total, cell.textContent]));
      expect(Object.fromEntries(shown)).toEqual(
        Object.fromEntries(Object.entries(totals).map(([key, value]) => [key, pt(value)])),
      );
      expect(await page.locator('#totais-estado').textContent()).toMatch(/^Atualizado em /);
    }
  });
});
