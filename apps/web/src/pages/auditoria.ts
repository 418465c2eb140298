import { api } from '../lib/api';
import { showDetails, showError } from '../lib/dialogs';
import { byId, h, icon } from '../lib/dom';
import { formatDateTime } from '../lib/format';
import { mountKeysetTable } from '../lib/keyset-table';
import { startSignedInPage } from '../lib/layout';

/** A row of `GET /api/v1/auditoria` (the before/after images come with `GET /auditoria/:id`). */
interface AuditEntry {
  id: string;
  ocorrido_em: string;
  ator_id: string | null;
  ator_username: string | null;
  acao: string;
  entidade: string;
  entidade_id: string | null;
  campos_alterados: string[] | null;
  ip: string | null;
}

type AuditDetail = AuditEntry & { antes: unknown; depois: unknown };

function image(title: string, value: unknown): HTMLElement | null {
  if (value === null || value === undefined) return null;
  return h(
    'div',
    { class: 'text-start' },
    h('h3', { class: 'h6' }, title),
    h('pre', { class: 'audit-json' }, JSON.stringify(value, null, 2)),
  );
}

startSignedInPage('ADMIN', async () => {
  const table = mountKeysetTable<AuditEntry>({
    resource: '/auditoria',
    filters: byId<HTMLFormElement>('filtros'),
    pageSize: 50,
    columns: [
      { header: 'Quando', cell: (row) => formatDateTime(row.ocorrido_em) },
      { header: 'Quem', cell: (row) => row.ator_username ?? 'anônimo / sistema' },
      { header: 'Ação', cell: (row) => row.acao },
      { header: 'Entidade', cell: (row) => row.entidade },
      { header: 'Registro', cell: (row) => row.entidade_id ?? '' },
      { header: 'Campos alterados', cell: (row) => (row.campos_alterados ?? []).join(', ') },
      { header: 'IP', cell: (row) => row.ip ?? '' },
    ],
    actions: (row) =>
      h(
        'button',
        { class: 'btn btn-sm btn-outline-secondary', type: 'button', 'data-detalhe': row.id },
        icon('eye'),
        h('span', { class: 'visually-hidden' }, ` Antes e depois do registro ${row.id}`),
      ),
  });

  byId('tabela').addEventListener('click', async (event) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-detalhe]');
    if (!button) return;
    try {
      const entry = await api.get<AuditDetail>(`/auditoria/${encodeURIComponent(button.dataset.detalhe!)}`);
      const content = h(
        'div',
        {},
        image('Antes', entry.antes),
        image('Depois', entry.depois),
        entry.antes == null && entry.depois == null
          ? h('p', {}, 'Sem dados registrados para esta ação.')
          : null,
      );
      await showDetails(`${entry.acao} · ${entry.entidade}`, content);
    } catch (error) {
      await showError(error);
    }
  });

  await table.reload();
});
