import { api } from '../lib/api';
import { byId } from '../lib/dom';
import { checkForm, readForm, showApiError, whileBusy } from '../lib/forms';
import { startPublicPage } from '../lib/layout';

startPublicPage(() => {
  const form = byId<HTMLFormElement>('form-recuperar');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!checkForm(form)) return;
    void whileBusy(form, async () => {
      try {
        await api.post('/auth/password-reset', readForm(form), { redirectOnUnauthorized: false });
        form.hidden = true;
        const done = byId('recuperar-enviado');
        done.hidden = false;
        done.focus();
      } catch (error) {
        showApiError(form, error);
      }
    });
  });
});
