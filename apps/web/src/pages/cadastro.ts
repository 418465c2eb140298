import { ApiError, api } from '../lib/api';
import { byId } from '../lib/dom';
import { checkForm, clearErrors, readForm, showApiError, showErrors, whileBusy } from '../lib/forms';
import { startPublicPage } from '../lib/layout';
import { attachMasks } from '../lib/masks';
import { attachPasswordMeter } from '../lib/password-meter';

const STEPS = 3;

startPublicPage(({ user }) => {
  const form = byId<HTMLFormElement>('form-cadastro');
  const sections = [...form.querySelectorAll<HTMLElement>('[data-step]')];
  const back = byId<HTMLButtonElement>('voltar-etapa');
  const forward = byId<HTMLButtonElement>('proxima-etapa');
  const submit = byId<HTMLButtonElement>('enviar-cadastro');
  let step = 1;
  attachMasks(form);
  attachPasswordMeter(form);
  if (user)
    showErrors(form, [], 'Você já está conectado. Para solicitar outro perfil, saia antes de continuar.');

  const go = (target: number, focusHeading = true) => {
    step = target;
    for (const section of sections) section.hidden = Number(section.dataset.step) !== step;
    for (const label of document.querySelectorAll<HTMLElement>('[data-step-label]')) {
      if (Number(label.dataset.stepLabel) === step) label.setAttribute('aria-current', 'step');
      else label.removeAttribute('aria-current');
    }
    back.hidden = step === 1;
    forward.hidden = step === STEPS;
    submit.hidden = step !== STEPS;
    if (focusHeading) byId(`etapa-${step}`).focus();
  };

  /** Validates only the visible step (hidden steps are skipped by validateForm). */
  const stepIsValid = () => checkForm(form);

  forward.addEventListener('click', () => {
    if (stepIsValid()) go(step + 1);
  });
  back.addEventListener('click', () => {
    clearErrors(form);
    go(step - 1);
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (step !== STEPS) {
      if (stepIsValid()) go(step + 1);
      return;
    }
    if (!stepIsValid()) return;
    void whileBusy(form, async () => {
      try {
        const body = readForm(form);
        // The personal e-mail is asked once, with the personal data; the API takes it as the account's `email` too.
        body.email = (body.pessoa_fisica as Record<string, unknown>).email_principal;
        const { data } = await api.post<{ protocol: string }>('/registrations', body, {
          redirectOnUnauthorized: false,
        });
        form.hidden = true;
        document.querySelector('.wizard-steps')?.setAttribute('hidden', '');
        byId('protocolo').textContent = data.protocol;
        byId('protocolo-card').hidden = false;
        byId('protocolo-titulo').focus();
      } catch (error) {
        if (error instanceof ApiError) {
          for (const item of error.fieldErrors)
            if (item.field === 'email') item.field = 'pessoa_fisica.email_principal';
        }
        showApiError(form, error);
        // A server error may name a field of an earlier step: show that step, then place the errors again.
        const invalid = form.querySelector<HTMLElement>('.is-invalid');
        const owner = invalid?.closest<HTMLElement>('[data-step]');
        if (owner && Number(owner.dataset.step) !== step) {
          go(Number(owner.dataset.step), false);
          showApiError(form, error);
        }
      }
    });
  });

  go(1, false);
});
