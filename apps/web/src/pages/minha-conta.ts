import { api, request } from '../lib/api';
import { confirmAction, showError, showSuccess } from '../lib/dialogs';
import { byId, h, icon } from '../lib/dom';
import { formatDateTime, roleLabel, statusLabel } from '../lib/format';
import { checkForm, readForm, showApiError, whileBusy } from '../lib/forms';
import { startSignedInPage } from '../lib/layout';
import { attachPasswordMeter } from '../lib/password-meter';
import { displayName } from '../lib/session';

interface Session {
  id: string;
  criada_em: string;
  ultimo_acesso_em: string;
  ip: string | null;
  user_agent: string | null;
  atual: boolean;
}

/** "Mozilla/5.0 (X11; Linux x86_64) … Chrome/126…" → "Chrome · Linux": enough to recognise a device. */
function device(userAgent: string | null): string {
  if (!userAgent) return 'Desconhecido';
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : 'Navegador';
  const system = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad/.test(userAgent)
      ? 'iOS'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : 'outro sistema';
  return `${browser} · ${system}`;
}

async function loadSessions(): Promise<void> {
  const { items } = await api.get<{ items: Session[] }>('/auth/sessions');
  byId<HTMLTableElement>('tabela-sessoes').tBodies[0]!.replaceChildren(
    ...items.map((session) =>
      h(
        'tr',
        {},
        h(
          'td',
          {},
          device(session.user_agent),
          session.atual && h('span', { class: 'badge text-bg-success ms-2' }, 'esta sessão'),
        ),
        h('td', {}, session.ip ?? ''),
        h('td', {}, formatDateTime(session.criada_em)),
        h('td', {}, formatDateTime(session.ultimo_acesso_em)),
        h(
          'td',
          { class: 'text-end' },
          session.atual
            ? ''
            : h(
                'button',
                { class: 'btn btn-sm btn-outline-danger', type: 'button', 'data-encerrar': session.id },
                icon('x-lg'),
                ' Encerrar',
                h(
                  'span',
                  { class: 'visually-hidden' },
                  ` a sessão iniciada em ${formatDateTime(session.criada_em)}`,
                ),
              ),
        ),
      ),
    ),
  );
  byId<HTMLButtonElement>('sair-outros').disabled = items.every((session) => session.atual);
}

startSignedInPage('VISUALIZADOR', async ({ user }) => {
  const details: [string, string][] = [
    ['Nome', displayName(user)],
    ['Usuário', user.username],
    ['E-mail institucional', user.email_institucional ?? ''],
    ['Perfil', roleLabel(user.tipo_usuario)],
    ['Situação', statusLabel(user.status)],
  ];
  byId('meus-dados').replaceChildren(
    ...details.flatMap(([term, value]) => [
      h('dt', { class: 'col-sm-5' }, term),
      h('dd', { class: 'col-sm-7' }, value),
    ]),
  );

  const form = byId<HTMLFormElement>('form-senha');
  attachPasswordMeter(form);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!checkForm(form)) return;
    void whileBusy(form, async () => {
      try {
        await api.post('/usuarios/me/password', readForm(form));
        form.reset();
        await showSuccess(
          'Senha alterada',
          'Por segurança, as outras sessões da sua conta foram encerradas.',
        );
        await loadSessions();
      } catch (error) {
        showApiError(form, error);
      }
    });
  });

  byId('tabela-sessoes').addEventListener('click', async (event) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-encerrar]');
    if (!button) return;
    try {
      await api.delete(`/auth/sessions/${encodeURIComponent(button.dataset.encerrar!)}`);
      await loadSessions();
    } catch (error) {
      await showError(error);
    }
  });

  byId('sair-outros').addEventListener('click', async () => {
    const confirmed = await confirmAction({
      title: 'Sair de todos os outros dispositivos?',
      text: 'As sessões abertas em outros navegadores e dispositivos serão encerradas. Esta continua aberta.',
      confirmText: 'Encerrar as outras sessões',
      danger: true,
    });
    if (!confirmed) return;
    try {
      const { data } = await request<{ revoked: number }>('/auth/sessions', { method: 'DELETE' });
      await showSuccess('Outras sessões encerradas', `${data.revoked} sessão(ões) encerrada(s).`);
      await loadSessions();
    } catch (error) {
      await showError(error);
    }
  });

  await loadSessions();
});
