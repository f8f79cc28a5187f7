// Config files are read the same way by the CLI and the language server; the loader lives with the server.
export { CONFIG_NAMES, ConfigResolver, loadConfigFile, type LoadedConfig } from '@gongwen/lsp/config';
