import { api } from '../lib/api';
import { promptChoice, showError, showSuccess } from '../lib/dialogs';
import { byId, h, icon } from '../lib/dom';
import { formatDateTime, roleLabel, statusLabel } from '../lib/format';
import { mountKeysetTable } from '../lib/keyset-table';
import { startSignedInPage } from '../lib/layout';
import { grantableRoles, isRole, ROLE_LABEL, ROLE_LEVEL, STATUS_LABEL } from '../lib/roles';
import type { User } from '../lib/session';

type Account = User & {
  nome_completo: string;
  instituicao: string;
  status: string;
  ultimo_login_em: string | null;
};

startSignedInPage('GESTOR', async ({ user }) => {
  const roleChoices = Object.fromEntries(
    grantableRoles(user.tipo_usuario).map((role) => [role, ROLE_LABEL[role]]),
  );
  /** GESTOR+ manage accounts up to their own level, never their own. */
  const manageable = (account: Account) =>
    account.id !== user.id &&
    isRole(account.tipo_usuario) &&
    ROLE_LEVEL[account.tipo_usuario] <= ROLE_LEVEL[user.tipo_usuario];

  const table = mountKeysetTable<Account>({
    resource: '/usuarios',
    filters: byId<HTMLFormElement>('filtros'),
    columns: [
      { header: 'Nome', cell: (row) => row.nome_completo },
      { header: 'Usuário', cell: (row) => row.username },
      { header: 'Instituição', cell: (row) => row.instituicao },
      { header: 'Perfil', cell: (row) => roleLabel(row.tipo_usuario) },
      { header: 'Situação', cell: (row) => statusLabel(row.status) },
      { header: 'Último acesso', cell: (row) => formatDateTime(row.ultimo_login_em) || 'Nunca' },
    ],
    actions: (row) =>
      manageable(row)
        ? h(
            'div',
            { class: 'd-flex gap-1 justify-content-end' },
            h(
              'button',
              {
                class: 'btn btn-sm btn-outline-primary',
                type: 'button',
                'data-perfil': row.id,
                'data-atual': row.tipo_usuario,
                'data-username': row.username,
              },
              icon('person-gear'),
              ' Perfil',
            ),
            h(
              'button',
              {
                class: 'btn btn-sm btn-outline-secondary',
                type: 'button',
                'data-situacao': row.id,
                'data-atual': row.status,
                'data-username': row.username,
              },
              icon('toggles'),
              ' Situação',
            ),
          )
        : null,
  });

  byId('tabela').addEventListener('click', async (event) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>(
      'button[data-perfil], button[data-situacao]',
    );
    if (!button) return;
    const username = button.dataset.username ?? '';
    try {
      if (button.dataset.perfil) {
        const role = await promptChoice({
          title: `Perfil de ${username}`,
          label: 'Novo perfil',
          confirmText: 'Salvar',
          choices: roleChoices,
          initial: button.dataset.atual,
        });
        if (!role || role === button.dataset.atual) return;
        await api.patch(
          `/usuarios/${encodeURIComponent(button.dataset.perfil)}`,
          { tipo_usuario: role },
          null,
        );
      } else {
        const status = await promptChoice({
          title: `Situação de ${username}`,
          label: 'Nova situação',
          confirmText: 'Salvar',
          choices: Object.fromEntries(
            ['APROVADO', 'SUSPENSO', 'INATIVO'].map((value) => [value, STATUS_LABEL[value]!]),
          ),
          initial: button.dataset.atual,
        });
        if (!status || status === button.dataset.atual) return;
        await api.patch(`/usuarios/${encodeURIComponent(button.dataset.situacao!)}`, { status }, null);
      }
      await showSuccess('Conta atualizada');
      await table.reload();
    } catch (error) {
      await showError(error);
    }
  });

  await table.reload();
});
