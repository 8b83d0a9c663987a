#!/usr/bin/env node
// The CLI lives in the compiled host; build first (npm run build). See `rindegastos help`.
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const entry = path.join(__dirname, '..', 'dist', 'host', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  console.error('Falta compilar el proyecto: ejecute "npm run build" (o use "npm start").');
  process.exit(1);
}
require(entry)
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
    // Pending handles (a slow client, a pool) must not keep a finished CLI alive.
    setTimeout(() => process.exit(code), 3000).unref();
  });
