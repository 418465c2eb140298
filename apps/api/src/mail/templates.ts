import type { OutgoingEmail } from '../repositories/outbox';

/** Plain-text messages (deliverable everywhere, nothing to sanitise); links carry one-time tokens. */
export const mailTemplates = {
  verification: (to: string, username: string, link: string): OutgoingEmail => ({
    to,
    subject: 'SIGMA-PLI: confirme seu e-mail institucional',
    text: `Olá, ${username}.\n\nRecebemos sua solicitação de acesso ao SIGMA-PLI. Confirme este endereço abrindo o link abaixo (válido por 24 horas):\n\n${link}\n\nDepois da confirmação, um gestor analisará a solicitação.\nSe você não fez esta solicitação, ignore esta mensagem.`,
  }),
  passwordReset: (to: string, username: string, link: string): OutgoingEmail => ({
    to,
    subject: 'SIGMA-PLI: redefinição de senha',
    text: `Olá, ${username}.\n\nPara definir uma nova senha, abra o link abaixo. Ele vale por 30 minutos e pode ser usado uma única vez:\n\n${link}\n\nAo redefinir a senha, todas as sessões abertas da conta são encerradas.\nSe você não pediu a redefinição, ignore esta mensagem; sua senha continua a mesma.`,
  }),
  approved: (to: string, username: string, tipo: string, loginUrl: string): OutgoingEmail => ({
    to,
    subject: 'SIGMA-PLI: solicitação de acesso aprovada',
    text: `Olá, ${username}.\n\nSua solicitação de acesso foi aprovada com o perfil ${tipo}. Entre em ${loginUrl}.`,
  }),
  rejected: (to: string, username: string, reason: string): OutgoingEmail => ({
    to,
    subject: 'SIGMA-PLI: solicitação de acesso não aprovada',
    text: `Olá, ${username}.\n\nSua solicitação de acesso não foi aprovada.\nMotivo: ${reason}`,
  }),
};
