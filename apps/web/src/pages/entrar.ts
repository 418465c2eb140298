import { ApiError, api, problemMessage } from '../lib/api';
import { byId, queryParam } from '../lib/dom';
import { checkForm, readForm, showErrors, whileBusy } from '../lib/forms';
import { startPublicPage } from '../lib/layout';

/**
 * Only paths on this site: `?proximo=//evil.example` or `/\evil.example` (which browsers read as `//`) must not
 * become an open redirect, so the value is resolved and its origin compared.
 */
function nextPath(): string {
  const next = queryParam('proximo');
  if (!next?.startsWith('/')) return '/painel';
  const target = new URL(next, location.origin);
  return target.origin === location.origin ? `${target.pathname}${target.search}` : '/painel';
}

startPublicPage(({ user }) => {
  if (user) {
    location.replace(nextPath());
    return;
  }
  if (queryParam('proximo')) {
    const notice = byId('aviso-entrar');
    notice.textContent = 'Entre para continuar.';
    notice.hidden = false;
  }
  const form = byId<HTMLFormElement>('form-entrar');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!checkForm(form)) return;
    void whileBusy(form, async () => {
      try {
        await api.post('/auth/login', readForm(form), { redirectOnUnauthorized: false });
        location.assign(nextPath());
      } catch (error) {
        const message =
          error instanceof ApiError && error.status === 401
            ? 'Usuário ou senha incorretos.'
            : error instanceof ApiError
              ? problemMessage(error.problem)
              : 'Erro inesperado. Tente novamente.';
        showErrors(form, [], message);
        const password = byId<HTMLInputElement>('password');
        password.value = '';
      }
    });
  });
});
