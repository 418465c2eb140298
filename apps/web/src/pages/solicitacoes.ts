import { api } from '../lib/api';
import { confirmAction, promptChoice, promptText, showError, showSuccess } from '../lib/dialogs';
import { byId, h, icon } from '../lib/dom';
import { formatDateTime, roleLabel } from '../lib/format';
import { mountKeysetTable } from '../lib/keyset-table';
import { startSignedInPage } from '../lib/layout';
import { grantableRoles, ROLE_LABEL } from '../lib/roles';
import type { User } from '../lib/session';

type Application = User & {
  nome_completo: string;
  instituicao: string;
  tipo_solicitado: string;
  protocolo: string;
  email_verificado: boolean;
  status: string;
  motivo_rejeicao: string | null;
  created_at: string;
};

startSignedInPage('GESTOR', async ({ user }) => {
  const choices = Object.fromEntries(
    grantableRoles(user.tipo_usuario).map((role) => [role, ROLE_LABEL[role]]),
  );

  const table = mountKeysetTable<Application>({
    resource: '/registrations',
    filters: byId<HTMLFormElement>('filtros'),
    columns: [
      { header: 'Protocolo', cell: (row) => row.protocolo },
      { header: 'Nome', cell: (row) => row.nome_completo },
      { header: 'Usuário', cell: (row) => row.username },
      { header: 'Instituição', cell: (row) => row.instituicao },
      { header: 'Perfil solicitado', cell: (row) => roleLabel(row.tipo_solicitado) },
      { header: 'E-mail', cell: (row) => (row.email_verificado ? 'Confirmado' : 'Não confirmado') },
      { header: 'Data', cell: (row) => formatDateTime(row.created_at) },
      { header: 'Motivo da rejeição', cell: (row) => row.motivo_rejeicao ?? '' },
    ],
    actions: (row) =>
      row.status === 'AGUARDANDO_APROVACAO' &&
      h(
        'div',
        { class: 'd-flex gap-1 justify-content-end' },
        h(
          'button',
          {
            class: 'btn btn-sm btn-success',
            type: 'button',
            'data-aprovar': row.id,
            'data-solicitado': row.tipo_solicitado,
            'data-username': row.username,
            'aria-label': `Aprovar ${row.username}`,
          },
          icon('check-lg'),
          ' Aprovar',
        ),
        h(
          'button',
          {
            class: 'btn btn-sm btn-outline-danger',
            type: 'button',
            'data-rejeitar': row.id,
            'data-username': row.username,
            'aria-label': `Rejeitar ${row.username}`,
          },
          icon('x-lg'),
          ' Rejeitar',
        ),
      ),
  });

  byId('tabela').addEventListener('click', async (event) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>(
      'button[data-aprovar], button[data-rejeitar]',
    );
    if (!button) return;
    const id = button.dataset.aprovar ?? button.dataset.rejeitar!;
    const username = button.dataset.username ?? '';
    try {
      if (button.dataset.aprovar) {
        const requested = button.dataset.solicitado;
        const role = await promptChoice({
          title: `Aprovar ${username}`,
          label: 'Perfil concedido',
          confirmText: 'Aprovar',
          choices,
          initial: requested && requested in choices ? requested : 'VISUALIZADOR',
        });
        if (!role) return;
        await api.post(`/registrations/${encodeURIComponent(id)}/approve`, { tipo_usuario: role });
        await showSuccess('Solicitação aprovada', `${username} já pode entrar como ${roleLabel(role)}.`);
      } else {
        const reason = await promptText({
          title: `Rejeitar ${username}`,
          label: 'Motivo (enviado ao solicitante)',
          confirmText: 'Rejeitar',
          minLength: 5,
        });
        if (!reason) return;
        const confirmed = await confirmAction({
          title: 'Confirmar rejeição?',
          text: `A solicitação de ${username} será rejeitada.`,
          confirmText: 'Rejeitar',
          danger: true,
        });
        if (!confirmed) return;
        await api.post(`/registrations/${encodeURIComponent(id)}/reject`, { motivo: reason });
        await showSuccess('Solicitação rejeitada');
      }
      await table.reload();
    } catch (error) {
      await showError(error);
    }
  });

  await table.reload();
});
