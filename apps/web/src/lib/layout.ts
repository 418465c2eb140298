import 'bootstrap/dist/css/bootstrap.min.css';
import 'bootstrap-icons/font/bootstrap-icons.min.css';
import '../styles/app.css';
import 'bootstrap/js/src/collapse.js';
import { ApiError, loginUrl, problemTitle } from './api';
import { byId, h, icon } from './dom';
import { APP_PAGES, PUBLIC_PAGES } from './nav';
import { hasRole, ROLE_LABEL, type Role } from './roles';
import { currentUser, displayName, logout, type User } from './session';

export interface PageContext {
  user: User | null;
}

export interface SignedInContext {
  user: User;
}

function navLink(href: string, label: string, iconName: string): HTMLLIElement {
  const here = location.pathname === href;
  return h(
    'li',
    { class: 'nav-item' },
    h(
      'a',
      { class: `nav-link${here ? ' active' : ''}`, href, 'aria-current': here ? 'page' : undefined },
      icon(iconName),
      ` ${label}`,
    ),
  );
}

function renderHeader(user: User | null): void {
  const links = user
    ? APP_PAGES.filter((page) => hasRole(user.tipo_usuario, page.minRole)).map((page) =>
        navLink(page.href, page.label, page.icon),
      )
    : PUBLIC_PAGES.map((page) => navLink(page.href, page.label, page.icon));
  const account = user
    ? h(
        'ul',
        { class: 'navbar-nav ms-xl-auto' },
        h(
          'li',
          { class: 'nav-item' },
          h(
            'a',
            {
              class: `nav-link${location.pathname === '/minha-conta' ? ' active' : ''}`,
              href: '/minha-conta',
              'aria-current': location.pathname === '/minha-conta' ? 'page' : undefined,
            },
            icon('person-circle'),
            ' ',
            h('span', { class: 'account-name' }, displayName(user)),
            h('span', { class: 'visually-hidden' }, ` (${ROLE_LABEL[user.tipo_usuario]})`),
          ),
        ),
        h(
          'li',
          { class: 'nav-item' },
          h(
            'button',
            { type: 'button', class: 'btn btn-link nav-link', id: 'sair' },
            icon('box-arrow-right'),
            ' Sair',
          ),
        ),
      )
    : null;
  const header = byId('topo');
  header.replaceChildren(
    h(
      'nav',
      { class: 'navbar navbar-expand-xl navbar-dark bg-sigma', 'aria-label': 'Menu principal' },
      h(
        'div',
        { class: 'container-fluid px-xl-4' },
        h(
          'a',
          { class: 'navbar-brand fw-bold', href: user ? '/painel' : '/' },
          icon('grid-3x3-gap'),
          ' SIGMA-PLI',
        ),
        h(
          'button',
          {
            class: 'navbar-toggler',
            type: 'button',
            'data-bs-toggle': 'collapse',
            'data-bs-target': '#menu',
            'aria-controls': 'menu',
            'aria-expanded': 'false',
            'aria-label': 'Abrir o menu',
          },
          h('span', { class: 'navbar-toggler-icon' }),
        ),
        h(
          'div',
          { class: 'collapse navbar-collapse', id: 'menu' },
          h('ul', { class: 'navbar-nav' }, ...links),
          account,
        ),
      ),
    ),
  );
  document.getElementById('sair')?.addEventListener('click', () => void logout());
}

function main(): HTMLElement {
  return byId('conteudo');
}

/** Replaces the page's content with a message (forbidden, failed to load), keeping the layout. */
export function replaceContent(...children: Node[]): void {
  main().replaceChildren(...children);
  main().focus();
}

export function forbiddenPanel(needed?: Role): HTMLElement {
  return h(
    'section',
    { class: 'card shadow-sm mx-auto my-4 panel-narrow', 'aria-labelledby': 'titulo-acesso-negado' },
    h(
      'div',
      { class: 'card-body text-center p-4' },
      h('p', { class: 'display-6 text-warning mb-2' }, icon('shield-lock')),
      h('h1', { class: 'h3', id: 'titulo-acesso-negado' }, 'Acesso não permitido'),
      h(
        'p',
        {},
        'Seu perfil não dá acesso a esta página',
        needed ? ` (é preciso ser ${ROLE_LABEL[needed]} ou superior).` : '.',
        ' Se você precisa dela no seu trabalho, peça a um gestor para rever o seu perfil.',
      ),
      h('a', { class: 'btn btn-primary', href: '/painel' }, icon('arrow-left'), ' Voltar ao painel'),
    ),
  );
}

export function errorPanel(error: unknown): HTMLElement {
  const problem = error instanceof ApiError ? error.problem : undefined;
  return h(
    'div',
    { class: 'alert alert-danger my-4', role: 'alert' },
    h('h1', { class: 'h4' }, problem ? problemTitle(problem) : 'Não foi possível carregar a página'),
    h(
      'p',
      { class: 'mb-0' },
      problem?.detail ?? (problem ? `Erro ${problem.status}.` : 'Tente novamente mais tarde.'),
    ),
  );
}

/** Shows what a failed action returned: the friendly page for 403, the problem otherwise. */
export function replaceWithError(error: unknown): void {
  replaceContent(error instanceof ApiError && error.status === 403 ? forbiddenPanel() : errorPanel(error));
}

/**
 * Controls marked `data-min-role` are revealed for roles that may use them and removed for the others, so a
 * VISUALIZADOR never sees an edit button (the API refuses the action anyway).
 */
export function applyRoleVisibility(role: Role, root: ParentNode = document): void {
  for (const element of root.querySelectorAll<HTMLElement>('[data-min-role]')) {
    const needed = element.dataset.minRole as Role;
    if (hasRole(role, needed)) element.hidden = false;
    else element.remove();
  }
}

async function boot<T>(ready: () => Promise<T>): Promise<void> {
  try {
    await ready();
  } catch (error) {
    replaceWithError(error);
  } finally {
    document.body.dataset.ready = 'true';
  }
}

/** A public page: header for whoever is signed in (or nobody), then `onReady`. */
export function startPublicPage(onReady: (context: PageContext) => void | Promise<void>): void {
  void boot(async () => {
    const user = await currentUser().catch(() => null);
    renderHeader(user);
    await onReady({ user });
  });
}

/**
 * A signed-in page: sends anonymous visitors to the login page, shows the friendly forbidden page to roles below
 * `minRole`, otherwise reveals `#pagina` and runs `onReady`.
 */
export function startSignedInPage(
  minRole: Role,
  onReady: (context: SignedInContext) => void | Promise<void>,
): void {
  void boot(async () => {
    const user = await currentUser();
    if (!user) {
      location.replace(loginUrl());
      return;
    }
    renderHeader(user);
    if (!hasRole(user.tipo_usuario, minRole)) {
      replaceContent(forbiddenPanel(minRole));
      return;
    }
    applyRoleVisibility(user.tipo_usuario);
    const page = document.getElementById('pagina');
    if (page) page.hidden = false;
    await onReady({ user });
  });
}
