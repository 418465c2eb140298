import { api } from '../lib/api';
import { h } from '../lib/dom';
import { formatNumber } from '../lib/format';
import { startPublicPage } from '../lib/layout';

/**
 * Public totals (counts only, no personal data): `GET /api/v1/relatorios/publico`, the public subset of `resumo`
 * (`total_usuarios` counts approved accounts). If it fails the page says the totals are unavailable; it never shows
 * made-up numbers.
 */
interface PublicTotals {
  total_pessoas_fisicas: number;
  total_pessoas_juridicas: number;
  total_usuarios: number;
}

startPublicPage(async ({ user }) => {
  if (user) {
    document
      .getElementById('acoes-inicio')
      ?.replaceChildren(h('a', { class: 'btn btn-light btn-lg', href: '/painel' }, 'Ir para o painel'));
  }
  const state = document.getElementById('totais-estado')!;
  try {
    const totals = await api.get<PublicTotals>('/relatorios/publico', undefined, {
      redirectOnUnauthorized: false,
    });
    const values: Record<string, number> = {
      ...totals,
      total_cadastros: totals.total_pessoas_fisicas + totals.total_pessoas_juridicas,
    };
    for (const cell of document.querySelectorAll<HTMLElement>('[data-total]')) {
      const value = values[cell.dataset.total!];
      cell.textContent = typeof value === 'number' ? formatNumber(value) : '—';
    }
    state.textContent = `Atualizado em ${new Date().toLocaleString('pt-BR')}.`;
  } catch {
    state.textContent = 'Os totais estão indisponíveis no momento.';
  }
});
