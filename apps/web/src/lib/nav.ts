import type { Role } from './roles';

/** Signed-in pages: the menu and each page's guard read this one table. */
export interface NavEntry {
  href: string;
  label: string;
  icon: string;
  minRole: Role;
}

export const APP_PAGES: NavEntry[] = [
  { href: '/painel', label: 'Painel', icon: 'speedometer2', minRole: 'VISUALIZADOR' },
  { href: '/pessoas-fisicas', label: 'Pessoas físicas', icon: 'person-vcard', minRole: 'VISUALIZADOR' },
  { href: '/pessoas-juridicas', label: 'Pessoas jurídicas', icon: 'building', minRole: 'VISUALIZADOR' },
  { href: '/solicitacoes', label: 'Solicitações', icon: 'inbox', minRole: 'GESTOR' },
  { href: '/usuarios', label: 'Usuários', icon: 'people', minRole: 'GESTOR' },
  { href: '/auditoria', label: 'Auditoria', icon: 'journal-text', minRole: 'ADMIN' },
];

export const PUBLIC_PAGES = [
  { href: '/', label: 'Início', icon: 'house' },
  { href: '/entrar', label: 'Entrar', icon: 'box-arrow-in-right' },
  { href: '/cadastro', label: 'Criar conta', icon: 'person-plus' },
];
