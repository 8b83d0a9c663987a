// The ERP shell of the standalone host: login, menu tree, store, ledger, and plugin screens.
// Plain ES module, no build step. Every text users read is Spanish (es-CL).
/* global document, window, location, history, fetch, FormData, Node, URLSearchParams */

const app = document.getElementById('app');
const clp = new Intl.NumberFormat('es-CL', { style: 'currency', currency: 'CLP', maximumFractionDigits: 0 });
const dateTime = new Intl.DateTimeFormat('es-CL', { dateStyle: 'short', timeStyle: 'short' });

const state = { me: null, menus: [], voucherOrigins: {} };
// The frame (top bar, menu) is rendered once per session; navigation swaps only `frame.main`.
const frame = { nav: null, main: null };
// Plugin screens by menu entry id: created once, kept with their state while the user moves around.
const mounted = new Map();

/** Creates an element; strings become text nodes, so nothing from the server is parsed as HTML. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? `Error ${status}`);
    this.status = status;
    this.code = body?.error?.code;
  }
}

async function api(method, url, body) {
  const res = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

function navigate(path, replace = false) {
  if (replace) history.replaceState(null, '', path);
  else if (location.pathname !== path) history.pushState(null, '', path);
  void render();
}

function link(href, text, attrs = {}) {
  return h(
    'a',
    {
      href,
      ...attrs,
      onclick: (e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate(href);
      },
    },
    text,
  );
}

function notice(kind, text) {
  return h('p', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

// ---------------------------------------------------------------- session

async function boot() {
  try {
    state.me = await api('GET', '/api/me');
  } catch (err) {
    if (err.status === 401) return renderLogin();
    app.replaceChildren(notice('error', err.message));
    return;
  }
  await loadMenus();
  if (location.pathname === '/login') history.replaceState(null, '', '/');
  await render();
}

async function loadMenus() {
  ({ menus: state.menus, voucherOrigins: state.voucherOrigins } = await api('GET', '/api/menus'));
}

function renderLogin(message) {
  frame.nav = frame.main = null;
  mounted.clear();
  if (location.pathname !== '/login') history.replaceState(null, '', '/login');
  const error = h('div', { class: 'form-error' });
  if (message) error.append(notice('info', message));
  const form = h(
    'form',
    {
      class: 'login-card',
      onsubmit: async (e) => {
        e.preventDefault();
        const data = new FormData(form);
        const button = form.querySelector('button');
        button.disabled = true;
        error.replaceChildren();
        try {
          await api('POST', '/api/session', { email: data.get('email'), password: data.get('password') });
          history.replaceState(null, '', '/');
          await boot();
        } catch (err) {
          error.replaceChildren(notice('error', err.message));
          button.disabled = false;
        }
      },
    },
    h('h1', {}, 'Ingreso al ERP'),
    h('p', { class: 'muted' }, 'Demo de la Integración Rindegastos'),
    h('label', { for: 'email' }, 'Correo'),
    h('input', {
      id: 'email',
      name: 'email',
      type: 'email',
      autocomplete: 'username',
      required: true,
      autofocus: true,
    }),
    h('label', { for: 'password' }, 'Contraseña'),
    h('input', {
      id: 'password',
      name: 'password',
      type: 'password',
      autocomplete: 'current-password',
      required: true,
    }),
    error,
    h('button', { type: 'submit', class: 'primary' }, 'Ingresar'),
  );
  app.replaceChildren(h('main', { class: 'login' }, form));
}

async function logout() {
  await api('DELETE', '/api/session').catch(() => undefined);
  state.me = null;
  state.menus = [];
  renderLogin('Sesión cerrada.');
}

// ---------------------------------------------------------------- shell

function* menuLeaves(nodes, trail = []) {
  for (const node of nodes) {
    const path = [...trail, node.label];
    if (node.entry) yield { entry: node.entry, path };
    if (node.children) yield* menuLeaves(node.children, path);
  }
}

/**
 * The menu entry a shell path belongs to: its route itself or anything below it
 * (`/rindegastos/informes/13421804` belongs to `/rindegastos/informes`); the longest route wins.
 */
