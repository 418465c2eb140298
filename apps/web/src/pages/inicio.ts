import { api } from '../lib/api';
import { h } from '../lib/dom';
import { formatNumber } from '../lib/format';
import { startPublicPage } from '../lib/layout';

/** Public totals (no personal data): counts only. */
interface PublicTotals {
  pessoas_fisicas: number;
  pessoas_juridicas: number;
  usuarios: number;
  cadastros: number;
}

startPublicPage(async ({ user }) => {
  if (user) {
    document
      .getElementById('acoes-inicio')
      ?.replaceChildren(h('a', { class: 'btn btn-light btn-lg', href: '/painel' }, 'Ir para o painel'));
  }
  const state = document.getElementById('totais-estado')!;
  try {
    const totals = await api.get<PublicTotals>('/estatisticas/publicas', undefined, {
      redirectOnUnauthorized: false,
    });
    for (const cell of document.querySelectorAll<HTMLElement>('[data-total]')) {
      const value = totals[cell.dataset.total as keyof PublicTotals];
      cell.textContent = typeof value === 'number' ? formatNumber(value) : '—';
    }
    state.textContent = `Atualizado em ${new Date().toLocaleString('pt-BR')}.`;
  } catch {
    state.textContent = 'Os totais estão indisponíveis no momento.';
  }
});
