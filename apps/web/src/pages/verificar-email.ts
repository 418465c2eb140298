import { ApiError, api, problemMessage } from '../lib/api';
import { byId, queryParam } from '../lib/dom';
import { startPublicPage } from '../lib/layout';

function show(title: string, text: string): void {
  byId('verificacao-titulo').textContent = title;
  byId('verificacao-texto').textContent = text;
  byId('verificacao-acao').hidden = false;
}

/** The e-mailed link opens this page; the page asks the API to consume the token once. */
startPublicPage(async () => {
  const token = queryParam('token');
  if (!token) {
    show('Link incompleto', 'Abra o link exatamente como recebido por e-mail.');
    return;
  }
  try {
    await api.get('/registrations/verify', { token }, { redirectOnUnauthorized: false });
    show(
      'E-mail verificado',
      'Obrigado! Seu e-mail institucional foi confirmado. Você poderá entrar assim que um gestor aprovar a sua solicitação.',
    );
  } catch (error) {
    show(
      'Não foi possível verificar o e-mail',
      error instanceof ApiError ? problemMessage(error.problem) : 'Tente novamente mais tarde.',
    );
  }
});
