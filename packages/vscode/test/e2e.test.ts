import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { startFakeOpenAi } from '../../core/test/llm/fake-openai.js';
import { ARTIFACTS, E2E, REPO, installed, packageVsix, withCodeServer } from './code-server.js';

// VS Code itself (code-server in Chromium): install the packaged .vsix, open a draft, see the squiggle and the
// Problems entry, apply the quick fix, save, and check the file; draft a document from workspace materials.

describe('VS Code (code-server) with the packaged extension', () => {
  if (!installed && process.env.CI)
    throw new Error(
      `code-server/playwright-core/chromium missing under ${E2E}: run packages/vscode/test/e2e/install.sh`,
    );

  it.runIf(installed)(
    'shows the squiggle and the Problems entry, and the quick fix changes the text',
    async () => {
      const vsix = packageVsix();
      // Diagnostics and hovers link to the rule docs beside the bundled server: the package carries the generated ones.
      const shipped = unzipSync(readFileSync(vsix), { filter: (f) => f.name === 'extension/docs/rules.md' })[
        'extension/docs/rules.md'
      ];
      expect(shipped && Buffer.from(shipped).toString('utf8')).toBe(
        readFileSync(join(REPO, 'rules', 'README.md'), 'utf8'),
      );
      const files = { '通知.txt': '关于做好防汛工作的通知\n\n各区人民政府:\n　　现将有关事项通知如下。\n' };
      await withCodeServer(
        files,
        {},
        async ({ page, ws }) => {
          const draft = join(ws, '通知.txt');
          await page.keyboard.press('Control+P');
          await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
          await page.keyboard.type('通知.txt');
          await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="通知.txt"]');
          await page.keyboard.press('Enter');
          await page.waitForSelector('.tab[data-resource-name="通知.txt"]');
          await page.waitForSelector('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning', {
            timeout: 60000,
          });
          await page.keyboard.press('Control+Shift+M');
          const row = page.locator('.markers-panel .monaco-list-row', { hasText: '中文语境中应使用全角标点' }).first();
          await row.waitFor({ timeout: 30000 });
          const rowText = await row.innerText();
          expect(rowText).toContain('gongwen');
          expect(rowText).toContain('punct/half-width');
          await page.screenshot({ path: join(ARTIFACTS, 'vscode-e2e.png') });
          // Back to the editor, jump to the problem, apply the preferred quick fix, save.
          await page.locator('.monaco-editor .view-lines').first().click();
          await page.keyboard.press('Control+Home');
          await page.keyboard.press('F8');
          await page.keyboard.press('Escape');
          await page.keyboard.press('Shift+Alt+Period');
          await page.waitForFunction(
            () => document.querySelector('.monaco-editor .view-lines')?.textContent?.includes('各区人民政府：'),
            null,
            { timeout: 20000 },
          );
          await page.keyboard.press('Control+S');
          for (let i = 0; i < 100 && !readFileSync(draft, 'utf8').includes('各区人民政府：'); i++)
            await new Promise((r) => setTimeout(r, 100));
          expect(readFileSync(draft, 'utf8')).toBe(
            '关于做好防汛工作的通知\n\n各区人民政府：\n　　现将有关事项通知如下。\n',
          );
          await page.waitForSelector('.monaco-editor .squiggly-error', { state: 'detached', timeout: 20000 });
          await page.screenshot({ path: join(ARTIFACTS, 'vscode-e2e-fixed.png') });
        },
        'vscode-e2e-failure.png',
      );
    },
    240000,
  );

  it.runIf(installed)(
    '起草公文…: 文种, request, organs and materials picked, the draft opens with its 【待核】 as a Problems entry',
    async () => {
      const answer =
        '# 青川市人民政府办公室关于做好2026年春季森林防火工作的通知\n\n为切实做好春季森林防火工作，现将有关事项通知如下：\n\n一、落实防控措施\n\n各区要在3月15日前完成林区火源排查。\n\n二、加强资金保障\n\n市级安排森林防火专项资金360万元。\n\n特此通知。\n';
      const server = await startFakeOpenAi(() => ({ content: answer }));
      try {
        await withCodeServer(
          {
            '材料/要点.md':
              '2026年春季森林防火工作要点\n各区要在3月15日前完成林区火源排查。\n今年市级安排森林防火专项资金260万元。\n',
            '材料/无关.txt': '与本次起草无关的文字。\n',
          },
          { GONGWEN_LLM_BASE_URL: server.url, GONGWEN_LLM_MODEL: 'fake-qwen' },
          async ({ page, ws }) => {
            const input = async (text: string) => {
              await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
              await page.keyboard.type(text);
              await page.keyboard.press('Enter');
            };
            // Open a material first: the extension activates on Markdown, then its commands are in the palette.
            await page.keyboard.press('Control+P');
            await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
            await page.keyboard.type('要点.md');
            await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="要点.md"]');
            await page.keyboard.press('Enter');
            await page.waitForSelector('.tab[data-resource-name="要点.md"]');
            await page.keyboard.press('Control+Shift+P');
            await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
            await page.keyboard.type('起草公文');
            await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="起草公文"]', {
              timeout: 60000,
            });
            await page.keyboard.press('Enter');
            // 1/6 文种: the list comes from the server.
            await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="通知"]', { timeout: 60000 });
            await page.keyboard.type('通知');
            await page.waitForSelector('.quick-input-title:has-text("1/6")');
            await page.keyboard.press('Enter');
            await page.waitForSelector('.quick-input-title:has-text("2/6")');
            await input('部署各区做好春季森林防火工作');
            await page.waitForSelector('.quick-input-title:has-text("3/6")');
            await input('青川市人民政府办公室');
            await page.waitForSelector('.quick-input-title:has-text("4/6")');
            await input('各区人民政府');
            // 5/6 materials: tick 要点.md only.
            await page.waitForSelector('.quick-input-title:has-text("5/6")');
            await page.locator('.quick-input-list .monaco-list-row[aria-label*="要点.md"]').click();
            await page.keyboard.press('Enter');
            await page.waitForSelector('.quick-input-title:has-text("6/6")');
            await page.keyboard.press('Enter');
            // The first use of the endpoint asks for consent.
            await page.locator('.notifications-toasts .monaco-button', { hasText: '允许' }).click({ timeout: 60000 });
            await page.waitForSelector('.tab[data-resource-name="通知草稿.md"]', { timeout: 90000 });
            await page.waitForSelector('.monaco-editor .squiggly-warning', { timeout: 60000 });
            await page.keyboard.press('Control+Shift+M');
            const row = page.locator('.markers-panel .monaco-list-row', { hasText: '【待核：360万元】' }).first();
            await row.waitFor({ timeout: 30000 });
            expect(await row.innerText()).toContain('element/placeholder');
            await page.screenshot({ path: join(ARTIFACTS, 'vscode-e2e-draft.png') });
            const text = readFileSync(join(ws, '通知草稿.md'), 'utf8');
            expect(text).toContain('专项资金【待核：360万元】');
            expect(text).toContain('材料:\n  - 材料/要点.md');
          },
          'vscode-e2e-draft-failure.png',
        );
        expect(server.requests).toHaveLength(1);
        const sent = server.requests[0]!.text;
        expect(sent).toContain('专项资金260万元');
        expect(sent).not.toContain('与本次起草无关');
      } finally {
        await server.close();
      }
    },
    300000,
  );
});
