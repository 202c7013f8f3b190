// Small DOM helpers: elements are built with createElement and textContent only (no innerHTML),
// so nothing the API returns is ever parsed as markup.

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (typeof value === 'function') {
      element.addEventListener(name.replace(/^on/, ''), value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

export function notice(kind: 'info' | 'error' | 'warn' | 'ok', ...children: Child[]): HTMLElement {
  return h('div', { class: `notice ${kind === 'info' ? '' : kind}`, role: kind === 'error' ? 'alert' : null }, ...children);
}

/** Announces a change to screen readers through the page's live region. */
export function announce(text: string): void {
  const status = document.getElementById('status');
  if (status) {
    status.textContent = text;
  }
}

export function when(iso: string | null | undefined): string {
  if (!iso) {
    return '—';
  }
  const date = new Date(iso);
  return date.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

export function duration(millis: number | null | undefined): string {
  if (millis === null || millis === undefined) {
    return '—';
  }
  const seconds = Math.round(millis / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s} s` : `${s} s`;
}

/** A labelled form control: the label's for= points at the control's id. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  const hintId = hint ? `${id}-hint` : null;
  if (hintId) {
    control.setAttribute('aria-describedby', hintId);
  }
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hint ? h('div', { class: 'hint', id: hintId }, hint) : null);
}

export function readOnlyNotice(): HTMLElement {
  return notice('info', 'You are signed in as an analyst: this screen is read-only.');
}

export function dl(pairs: [string, Child][]): HTMLElement {
  const list = h('dl', { class: 'pairs' });
  for (const [term, value] of pairs) {
    append(list, h('dt', {}, term), h('dd', {}, value ?? '—'));
  }
  return list;
}

/** Replaces an element's content; null and false children are skipped. */
export function fill(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}
