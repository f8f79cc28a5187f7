// Config files are read the same way by the CLI and the language server; the loader lives with the server.
export {
  CONFIG_NAMES, ConfigResolver, contextHash, findIgnoreFile, ignoreKey, loadConfigFile, readIgnoreFile, type IgnoreEntry, type LoadedConfig,
} from '@gongwen/lsp/config';
