import { ApiError, api, request } from './api';
import { confirmAction, showError, showSuccess } from './dialogs';
import { byId, queryParam } from './dom';
import { formatDateTime } from './format';
import { checkForm, fillForm, readForm, showApiError, showErrors, whileBusy } from './forms';
import { forbiddenPanel, replaceContent, type SignedInContext, startSignedInPage } from './layout';
import { attachMasks } from './masks';
import { hasRole } from './roles';

export interface RecordMeta {
  id: string;
  version?: number;
  created_at?: string;
  updated_at?: string;
}

export interface RegistryRecordConfig<T extends RecordMeta> {
  /** API collection, e.g. `/pessoas-fisicas`. */
  resource: string;
  listPage: string;
  recordPage: string;
  /** "pessoa física": used in titles and messages. */
  noun: string;
  /** The unique document field (`cpf`/`cnpj`): a 409 is shown next to it. */
  documentField: string;
  title: (record: T) => string;
  /** Extra fields a page edits itself (e.g. the sócios rows), after `fillForm`. */
  fill?: (record: T | undefined, editable: boolean) => void;
  /** Adds the page's own fields to the body read from the form. */
  collect?: (body: Record<string, unknown>) => Record<string, unknown>;
  /** The loaded record in the shape `collect` produces, so unchanged page-owned fields are not sent. */
  comparable?: (record: T) => Record<string, unknown>;
}

/** Values as the API returns them, for comparing with what the form would send (dates as YYYY-MM-DD). */
function comparable(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The fields whose value differs from the loaded version: a PATCH sends only what the user changed. */
export function changedFields(body: Record<string, unknown>, original: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(body).filter(([key, value]) => comparable(value) !== comparable(original[key])),
  );
}

/**
 * A registry record page: `?id=` shows and edits one record (optimistic locking with the ETag; a stale version is
 * explained and can be reloaded), no id creates one. Roles below OPERADOR see the record read-only.
 */
export function startRegistryRecord<T extends RecordMeta>(config: RegistryRecordConfig<T>): void {
  startSignedInPage('VISUALIZADOR', async ({ user }: SignedInContext) => {
    const form = byId<HTMLFormElement>('form-registro');
    const id = queryParam('id');
    const editable = hasRole(user.tipo_usuario, 'OPERADOR');
    byId<HTMLAnchorElement>('voltar').href = config.listPage;
    attachMasks(form);

    if (!id && !editable) {
      replaceContent(forbiddenPanel('OPERADOR'));
      return;
    }

    let original: T | undefined;
    let etag: string | null = null;

    const show = (record: T | undefined, version: string | null) => {
      original = record;
      etag = version;
      form.reset();
      if (record) fillForm(form, record as unknown as Record<string, unknown>);
      config.fill?.(record, editable);
      const title = record ? config.title(record) : `Nova ${config.noun}`;
      byId('titulo-registro').textContent = title;
      document.title = `${title} · SIGMA-PLI`;
      byId('meta-registro').textContent = record
        ? `Cadastrada em ${formatDateTime(record.created_at)} · atualizada em ${formatDateTime(record.updated_at)}`
        : 'Campos com * são obrigatórios.';
      document.getElementById('excluir')?.toggleAttribute('hidden', !record);
    };

    const loadRecord = async () => {
      const response = await request<T>(`${config.resource}/${encodeURIComponent(id!)}`);
      show(response.data, response.etag);
    };

    if (id) await loadRecord();
    else show(undefined, null);

    if (!editable) {
      for (const control of form.querySelectorAll<HTMLInputElement>('input, select, textarea'))
        control.disabled = true;
      return;
    }

    const body = (emptyAsNull: boolean) => {
      const values = readForm(form, emptyAsNull ? { emptyAs: null } : {});
      return config.collect ? config.collect(values) : values;
    };

    const explainConflict = async () => {
      const reload = await confirmAction({
        title: 'Este registro foi alterado por outra pessoa',
        text:
          'Depois que você abriu esta página, outra pessoa salvou uma nova versão deste registro. Para não apagar ' +
          'o trabalho dela, suas alterações não foram salvas. Recarregue a versão atual e refaça as suas alterações.',
        confirmText: 'Recarregar a versão atual',
      });
      if (reload) await loadRecord();
    };

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!checkForm(form)) return;
      void whileBusy(form, async () => {
        try {
          if (!original) {
            const created = await api.post<T>(config.resource, body(false));
            await showSuccess(`${config.noun[0]!.toUpperCase()}${config.noun.slice(1)} cadastrada`);
            location.assign(`${config.recordPage}?id=${encodeURIComponent(created.data.id)}`);
            return;
          }
          const baseline = config.comparable?.(original) ?? (original as unknown as Record<string, unknown>);
          const changes = changedFields(body(true), baseline);
          if (Object.keys(changes).length === 0) {
            await showSuccess('Nada a salvar', 'Nenhum campo foi alterado.');
            return;
          }
          const updated = await api.patch<T>(
            `${config.resource}/${encodeURIComponent(original.id)}`,
            changes,
            etag,
          );
          show(updated.data, updated.etag);
          await showSuccess('Alterações salvas');
        } catch (error) {
          if (error instanceof ApiError && error.status === 412) await explainConflict();
          else if (error instanceof ApiError && error.status === 409 && error.fieldErrors.length === 0)
            showErrors(form, [
              { field: config.documentField, message: error.problem.detail ?? 'Já cadastrado.' },
            ]);
          else showApiError(form, error);
        }
      });
    });

    document.getElementById('excluir')?.addEventListener('click', async () => {
      if (!original) return;
      const confirmed = await confirmAction({
        title: `Excluir ${config.noun}?`,
        text: `${config.title(original)} deixará de aparecer nas buscas. O histórico fica registrado na auditoria.`,
        confirmText: 'Excluir',
        danger: true,
      });
      if (!confirmed) return;
      try {
        await request(`${config.resource}/${encodeURIComponent(original.id)}`, {
          method: 'DELETE',
          ifMatch: etag,
        });
        await showSuccess('Registro excluído');
        location.assign(config.listPage);
      } catch (error) {
        if (error instanceof ApiError && error.status === 412) await explainConflict();
        else await showError(error);
      }
    });
  });
}
