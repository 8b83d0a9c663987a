// @ts-check
/**
 * The layout rule (README › Layout), checked by `npm run lint`: the plugin's folders form layers,
 * top to bottom, and a module may import only from its own layer or a lower one. Type-only imports
 * count too (tsPreCompilationDeps), because a type import is still a dependency of the design.
 */

/** plugin/ folders, top to bottom; folders on one line are one layer (they may import each other, without cycles). */
const LAYERS = [
  ['index.ts', 'ui'],
  ['http', 'di'],
  ['sync'],
  ['posting'],
  ['mapping'],
  ['writeback', 'catalog'],
  ['reports', 'settings'],
  ['accounting', 'connection'],
  ['rindegastos', 'permissions', 'config'],
  ['installations', 'audit'],
  ['db', 'host', 'errors', 'events', 'di/tokens.ts'],
];

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** A path regex matching the modules of one layer. */
const layerPath = (folders) =>
  `^plugin/(${folders.map((f) => (f.endsWith('.ts') ? escapeRegExp(f) + '$' : escapeRegExp(f) + '/')).join('|')})`;
/** DI tokens sit in di/ by name but in the bottom layer: every module may import them. */
const TOKENS = '^plugin/di/tokens\\.ts$';

/** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
const layerRules = LAYERS.slice(1).map((folders, i) => ({
  name: `layer-${folders.join('-').replace(/[/.]/g, '_')}`,
  comment: `plugin/{${folders.join(',')}} may not import a higher layer (${LAYERS.slice(0, i + 1)
    .flat()
    .join(', ')})`,
  severity: 'error',
  from: { path: layerPath(folders) },
  to: {
    path: LAYERS.slice(0, i + 1)
      .map(layerPath)
      .join('|'),
    pathNot: TOKENS,
  },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-circular',
      comment: 'no import cycles anywhere',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'plugin-not-to-host-or-sandbox',
      comment:
        'the plugin talks to its ERP only through plugin/host/ (types); the standalone host and the sandbox are not its code',
      severity: 'error',
      from: { path: '^plugin/' },
      to: { path: '^(host|sandbox)/' },
    },
    {
      name: 'shared-stands-alone',
      comment: 'shared/ holds helpers the plugin and the standalone host both use; it imports neither',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(plugin|host|sandbox|bench|test)/' },
    },
    {
      name: 'host-through-plugin-index',
      comment: 'the standalone host uses the plugin only through plugin/index.ts, as an ERP would',
      severity: 'error',
      from: { path: '^host/' },
      to: { path: '^plugin/', pathNot: '^plugin/index\\.ts$' },
    },
    {
      name: 'every-file-in-a-layer',
      comment: 'a new plugin/ folder must be given its place in LAYERS',
      severity: 'error',
      from: { path: '^plugin/', pathNot: LAYERS.map(layerPath).join('|') },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
