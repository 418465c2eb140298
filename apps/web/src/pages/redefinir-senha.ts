import { api } from '../lib/api';
import { byId, queryParam } from '../lib/dom';
import { checkForm, readForm, showApiError, showErrors, whileBusy } from '../lib/forms';
import { startPublicPage } from '../lib/layout';
import { attachPasswordMeter } from '../lib/password-meter';

startPublicPage(() => {
  const form = byId<HTMLFormElement>('form-redefinir');
  const token = queryParam('token');
  byId<HTMLInputElement>('token').value = token ?? '';
  attachPasswordMeter(form);
  if (!token) {
    showErrors(form, [], 'Link incompleto: abra o link exatamente como recebido por e-mail ou peça um novo.');
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!checkForm(form)) return;
    void whileBusy(form, async () => {
      try {
        await api.post('/auth/password-reset/confirm', readForm(form), { redirectOnUnauthorized: false });
        form.hidden = true;
        const done = byId('redefinida');
        done.hidden = false;
        done.focus();
      } catch (error) {
        showApiError(form, error);
      }
    });
  });
});
