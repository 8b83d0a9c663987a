#!/usr/bin/env node
// Bundles the plugin's screens (plugin/ui, lit custom elements) into dist/ui/rindegastos.js with
// esbuild: one ES module with lit inside, so nothing is fetched from anywhere else at run time.
// esbuild reads plugin/ui/tsconfig.json (experimentalDecorators, useDefineForClassFields: false).
'use strict';
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
esbuild
  .build({
    entryPoints: [path.join(root, 'plugin', 'ui', 'rindegastos.ts')],
    outfile: path.join(root, 'dist', 'ui', 'rindegastos.js'),
    tsconfig: path.join(root, 'plugin', 'ui', 'tsconfig.json'),
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    legalComments: 'linked',
    logLevel: 'warning',
  })
  .catch(() => process.exit(1));
