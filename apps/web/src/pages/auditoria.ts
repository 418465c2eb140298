import { byId, h } from '../lib/dom';
import { formatDateTime } from '../lib/format';
import { mountKeysetTable } from '../lib/keyset-table';
import { startSignedInPage } from '../lib/layout';

interface AuditEntry {
  id: string | number;
  ocorrido_em: string;
  ator_id: string | null;
  ator_username?: string | null;
  acao: string;
  entidade: string;
  entidade_id: string | null;
  antes: unknown;
  depois: unknown;
  ip: string | null;
}

/** Before/after images, collapsed: most rows are read by their action alone. */
function changes(entry: AuditEntry): Node | string {
  if (entry.antes == null && entry.depois == null) return '';
  return h(
    'details',
    {},
    h('summary', {}, 'Ver dados'),
    entry.antes != null &&
      h(
        'div',
        {},
        h('strong', {}, 'Antes'),
        h('pre', { class: 'audit-json' }, JSON.stringify(entry.antes, null, 2)),
      ),
    entry.depois != null &&
      h(
        'div',
        {},
        h('strong', {}, 'Depois'),
        h('pre', { class: 'audit-json' }, JSON.stringify(entry.depois, null, 2)),
      ),
  );
}

startSignedInPage('ADMIN', async () => {
  const table = mountKeysetTable<AuditEntry>({
    resource: '/auditoria',
    filters: byId<HTMLFormElement>('filtros'),
    pageSize: 50,
    columns: [
      { header: 'Quando', cell: (row) => formatDateTime(row.ocorrido_em) },
      { header: 'Quem', cell: (row) => row.ator_username ?? row.ator_id ?? 'Sistema / anônimo' },
      { header: 'Ação', cell: (row) => row.acao },
      { header: 'Entidade', cell: (row) => row.entidade },
      { header: 'Registro', cell: (row) => row.entidade_id ?? '' },
      { header: 'IP', cell: (row) => row.ip ?? '' },
      { header: 'Alterações', cell: changes },
    ],
  });
  await table.reload();
});
