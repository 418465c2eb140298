import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeCnpj, fakeCpf } from '../../api/test/helpers/documents';
import { createUser } from '../../api/test/helpers/users';
import { downloadedText, type Site, signedInVisitor, startSite, type Visitor } from './helpers/site';

const pt = (value: number) => value.toLocaleString('pt-BR');

describe('dashboard and report downloads (ANALISTA)', () => {
  let site: Site;
  let analista: Visitor;
  let totals: {
    pf: number;
    pj: number;
    usuarios: number;
    pendentes: number;
    porTipo: Record<string, number>;
  };

  beforeAll(async () => {
    site = await startSite();
    ({ visitor: analista } = await signedInVisitor(site, 'ANALISTA'));
    // Some data of every kind, so no number on the page can be right by accident.
    for (let i = 0; i < 4; i++) {
      await site.app.db.write.query(
        `INSERT INTO cadastro.pessoa_fisica (nome_completo, cpf) VALUES ($1, $2)`,
        [`Pessoa Painel ${i}`, fakeCpf()],
      );
    }
    await site.app.db.write.query(
      `INSERT INTO cadastro.pessoa_juridica (razao_social, cnpj) VALUES ('Empresa Painel', $1)`,
      [fakeCnpj()],
    );
    await createUser(site.app, { role: 'OPERADOR' });
    await createUser(site.app, { role: 'OPERADOR' });
    await createUser(site.app, { role: 'GESTOR', status: 'AGUARDANDO_APROVACAO' });
    const count = async (sql: string) =>
      Number((await site.app.db.write.query<{ n: string }>(sql)).rows[0]!.n);
    const porTipo = await site.app.db.write.query<{ tipo_usuario: string; n: string }>(
      'SELECT tipo_usuario, count(*) AS n FROM usuarios.usuario_sistema GROUP BY tipo_usuario',
    );
    totals = {
      pf: await count('SELECT count(*) AS n FROM cadastro.pessoa_fisica WHERE deleted_at IS NULL'),
      pj: await count('SELECT count(*) AS n FROM cadastro.pessoa_juridica WHERE deleted_at IS NULL'),
      usuarios: await count('SELECT count(*) AS n FROM usuarios.usuario_sistema'),
      pendentes: await count(
        `SELECT count(*) AS n FROM usuarios.usuario_sistema WHERE status = 'AGUARDANDO_APROVACAO'`,
      ),
      porTipo: Object.fromEntries(porTipo.rows.map((row) => [row.tipo_usuario, Number(row.n)])),
    };
  });

  afterAll(async () => {
    expect(analista.errors).toEqual([]);
    await site.close();
  });

  it('shows the summary cards with the numbers in the database', async () => {
    const page = await analista.open('/painel');
    const card = (key: string) => page.locator(`[data-resumo="${key}"]`).textContent();
    expect(await card('total_pessoas_fisicas')).toBe(pt(totals.pf));
    expect(await card('total_pessoas_juridicas')).toBe(pt(totals.pj));
    expect(await card('total_usuarios')).toBe(pt(totals.usuarios));
    expect(await card('solicitacoes_pendentes')).toBe(pt(totals.pendentes));
  });

  it('draws both charts from the report data, with the same numbers in their tables', async () => {
    const page = await analista.open('/painel');
    for (const id of ['grafico-por-mes', 'grafico-por-tipo']) {
      // Chart.js drew something: the canvas has painted pixels.
      const painted = await page.locator(`#${id}`).evaluate((canvas) => {
        const { width, height } = canvas as HTMLCanvasElement;
        const pixels = (canvas as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, width, height).data;
        let count = 0;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) count++;
        return count;
      });
      expect(painted, id).toBeGreaterThan(500);
    }
    // Everything was created this month: the last month row holds every record.
    const months = page.locator('#tabela-por-mes tbody tr');
    expect(await months.count()).toBe(12);
    const current = await months.last().locator('td').allTextContents();
    expect(current).toEqual([pt(totals.pf), pt(totals.pj), pt(totals.usuarios)]);
    const roles = await page
      .locator('#tabela-por-tipo tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) => [row.querySelector('th')!.textContent, row.querySelector('td')!.textContent]),
      );
    expect(roles).toEqual([
      ['Administrador', pt(totals.porTipo.ADMIN ?? 0)],
      ['Gestor', pt(totals.porTipo.GESTOR ?? 0)],
      ['Analista', pt(totals.porTipo.ANALISTA ?? 0)],
      ['Operador', pt(totals.porTipo.OPERADOR ?? 0)],
      ['Visualizador', pt(totals.porTipo.VISUALIZADOR ?? 0)],
    ]);
  });

  it('downloads the summary as CSV with the right rows', async () => {
    const page = await analista.open('/painel');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Baixar resumo (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^resumo-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await downloadedText(download);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).trim().split(/\r\n/);
    expect(lines[0]).toBe('indicador,total');
    expect(lines).toContain(`Pessoas físicas,${totals.pf}`);
    expect(lines).toContain(`Pessoas jurídicas,${totals.pj}`);
    expect(lines).toContain(`Usuários,${totals.usuarios}`);
    expect(lines).toContain(`Solicitações pendentes,${totals.pendentes}`);
  });

  it('downloads registrations per month as CSV: a header and twelve months', async () => {
    const page = await analista.open('/painel');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('a[data-csv="cadastros-por-mes"]').click(),
    ]);
    const lines = (await downloadedText(download)).slice(1).trim().split(/\r\n/);
    expect(lines[0]).toBe('mes,pessoas_fisicas,pessoas_juridicas,usuarios');
    expect(lines).toHaveLength(13);
    expect(lines.at(-1)).toMatch(new RegExp(`^\\d{4}-\\d{2},${totals.pf},${totals.pj},${totals.usuarios}$`));
  });
});
