/** A leaf of the ERP menu: a page of the shell or a plugin screen. */
export interface MenuEntry {
  id: string;
  /** Labels from the top level down to the entry itself. */
  path: string[];
  /** Shell route, e.g. `/rindegastos/informes`. */
  route: string;
  /** Custom element that renders the screen, when the plugin provides one. */
  element?: string;
  /** URL of the ES module that defines `element`. */
  moduleUrl?: string;
  /** Set on plugin entries. */
  pluginId?: string;
}

export interface MenuNode {
  label: string;
  children?: MenuNode[];
  entry?: MenuEntry;
}

/** The host's own pages. Plugin entries are merged into the same tree by label path. */
export const HOST_MENU_ENTRIES: { before: MenuEntry[]; after: MenuEntry[] } = {
  before: [
    {
      id: 'host.ledger.vouchers',
      path: ['Contabilidad', 'Contabilidad', 'Comprobantes'],
      route: '/contabilidad/comprobantes',
    },
  ],
  after: [
    {
      id: 'host.store.features',
      path: ['Tienda Digital', 'Integraciones', 'Funcionalidades'],
      route: '/tienda/integraciones/funcionalidades',
    },
  ],
};

/** Folds entries into a tree, merging equal labels at each level and keeping first-seen order. */
export function buildMenuTree(entries: MenuEntry[]): MenuNode[] {
  const roots: MenuNode[] = [];
  for (const entry of entries) {
    let level = roots;
    entry.path.forEach((label, i) => {
      const isLeaf = i === entry.path.length - 1;
      let node = level.find((n) => n.label === label && (isLeaf ? !n.children : !n.entry));
      if (!node) {
        node = isLeaf ? { label, entry } : { label, children: [] };
        level.push(node);
      }
      if (!isLeaf) level = node.children!;
    });
  }
  return roots;
}
