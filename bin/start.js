#!/usr/bin/env node
// npm start: build when dist/ is missing or older than the sources, then serve the demo
// (a new database gets the demo companies and users; the banner prints the URL and credentials).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const stamp = path.join(root, 'dist', '.build-stamp');
const entry = path.join(root, 'dist', 'host', 'cli', 'main.js');
// What the build compiles into what `serve` runs. host/web is served from source and needs no build.
const SOURCES = [
  'plugin',
  'shared',
  'host',
  'migrations',
  'sandbox',
  'manifest.json',
  'package.json',
  'tsconfig.json',
];

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const e of fs.readdirSync(p, { withFileTypes: true })) {
    if (e.name === 'node_modules' || (p === path.join(root, 'host') && e.name === 'web')) continue;
    newest = Math.max(newest, newestMtime(path.join(p, e.name)));
  }
  return newest;
}

function stale() {
  if (!fs.existsSync(entry) || !fs.existsSync(stamp)) return true;
  const built = fs.statSync(stamp).mtimeMs;
  return SOURCES.some((s) => newestMtime(path.join(root, s)) > built);
}

if (stale()) {
  console.log('Compilando (npm run build)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const res = spawnSync(npm, ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (!fs.existsSync(entry)) {
    console.error('La compilación no produjo dist/host/cli/main.js; revise los errores de arriba.');
    process.exit(res.status || 1);
  }
  if (res.status !== 0) console.warn('Aviso: la compilación informó errores de tipos; se usa lo emitido.');
  fs.writeFileSync(stamp, new Date().toISOString() + '\n');
}

// The demo terminal shows the banner, not every request; LOG_LEVEL=info brings them back.
process.env.LOG_LEVEL ??= 'warn';
require(entry)
  .main(['serve', '--demo'])
  .then((code) => {
    process.exitCode = code;
    setTimeout(() => process.exit(code), 3000).unref();
  });