function findEntry(nodes, pathname) {
  let best = null;
  for (const leaf of menuLeaves(nodes)) {
    const route = leaf.entry.route;
    const matches = pathname === route || pathname.startsWith(route + '/');
    if (matches && (!best || route.length > best.entry.route.length)) best = leaf;
  }
  return best && { ...best, subpath: pathname.slice(best.entry.route.length).replace(/^\//, '') };
}

function menuTree(nodes, depth = 0) {
  return h(
    'ul',
    { class: `menu depth-${depth}`, role: depth === 0 ? 'tree' : 'group' },
    nodes.map((node) => {
      if (node.entry) {
        return h(
          'li',
          { role: 'treeitem' },
          link(node.entry.route, node.label, { 'data-route': node.entry.route }),
        );
      }
      return h(
        'li',
        { role: 'treeitem' },
        h('details', { open: true }, h('summary', {}, node.label), menuTree(node.children, depth + 1)),
      );
    }),
  );
}

/** Marks the menu link of the current page (aria-current), without rebuilding the menu. */
function markCurrent() {
  const current = findEntry(state.menus, location.pathname)?.entry.route;
  for (const a of frame.nav.querySelectorAll('a[data-route]')) {
    const on = a.dataset.route === current;
    a.classList.toggle('current', on);
    if (on) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

/** Rebuilds the menu (after a purchase changes it). */
function refreshNav() {
  frame.nav.replaceChildren(menuTree(state.menus));
  markCurrent();
}

function renderFrame() {
  const { user, company } = state.me;
  frame.nav = h('nav', { class: 'sidebar', 'aria-label': 'Menú principal' });
  frame.main = h('main', { class: 'content', id: 'content' });
  refreshNav();
  app.replaceChildren(
    h(
      'div',
      { class: 'shell' },
      h(
        'header',
        { class: 'topbar' },
        link('/', 'ERP', { class: 'brand' }),
        h('span', { class: 'company' }, `${company.name} · RUT ${company.rut}`),
        h('span', { class: 'spacer' }),
        h(
          'span',
          { class: 'user' },
          user.name,
          user.isCompanyAdmin ? h('small', {}, ' (administrador)') : null,
        ),
        h('button', { type: 'button', class: 'link', onclick: logout }, 'Cerrar sesión'),
      ),
      frame.nav,
      frame.main,
    ),
  );
}

function breadcrumb(path) {
  return h('p', { class: 'breadcrumb' }, path.join(' › '));
}

async function render() {
  if (!state.me) return boot();
  const route = location.pathname;
  if (!frame.main) renderFrame();
  markCurrent();
  let content;
  try {
    if (route === '/' || route === '/login') content = await homePage();
    else if (route === '/tienda/integraciones/funcionalidades') content = await storePage();
    else if (route === '/contabilidad/comprobantes') content = await ledgerPage();
    else content = await pluginPage(route);
  } catch (err) {
    if (err.status === 401) return renderLogin('Su sesión terminó; ingrese de nuevo.');
    content = notice('error', err.message);
  }
  frame.main.replaceChildren(content);
}

async function homePage() {
  const pluginEntries = [...menuLeaves(state.menus)].filter((leaf) => leaf.entry.pluginId);
  const greeting = h('h1', {}, `Hola, ${state.me.user.name}`);
  if (pluginEntries.length) {
    return h(
      'section',
      {},
      greeting,
      h(
        'p',
        {},
        'La Integración Rindegastos está activa. Ábrala en Contabilidad › Contabilidad › Rindegastos.',
      ),
    );
  }
  // No plugin menu: either the company has not bought it, or this user holds no grant in it.
  const { items } = await api('GET', '/api/store/items');
  const owned = items.some((item) => item.owned);
  return h(
    'section',
    {},
    greeting,
    owned
      ? h(
          'p',
          {},
          'La Integración Rindegastos está activa para esta empresa, pero su usuario aún no tiene permisos en ella. ' +
            'Pida a un administrador de la empresa que se los otorgue en Contabilidad › Contabilidad › Rindegastos › Configuración › Permisos.',
        )
      : h(
          'p',
          {},
          'La Integración Rindegastos aún no está activa para esta empresa. Puede comprarla en ',
          link('/tienda/integraciones/funcionalidades', 'Tienda Digital › Integraciones › Funcionalidades'),
          '.',
        ),
  );
}

// ---------------------------------------------------------------- store

const ORDER_STATUS = { pending_payment: 'Pendiente de pago', paid: 'Pagado' };

async function storePage(flash) {
  const [{ items }, { orders }] = await Promise.all([
    api('GET', '/api/store/items'),
    api('GET', '/api/store/orders'),
  ]);
  const isAdmin = state.me.user.isCompanyAdmin;
  const messages = h('div', { class: 'messages' }, flash ? notice('success', flash) : null);

  const act = (fn) => async (e) => {
    const button = e.currentTarget;
    button.disabled = true;
    messages.replaceChildren();
    try {
      const message = await fn();
      await loadMenus();
      refreshNav();
      frame.main.replaceChildren(await storePage(message));
    } catch (err) {
      messages.replaceChildren(notice('error', err.message));
      button.disabled = false;
    }
  };

  const cards = items.map((item) => {
    let action;
    if (item.owned) {
      action = h(
        'div',
        {},
        h('span', { class: 'badge ok' }, 'Activa'),
        h('p', { class: 'muted' }, 'Disponible en Contabilidad › Contabilidad › Rindegastos.'),
      );
    } else if (!isAdmin) {
      action = h('p', { class: 'muted' }, 'Solo un administrador de la empresa puede comprarla.');
    } else if (item.pendingOrderId) {
      action = h(
        'div',
        {},
        h('span', { class: 'badge warn' }, 'Pedido pendiente de pago'),
        h(
          'button',
          {
            type: 'button',
            class: 'primary',
            onclick: act(async () => {
              const paid = await api(
                'POST',
                `/api/store/orders/${encodeURIComponent(item.pendingOrderId)}/pay`,
              );
              return paid.message;
            }),
          },
          `Pagar ${item.priceLabel}`,
        ),
      );
    } else {
      action = h(
        'button',
        {
          type: 'button',
          class: 'primary',
          onclick: act(async () => {
            await api('POST', '/api/store/orders', { sku: item.sku });
            return 'Pedido creado. Complete el pago para activar la integración.';
          }),
        },
        'Comprar',
      );
    }
    return h(
      'article',
      { class: 'card product', 'data-sku': item.sku },
      h('h2', {}, item.title),
      h('p', {}, item.description),
      h('p', { class: 'price' }, item.priceLabel),
      action,
    );
  });

  const orderRows = orders.map((o) =>
    h(
      'tr',
      {},
      h('td', {}, dateTime.format(new Date(o.createdAt))),
      h('td', {}, items.find((i) => i.sku === o.sku)?.title ?? o.sku),
      h('td', { class: 'num' }, clp.format(o.amountClp)),
      h('td', {}, o.activatedAt ? 'Pagado y activado' : (ORDER_STATUS[o.status] ?? o.status)),
    ),
  );

  return h(
    'section',
    {},
    breadcrumb(['Tienda Digital', 'Integraciones', 'Funcionalidades']),
    h('h1', {}, 'Funcionalidades'),
    messages,
    h('div', { class: 'cards' }, cards),
    h('h2', {}, 'Pedidos de la empresa'),
    orders.length
      ? h(
          'table',
          { class: 'grid' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', {}, 'Fecha'),
              h('th', {}, 'Producto'),
              h('th', { class: 'num' }, 'Monto'),
              h('th', {}, 'Estado'),
            ),
          ),
          h('tbody', {}, orderRows),
        )
      : h('p', { class: 'muted' }, 'Aún no hay pedidos.'),
  );
}

// ---------------------------------------------------------------- ledger

const VOUCHER_STATUS = {
  posted: 'Contabilizado',
  'pending-approval': 'Pendiente de aprobación',
  reversed: 'Reversado',
  deleted: 'Eliminado',
};
const VOUCHER_SOURCES = { rindegastos: 'Integración Rindegastos', manual: 'Manual' };
const VOUCHERS_PER_PAGE = 20;
const day = (iso) => (iso ? iso.slice(0, 10).split('-').reverse().join('-') : '');

/** Comprobantes: the ledger's vouchers, filtered and paged on the server, with account names. */
async function ledgerPage(filters = {}) {
  const head = [
    breadcrumb(['Contabilidad', 'Contabilidad', 'Comprobantes']),
    h('h1', {}, 'Comprobantes contables'),
  ];
  const query = new URLSearchParams({ page: String(filters.page ?? 1), pageSize: String(VOUCHERS_PER_PAGE) });
  for (const key of ['from', 'to', 'number', 'type', 'source'])
    if (filters[key]) query.set(key, filters[key]);
  let data;
  let accounts;
  try {
    [data, { accounts }] = await Promise.all([
      api('GET', `/api/ledger/vouchers?${query}`),
      api('GET', '/api/ledger/accounts'),
    ]);
  } catch (err) {
    if (err.status === 404)
      return h('section', {}, head, notice('info', 'El libro contable aún no está disponible en este host.'));
    if (err.status !== 400) throw err;
    data = { vouchers: [], total: 0, page: 1, pageSize: VOUCHERS_PER_PAGE };
    accounts = [];
    head.push(notice('error', err.message));
  }
  const names = new Map(accounts.map((a) => [a.code, a.name]));
  const show = async (next) => frame.main.replaceChildren(await ledgerPage(next));

  const field = (label, name, attrs = {}) =>
    h(
      'div',
      { class: 'field' },
      h('label', { for: `ledger-${name}` }, label),
      h('input', { id: `ledger-${name}`, name, value: filters[name] ?? '', ...attrs }),
    );
  const form = h(
    'form',
    {
      class: 'filters',
      onsubmit: (e) => {
        e.preventDefault();
        const values = Object.fromEntries(new FormData(form));
        void show({ ...values, page: 1 });
      },
    },
    field('Desde', 'from', { type: 'date' }),
    field('Hasta', 'to', { type: 'date' }),
    field('Número', 'number', { inputmode: 'numeric', size: 8 }),
    field('Tipo', 'type', { size: 12 }),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'ledger-source' }, 'Origen'),
      h(
        'select',
        { id: 'ledger-source', name: 'source' },
        [['', 'Todos'], ...Object.entries(VOUCHER_SOURCES)].map(([value, label]) =>
          h('option', { value, selected: (filters.source ?? '') === value }, label),
        ),
      ),
    ),
    h('button', { type: 'submit', class: 'primary' }, 'Filtrar'),
  );

  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  const pager = h(
    'nav',
    { class: 'pager', 'aria-label': 'Páginas de comprobantes' },
    h('span', { class: 'muted' }, `${data.total} comprobantes · página ${data.page} de ${pages}`),
    h(
      'button',
      { type: 'button', disabled: data.page <= 1, onclick: () => show({ ...filters, page: data.page - 1 }) },
      'Anterior',
    ),
    h(
      'button',
      {
        type: 'button',
        disabled: data.page >= pages,
        onclick: () => show({ ...filters, page: data.page + 1 }),
      },
      'Siguiente',
    ),
  );
  if (!data.vouchers.length)
    return h('section', {}, head, form, h('p', { class: 'muted' }, 'No hay comprobantes con estos filtros.'));
  return h(
    'section',
    {},
    head,
    form,
    data.vouchers.map((v) => voucherCard(v, names)),
    pager,
  );
}

