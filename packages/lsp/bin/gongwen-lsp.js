#!/usr/bin/env node
'use strict';
// CommonJS (bin/package.json says so): an ES module as the entry point cost Node's module loader before the bundle
// was even read.

// The bundled server (npm run build writes it): one file loads in about half the time of the modules it is made of.
let server;
try {
  server = require('../dist/server.cjs');
} catch (e) {
  if (e?.code !== 'MODULE_NOT_FOUND' || !String(e.message).includes('server.cjs')) throw e;
  process.stderr.write(
    'gongwen-lsp: 未找到打包的语言服务器 dist/server.cjs，请先运行 npm run build / the bundled server is missing; run npm run build\n',
  );
  process.exit(2);
}
server.startServer();
