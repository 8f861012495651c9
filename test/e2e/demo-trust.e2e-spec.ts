import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { bootApp, TestApp } from '../support/app';
import { testConfig } from '../support/config';
import { requireBinary } from '../support/system-binary';

// Debian's Chromium, driven by playwright-core: never a browser downloaded by the tests.
const browser = requireBinary({
  label: 'Chromium',
  candidates: ['/usr/bin/chromium', 'chromium'],
  install: 'apt-get install -y chromium fonts-dejavu-core',
});
jest.setTimeout(60_000);

describe('demo page: disclaimer and feedback', () => {
  let t: TestApp;

  beforeAll(async () => {
    // No JWT_SECRET_KEY, as in a plain `npm start`: the page mints development tokens.
    t = await bootApp(
      testConfig({
        JWT_SECRET_KEY: undefined,
        DISCLAIMER_TEXT: 'Aviso de la demo: no es una recomendación.',
      }),
    );
  });
  afterAll(() => t.close());

  browser.it('shows the disclaimer under the answer and rates it with the thumbs', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'demo-trust-'));
    let context: BrowserContext | null = null;
    try {
      context = await chromium.launchPersistentContext(profile, {
        executablePath: browser.path(),
        headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
      });
      const page = context.pages()[0] ?? (await context.newPage());
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${t.url}/`);
      await page.getByLabel('ID de usuario').fill('demo-trust');
      await page.getByRole('button', { name: 'Generar token de desarrollo' }).click();
      await page.locator('#status', { hasText: 'Conectado como demo-trust' }).waitFor();

      const box = page.getByLabel('Tu mensaje');
      await box.fill('¿Qué es un CEDEAR?');
      await box.press('Enter');
      const answer = page.locator('.msg.assistant[data-state="done"]').first();
      await answer.waitFor();
      const note = answer.locator('.disclaimer');
      expect(await note.textContent()).toBe('Aviso de la demo: no es una recomendación.');
      expect(await answer.locator('.bubble').textContent()).not.toContain('Aviso de la demo');

      const down = answer.getByRole('button', { name: 'No me sirvió', exact: true });
      await down.click();
      await answer.locator('button[data-rating="down"][aria-pressed="true"]').waitFor();
      expect(
        await answer
          .getByRole('button', { name: 'Me sirvió', exact: true })
          .getAttribute('aria-pressed'),
      ).toBe('false');

      // A greeting gets no disclaimer.
      await box.fill('Hola');
      await box.press('Enter');
      const greeting = page.locator('.msg.assistant[data-state="done"]').nth(1);
      await greeting.waitFor();
      expect(await greeting.locator('.disclaimer').count()).toBe(0);

      // After a reload the rating comes back from history.
      await page.reload();
      await page.locator('#status', { hasText: 'Conectado como demo-trust' }).waitFor();
      await page.locator('.msg.assistant').first().waitFor();
      await page
        .locator('.msg.assistant')
        .first()
        .locator('button[data-rating="down"][aria-pressed="true"]')
        .waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context?.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
