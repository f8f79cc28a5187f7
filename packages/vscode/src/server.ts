// The language server as bundled into the extension.
import { startServer } from '@gongwen/lsp';

startServer();