/** The link back to what produced a voucher, when its source declares one (manifest voucherOrigin). */
function originLink(v) {
  const route = state.voucherOrigins?.[v.source];
  if (!route) return null;
  return h(
    'p',
    {},
    link(route.replace('{voucherId}', encodeURIComponent(v.id)), 'Ver el informe de origen', {
      'aria-label': `Ver el informe de origen del comprobante ${v.type} N° ${v.number}`,
    }),
  );
}

function voucherCard(v, names) {
  const lines = v.lines ?? [];
  const total = (k) => lines.reduce((s, l) => s + Number(l[k] ?? 0), 0);
  const reverses = v.reversesVoucherId ? ' · reverso de otro comprobante' : '';
  return h(
    'article',
    { class: 'card voucher' },
    h(
      'h2',
      {},
      `${v.type} N° ${v.number}`,
      h(
        'small',
        {},
        ` · ${day(v.date)} · ${VOUCHER_SOURCES[v.source] ?? v.source} · ${VOUCHER_STATUS[v.status] ?? v.status}${reverses}`,
      ),
    ),
    v.glosa ? h('p', {}, v.glosa) : null,
    originLink(v),
    h(
      'table',
      { class: 'grid' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Cuenta', 'Glosa', 'Centro de negocios', 'Auxiliar', 'Documento'].map((t) =>
            h('th', { scope: 'col' }, t),
          ),
          h('th', { scope: 'col', class: 'num' }, 'Debe'),
          h('th', { scope: 'col', class: 'num' }, 'Haber'),
        ),
      ),
      h(
        'tbody',
        {},
        lines.map((l) =>
          h(
            'tr',
            {},
            h('td', {}, [l.accountCode, names.get(l.accountCode)].filter(Boolean).join(' · ')),
            h('td', {}, l.glosa ?? ''),
            h('td', {}, l.businessCenterCode ?? ''),
            h('td', {}, l.auxiliary ? `${l.auxiliary.rut} ${l.auxiliary.name ?? ''}` : ''),
            h('td', {}, l.document ? `${l.document.type} N° ${l.document.number}` : ''),
            h('td', { class: 'num' }, l.debit ? clp.format(l.debit) : ''),
            h('td', { class: 'num' }, l.credit ? clp.format(l.credit) : ''),
          ),
        ),
      ),
      h(
        'tfoot',
        {},
        h(
          'tr',
          {},
          h('td', { colspan: 5 }, 'Totales'),
          h('td', { class: 'num' }, clp.format(total('debit'))),
          h('td', { class: 'num' }, clp.format(total('credit'))),
        ),
      ),
    ),
  );
}

