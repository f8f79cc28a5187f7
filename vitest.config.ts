import { defineConfig } from 'vitest/config';

// One root config; each package is a project. Tests run against the built packages (npm test builds first).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'core', include: ['packages/core/test/**/*.test.ts'], testTimeout: 30000 } },
      { test: { name: 'node', include: ['packages/node/test/**/*.test.ts'], testTimeout: 60000 } },
      { test: { name: 'cli', include: ['packages/cli/test/**/*.test.ts'], testTimeout: 60000 } },
      {
        test: {
          name: 'lsp',
          include: ['packages/lsp/test/**/*.test.ts', 'packages/vscode/test/**/*.test.ts'],
          testTimeout: 120000,
        },
      },
    ],
  },
});
