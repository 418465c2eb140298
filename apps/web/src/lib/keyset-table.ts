import { api, type Page, type Query } from './api';
import { byId, h } from './dom';
import { fillForm, readForm, showApiError } from './forms';
import { attachMasks } from './masks';

export interface Column<T> {
  header: string;
  cell: (row: T) => Node | string;
}

export interface KeysetTableOptions<T> {
  /** API collection answering `{items, next_cursor}`. */
  resource: string;
  columns: Column<T>[];
  /** The last cell of each row (links, buttons); omitted when absent. */
  actions?: (row: T) => Node | null | false;
  /** A filter form (`#filtros`): its values become query parameters and are kept in the URL. */
  filters?: HTMLFormElement;
  /** Fixed query parameters. */
  query?: Query;
  /** Where load errors are shown (defaults to the filter form, or the page's alert). */
  errorTarget?: HTMLElement;
  pageSize?: number;
}

/**
 * The `lista-registro` partial driven by a keyset-paginated API: "Próxima" follows `next_cursor`, "Anterior"
 * walks back through the cursors already seen. Returns `reload()` for after an action changed a row.
 */
export function mountKeysetTable<T>(options: KeysetTableOptions<T>): { reload: () => Promise<void> } {
  const table = byId<HTMLTableElement>('tabela');
  const previous = byId<HTMLButtonElement>('pagina-anterior');
  const next = byId<HTMLButtonElement>('pagina-proxima');
  const info = byId('pagina-info');
  const { filters } = options;
  const errorTarget = options.errorTarget ?? filters ?? byId('pagina');

  table.tHead!.replaceChildren(
    h(
      'tr',
      {},
      ...options.columns.map((column) => h('th', { scope: 'col' }, column.header)),
      options.actions && h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Ações')),
    ),
  );

  let cursors: (string | null)[] = [null];
  let nextCursor: string | null = null;

  async function load(): Promise<void> {
    const query: Query = {
      ...options.query,
      ...(filters ? (readForm(filters) as Query) : {}),
      limit: options.pageSize ?? 20,
      cursor: cursors.at(-1),
    };
    table.setAttribute('aria-busy', 'true');
    try {
      const page = await api.get<Page<T>>(options.resource, query);
      nextCursor = page.next_cursor;
      table.tBodies[0]!.replaceChildren(
        ...page.items.map((row) =>
          h(
            'tr',
            {},
            ...options.columns.map((column) => h('td', {}, column.cell(row))),
            options.actions && h('td', { class: 'text-end' }, options.actions(row)),
          ),
        ),
      );
      byId('lista-vazia').hidden = page.items.length > 0;
      previous.disabled = cursors.length <= 1;
      next.disabled = !nextCursor;
      info.textContent = `Página ${cursors.length} · ${page.items.length} registro(s)`;
    } catch (error) {
      showApiError(errorTarget, error);
    } finally {
      table.removeAttribute('aria-busy');
    }
  }

  if (filters) {
    attachMasks(filters);
    fillForm(filters, Object.fromEntries(new URLSearchParams(location.search)));
    filters.addEventListener('submit', (event) => {
      event.preventDefault();
      const params = new URLSearchParams(readForm(filters) as Record<string, string>);
      history.replaceState(null, '', `${location.pathname}${params.size ? `?${params}` : ''}`);
      cursors = [null];
      void load();
    });
    filters.addEventListener('reset', () => {
      history.replaceState(null, '', location.pathname);
      cursors = [null];
      // The reset event fires before the fields are cleared.
      setTimeout(() => void load());
    });
  }
  next.addEventListener('click', () => {
    if (!nextCursor) return;
    cursors.push(nextCursor);
    void load();
  });
  previous.addEventListener('click', () => {
    if (cursors.length <= 1) return;
    cursors.pop();
    void load();
  });
  return { reload: load };
}
