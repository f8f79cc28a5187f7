import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection, InitializeParams } from 'vscode-languageserver/node';
import { defaultRegistry, parseLevel, RuleRegistry, type Checker, type Config } from '@gongwen/core';
import {
  CONFIG_NAMES,
  findConfigFile,
  findIgnoreFile,
  Gongwen,
  IGNORE_FILE,
  IgnoreList,
  type LoadedConfig,
} from '@gongwen/node';

/** Client settings under `gongwen.*`. */
export interface ClientSettings {
  enable?: boolean;
  profile?: string;
  rules?: Record<string, string>;
  terms?: string[];
  debounceMs?: number;
}

/**
 * The client's settings and workspace, and the Node layer built from them: configs, ignore lists and the AI setup
 * come from `@gongwen/node` exactly as the CLI gets them, with the client's settings merged over each config.
 */
export class Settings {
  client: ClientSettings = {};
  canPullConfig = false;
  canWatchFiles = false;
  /** The client shows `window/showMessageRequest` with actions (asked before the first AI check). */
  canAskUser = false;
  workspaceRoot: string | undefined;
  readonly registry: RuleRegistry;
  /** A broken rule file must not kill the server (the client would stop restarting it): it is reported instead. */
  readonly registryError: string | undefined;
  private node: Gongwen | undefined;

  constructor(
    private readonly connection: Connection,
    private debounceMs: number,
  ) {
    let registry: RuleRegistry;
    let registryError: string | undefined;
    try {
      registry = defaultRegistry();
    } catch (e) {
      registryError = `gongwen：规则文件有误 / invalid rule file: ${(e as Error).message.split('\n').slice(0, 3).join(' | ')}`;
      registry = new RuleRegistry();
    }
    this.registry = registry;
    this.registryError = registryError;
  }

  initialize(params: InitializeParams): void {
    this.canPullConfig = Boolean(params.capabilities.workspace?.configuration);
    this.canWatchFiles = Boolean(params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration);
    this.canAskUser = Boolean(params.capabilities.window?.showMessage);
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    if (folder?.startsWith('file:')) this.workspaceRoot = fileURLToPath(folder);
    const init = (params.initializationOptions ?? {}) as { debounceMs?: number; settings?: ClientSettings };
    if (typeof init.debounceMs === 'number') this.debounceMs = init.debounceMs;
    if (init.settings) this.set(init.settings);
  }

  /** Files the client should tell us about when they change. */
  get watchedGlobs(): string[] {
    return [...CONFIG_NAMES.map((n) => `**/${n}`), '**/.gongwen/ignores.json'];
  }

  /** Pulls `gongwen.*` from the client (when it offers that), else takes what a notification carried. */
  async refresh(pushed?: unknown): Promise<void> {
    if (this.canPullConfig)
      this.set(((await this.connection.workspace.getConfiguration('gongwen')) as ClientSettings | null) ?? {});
    else if (pushed !== undefined)
      this.set((pushed as { gongwen?: ClientSettings } | undefined)?.gongwen ?? this.client);
  }

  private set(settings: ClientSettings): void {
    this.client = settings;
    this.node = undefined;
  }

  get enabled(): boolean {
    return this.client.enable !== false;
  }

  /** Delay between the last keystroke and the check (ms). */
  get delay(): number {
    return this.client.debounceMs ?? this.debounceMs;
  }

  /** Config files or ignore lists changed on disk: checkers are rebuilt on the next check. */
  filesChanged(): void {
    this.node?.clearCaches();
  }

  /** The Node layer for the current settings; a bad setting (an unknown level) is a ConfigError here. */
  gongwen(): Gongwen {
    if (!this.node) {
      const rules: Config['rules'] = {};
      for (const [id, level] of Object.entries(this.client.rules ?? {}))
        rules[id] = { level: parseLevel(level, `gongwen.rules.${id}`) };
      const overrides: Config = {
        ...(this.client.profile ? { profile: this.client.profile } : {}),
        rules,
        terms: [...(this.client.terms ?? [])],
        ignore: [],
      };
      // An editor sees files change under it: configs and ignore lists are read at each check, not kept.
      this.node = new Gongwen({
        cwd: this.workspaceRoot ?? process.cwd(),
        overrides,
        cache: false,
        registry: this.registry,
      });
    }
    return this.node;
  }

  filePath(uri: string): string | undefined {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  }

  /** Where workspace files (config, ignore list) go for a document: the workspace, else its config's or its own folder. */
  rootFor(uri: string): string | undefined {
    const p = this.filePath(uri);
    if (this.workspaceRoot && (!p || p.startsWith(this.workspaceRoot))) return this.workspaceRoot;
    const cfg = p ? findConfigFile(dirname(p)) : undefined;
    return cfg ? dirname(cfg) : p ? dirname(p) : this.workspaceRoot;
  }

  configFor(uri: string): LoadedConfig {
    const p = this.filePath(uri);
    const node = this.gongwen();
    return p ? node.configFor(p) : node.defaultConfig();
  }

  /** The checker for a document: its `.gongwenrc.yaml`, then the client's settings. */
  checkerFor(uri: string): { checker: Checker; key: string; loaded: LoadedConfig } {
    const loaded = this.configFor(uri);
    return { ...this.gongwen().checkerFor(loaded), loaded };
  }

  /** The occurrences ignored for a document; a broken ignore file is logged and counts as empty. */
  ignoresFor(uri: string): IgnoreList {
    try {
      return this.gongwen().ignoresFor(this.filePath(uri), this.rootFor(uri));
    } catch (e) {
      this.connection.console.warn(`gongwen: ${(e as Error).message}`);
      return IgnoreList.EMPTY;
    }
  }

  /** The ignore file "ignore this occurrence" writes to: the nearest one inside the workspace, else the workspace's. */
  ignoreFileFor(uri: string): string | undefined {
    const root = this.rootFor(uri);
    if (!root) return undefined;
    const p = this.filePath(uri);
    const nearest = p ? findIgnoreFile(dirname(p)) : undefined;
    return nearest && nearest.startsWith(root + sep) ? nearest : join(root, IGNORE_FILE);
  }

  /** The config file a quick fix edits: the document's, else a new one in the workspace. */
  configTarget(uri: string): string {
    const p = this.filePath(uri);
    const existing = p ? findConfigFile(dirname(p)) : undefined;
    if (existing) return existing;
    const root = this.rootFor(uri);
    if (!root) throw new Error('没有工作区，无法写入 .gongwenrc.yaml / no workspace folder');
    return join(root, CONFIG_NAMES[0]!);
  }
}
