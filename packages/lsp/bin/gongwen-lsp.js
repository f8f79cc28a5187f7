#!/usr/bin/env node
import { createRequire } from 'node:module';

// The bundled server (npm run build writes it): one file loads in about half the time of the modules it is made of.
let server;
try {
  server = createRequire(import.meta.url)('../dist/server.cjs');
} catch (e) {
  if (e?.code !== 'MODULE_NOT_FOUND') throw e;
  process.stderr.write(
    'gongwen-lsp: 未找到打包的语言服务器 dist/server.cjs，请先运行 npm run build / the bundled server is missing; run npm run build\n',
  );
  process.exit(2);
}
server.startServer();