// ---------------------------------------------------------------- plugin screens

const loadedModules = new Map();

async function pluginPage(route) {
  const found = findEntry(state.menus, route);
  if (!found) {
    return h(
      'section',
      {},
      h('h1', {}, 'Página no disponible'),
      h('p', {}, 'Esta página no existe o su empresa o usuario no tiene acceso a ella.'),
      link('/', 'Volver al inicio'),
    );
  }
  const { entry, path, subpath } = found;
  if (!entry.element || !entry.moduleUrl) {
    return h(
      'section',
      { class: 'placeholder' },
      breadcrumb(path),
      h('h1', {}, path[path.length - 1]),
      notice('info', `Aquí estará la pantalla «${path.slice(3).join(' › ')}» de la Integración Rindegastos.`),
    );
  }
  if (!loadedModules.has(entry.moduleUrl)) loadedModules.set(entry.moduleUrl, import(entry.moduleUrl));
  await loadedModules.get(entry.moduleUrl);
  // The screen contract (plugin/host/Screen.ts): api-base, route, subpath and context.
  let el = mounted.get(entry.id);
  if (!el) {
    el = document.createElement(entry.element);
    el.setAttribute('api-base', `/api/plugins/${entry.pluginId}`);
    el.setAttribute('route', entry.route);
    el.context = { company: state.me.company, user: state.me.user, permissions: state.me.permissions };
    mounted.set(entry.id, el);
  }
  el.setAttribute('subpath', subpath);
  // The screen renders its own heading; the shell gives the menu path.
  return h('section', { class: 'plugin-screen' }, breadcrumb(path), el);
}

// A plugin screen asks to go elsewhere in the ERP (ScreenNavigationEvent in plugin/host/Screen.ts).
document.addEventListener('erp-navigate', (e) => navigate(e.detail.path, e.detail.replace));
window.addEventListener('popstate', () => void render());
void boot();
