import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';
import { api } from '../lib/api';
import { byId, h, icon } from '../lib/dom';
import { formatNumber, roleLabel } from '../lib/format';
import { startSignedInPage } from '../lib/layout';
import { APP_PAGES } from '../lib/nav';
import { hasRole, ROLES } from '../lib/roles';
import { displayName } from '../lib/session';

// Only the pieces these two charts use (tree-shaken build).
Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  DoughnutController,
  ArcElement,
  Legend,
  Tooltip,
);

/** `GET /api/v1/relatorios/resumo`. */
interface Resumo {
  total_pessoas_fisicas: number;
  total_pessoas_juridicas: number;
  total_usuarios: number;
  solicitacoes_pendentes: number;
}

/** `GET /api/v1/relatorios/cadastros-por-mes`: the last 12 months, oldest first. */
interface CadastrosPorMes {
  meses: { mes: string; pessoas_fisicas: number; pessoas_juridicas: number; usuarios: number }[];
}

/** `GET /api/v1/relatorios/usuarios-por-tipo`. */
interface UsuariosPorTipo {
  tipos: { tipo_usuario: string; total: number; ativos: number; inativos: number; percentual: number }[];
}

const COLOURS = { pf: '#0d47a1', pj: '#2e7d32', usuarios: '#ef6c00' };
const ROLE_COLOURS = ['#0d47a1', '#1976d2', '#2e7d32', '#ef6c00', '#6a1b9a'];

function statCard(label: string, value: number, iconName: string, key: string): HTMLElement {
  return h(
    'div',
    { class: 'col-6 col-md-3' },
    h(
      'div',
      { class: 'card stat-card h-100' },
      h(
        'div',
        { class: 'card-body' },
        h('p', { class: 'text-body-secondary mb-1' }, icon(iconName), ` ${label}`),
        h('p', { class: 'display-6 mb-0', 'data-resumo': key }, formatNumber(value)),
      ),
    ),
  );
}

/** "2025-03" → "mar/2025". */
function monthLabel(month: string): string {
  const [year, number] = month.split('-').map(Number);
  if (!year || !number) return month;
  return new Date(Date.UTC(year, number - 1, 1)).toLocaleDateString('pt-BR', {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

async function renderReports(): Promise<void> {
  const [resumo, porMes, porTipo] = await Promise.all([
    api.get<Resumo>('/relatorios/resumo'),
    api.get<CadastrosPorMes>('/relatorios/cadastros-por-mes'),
    api.get<UsuariosPorTipo>('/relatorios/usuarios-por-tipo'),
  ]);

  byId('cartoes-resumo').replaceChildren(
    statCard('Pessoas físicas', resumo.total_pessoas_fisicas, 'person-vcard', 'total_pessoas_fisicas'),
    statCard('Pessoas jurídicas', resumo.total_pessoas_juridicas, 'building', 'total_pessoas_juridicas'),
    statCard('Usuários', resumo.total_usuarios, 'people', 'total_usuarios'),
    statCard('Solicitações pendentes', resumo.solicitacoes_pendentes, 'inbox', 'solicitacoes_pendentes'),
  );

  const months = porMes.meses.map((item) => monthLabel(item.mes));
  new Chart(byId<HTMLCanvasElement>('grafico-por-mes'), {
    type: 'bar',
    data: {
      labels: months,
      datasets: [
        {
          label: 'Pessoas físicas',
          data: porMes.meses.map((i) => i.pessoas_fisicas),
          backgroundColor: COLOURS.pf,
        },
        {
          label: 'Pessoas jurídicas',
          data: porMes.meses.map((i) => i.pessoas_juridicas),
          backgroundColor: COLOURS.pj,
        },
        { label: 'Usuários', data: porMes.meses.map((i) => i.usuarios), backgroundColor: COLOURS.usuarios },
      ],
    },
    options: {
      maintainAspectRatio: false,
      animation: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
  byId<HTMLTableElement>('tabela-por-mes').tBodies[0]!.replaceChildren(
    ...porMes.meses.map((item, index) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, months[index]!),
        h('td', {}, formatNumber(item.pessoas_fisicas)),
        h('td', {}, formatNumber(item.pessoas_juridicas)),
        h('td', {}, formatNumber(item.usuarios)),
      ),
    ),
  );

  const byRole = ROLES.map(
    (role) =>
      porTipo.tipos.find((item) => item.tipo_usuario === role) ?? {
        tipo_usuario: role,
        total: 0,
        ativos: 0,
        inativos: 0,
        percentual: 0,
      },
  );
  new Chart(byId<HTMLCanvasElement>('grafico-por-tipo'), {
    type: 'doughnut',
    data: {
      labels: byRole.map((item) => roleLabel(item.tipo_usuario)),
      datasets: [{ data: byRole.map((item) => item.total), backgroundColor: ROLE_COLOURS }],
    },
    options: { maintainAspectRatio: false, animation: false, plugins: { legend: { position: 'bottom' } } },
  });
  byId<HTMLTableElement>('tabela-por-tipo').tBodies[0]!.replaceChildren(
    ...byRole.map((item) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, roleLabel(item.tipo_usuario)),
        h('td', {}, formatNumber(item.total)),
        h('td', {}, formatNumber(item.ativos)),
        h('td', {}, formatNumber(item.inativos)),
        h('td', {}, `${item.percentual.toLocaleString('pt-BR', { minimumFractionDigits: 1 })} %`),
      ),
    ),
  );
}

startSignedInPage('VISUALIZADOR', async ({ user }) => {
  byId('saudacao').textContent = `Olá, ${displayName(user)}.`;
  byId('atalhos').replaceChildren(
    ...APP_PAGES.filter((page) => page.href !== '/painel' && hasRole(user.tipo_usuario, page.minRole)).map(
      (page) =>
        h(
          'div',
          { class: 'col-6 col-md-4 col-lg-2' },
          h(
            'a',
            { class: 'card text-decoration-none h-100', href: page.href },
            h(
              'div',
              { class: 'card-body text-center' },
              h('p', { class: 'fs-3 mb-1 text-sigma' }, icon(page.icon)),
              page.label,
            ),
          ),
        ),
    ),
  );
  if (hasRole(user.tipo_usuario, 'ANALISTA')) await renderReports();
});
