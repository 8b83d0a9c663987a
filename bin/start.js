#!/usr/bin/env node
// npm start: until the standalone host lands, say honestly what exists.
console.log(
  'rindegastos-erp-plugin: the plugin package is built (npm run build) and tested (npm test).\n' +
    'The standalone host and its demo (the product you can click through) are not built yet;\n' +
    'npm start will serve them once they are.',
);
