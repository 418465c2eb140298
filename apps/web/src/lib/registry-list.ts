import { byId, h } from './dom';
import { type Column, mountKeysetTable } from './keyset-table';
import { startSignedInPage } from './layout';
import { hasRole } from './roles';

export interface RegistryListConfig<T extends { id: string }> {
  /** API collection, e.g. `/pessoas-fisicas`. */
  resource: string;
  /** The record page, e.g. `/pessoa-fisica` (opened with `?id=`). */
  recordPage: string;
  columns: Column<T>[];
  /** Names the row in its action link ("Ver Maria da Silva"), so links are distinguishable out of context. */
  rowLabel: (row: T) => string;
}

/** A searchable registry table whose rows open the record page (read-only below OPERADOR). */
export function startRegistryList<T extends { id: string }>(config: RegistryListConfig<T>): void {
  startSignedInPage('VISUALIZADOR', async ({ user }) => {
    const canEdit = hasRole(user.tipo_usuario, 'OPERADOR');
    const table = mountKeysetTable<T>({
      resource: config.resource,
      columns: config.columns,
      filters: byId<HTMLFormElement>('filtros'),
      actions: (row) =>
        h(
          'a',
          {
            class: 'btn btn-sm btn-outline-primary',
            href: `${config.recordPage}?id=${encodeURIComponent(row.id)}`,
          },
          canEdit ? 'Abrir / editar' : 'Ver',
          h('span', { class: 'visually-hidden' }, ` ${config.rowLabel(row)}`),
        ),
    });
    await table.reload();
  });
}
