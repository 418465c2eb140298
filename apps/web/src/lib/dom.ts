/** Small DOM helpers: elements are built with text nodes (never innerHTML with data), so nothing is injected. */
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

export function icon(name: string): HTMLElement {
  return h('i', { class: `bi bi-${name}`, 'aria-hidden': 'true' });
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from the page`);
  return element as T;
}

/** Announces `message` to screen readers through the page's polite live region. */
export function announce(message: string): void {
  let region = document.getElementById('anuncio');
  if (!region) {
    region = h('div', { id: 'anuncio', class: 'visually-hidden', 'aria-live': 'polite', role: 'status' });
    document.body.append(region);
  }
  region.textContent = message;
}

export const queryParam = (name: string): string | null => new URLSearchParams(location.search).get(name);
