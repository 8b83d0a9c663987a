#!/usr/bin/env node
// The CLI lives in the compiled host; build first (npm run build).
require('../dist/host/cli/main.js').main(process.argv.slice(2));
