import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import request from 'supertest';
import { JwtVerifier } from '../../src/common/auth/jwt-verifier.service';
import { bootApp, TestApp } from '../support/app';
import { testConfig } from '../support/config';
import { requireBinary } from '../support/system-binary';

// Debian's Chromium, driven by playwright-core: never a browser downloaded by the tests.
const browser = requireBinary({
  label: 'Chromium',
  candidates: ['/usr/bin/chromium', 'chromium'],
  install: 'apt-get install -y chromium fonts-dejavu-core',
});
// The browser test drives a whole conversation.
jest.setTimeout(60_000);
const SHOTS = join(__dirname, '..', '..', 'test-output');
// One of the offline assistant's longest answers (about 60 chunks, 12 ms apart), so "Detener" lands
// while it still streams.
const LONG_QUESTION =
  '¿Qué diferencias hay entre plazo fijo, caución, LECAP y fondos money market?';

/**
 * Records what a person would see change while an answer streams. Browser code goes in as a
 * string: the test program is type-checked without the DOM library.
 */
const WATCH_STREAMING = `(() => {
  window.seen = { lengths: [], typing: false };
  new MutationObserver(() => {
    const bubble = document.querySelector('.msg.assistant.streaming .bubble');
    if (bubble && bubble.textContent) window.seen.lengths.push(bubble.textContent.length);
    const typing = document.getElementById('typing').textContent;
    if (typing.includes('El asistente está escribiendo')) window.seen.typing = true;
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
})()`;
const HORIZONTAL_OVERFLOW =
  'document.documentElement.scrollWidth - document.documentElement.clientWidth';

describe('demo page', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Zero LLM configuration: the offline assistant answers. No JWT_SECRET_KEY either, as in a
    // plain `npm start`: the service signs with its own generated secret and mints demo tokens.
    t = await bootApp(testConfig({ JWT_SECRET_KEY: undefined }));
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves the page, its script and the client SDK bundle, and mints dev tokens', async () => {
    const page = await request(t.url).get('/').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<html lang="es">');
    expect(page.text).toContain('data-dev-tokens="true"');
    const script = await request(t.url).get('/demo/app.js').expect(200);
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
    expect(script.text).toContain('ChatClient');
    // The real SDK (clients/js), bundled on demand here since the tests run from sources.
    expect(page.text).toContain('<script src="/demo/chat-sdk.js"></script>');
    const sdk = await request(t.url).get('/demo/chat-sdk.js').expect(200);
    expect(sdk.headers['content-type']).toMatch(/^text\/javascript/);
    expect(sdk.headers['cache-control']).toBe('no-cache');
    expect(sdk.text).toMatch(/var ChatSdk=/);
    await request(t.url).get('/socket.io/socket.io.min.js').expect(200);
    const docs = await request(t.url).get('/docs-json').expect(200);
    expect(Object.keys(docs.body.paths as object).filter((p) => /dev|demo|^\/$/.test(p))).toEqual(
      [],
    );

    const minted = await request(t.url)
      .post('/api/dev/token')
      .send({ user_id: 'demo-ana' })
      .expect(200);
    const user = t.app.get(JwtVerifier).verify(minted.body.token as string);
    expect(user.id).toBe('demo-ana');
    expect(user.expiresAt - Date.now() / 1000).toBeGreaterThan(3500);
    await request(t.url).post('/api/dev/token').send({ user_id: '' }).expect(400);
    await request(t.url).post('/api/dev/token').send({ user_id: 'a', admin: true }).expect(400);
  });

  it('answers 404 when DEMO_PAGE is off, and never mints tokens in production', async () => {
    const off = await bootApp(testConfig({ DEMO_PAGE: 'false' }));
    const prod = await bootApp(testConfig({ ENVIRONMENT: 'production', DEMO_PAGE: 'true' }));
    try {
      await request(off.url).get('/').expect(404);
      await request(off.url).get('/demo/app.js').expect(404);
      await request(off.url).get('/demo/chat-sdk.js').expect(404);
      const page = await request(prod.url).get('/').expect(200);
      expect(page.text).toContain('data-dev-tokens="false"');
      await request(prod.url).post('/api/dev/token').send({ user_id: 'x' }).expect(404);
    } finally {
      await off.close();
      await prod.close();
    }
  });

  browser.it('chats in Chromium: streams, stops, reloads, shows the summary', async () => {
    mkdirSync(SHOTS, { recursive: true });
    const profile = mkdtempSync(join(tmpdir(), 'demo-chromium-'));
    let context: BrowserContext | null = null;
    try {
      context = await chromium.launchPersistentContext(profile, {
        executablePath: browser.path(),
        headless: true,
        viewport: { width: 1280, height: 860 },
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          '--disable-quic',
        ],
      });
      const page = context.pages()[0] ?? (await context.newPage());
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${t.url}/`);
      await page.screenshot({ path: join(SHOTS, 'demo-signin.png') });

      // Development sign-in: mint a token for a user id.
      await page.getByLabel('ID de usuario').fill('demo-ana');
      await page.getByRole('button', { name: 'Generar token de desarrollo' }).click();
      await page.locator('#status', { hasText: 'Conectado como demo-ana' }).waitFor();

      // A streamed answer, with the typing indicator and a sentiment chip on the question.
      await page.evaluate(WATCH_STREAMING);
      const box = page.getByLabel('Tu mensaje');
      await box.fill('¿Qué es un CEDEAR?');
      await box.press('Enter');
      await page.locator('.msg.assistant.streaming .bubble').filter({ hasText: /\S/ }).waitFor();
      await page.screenshot({ path: join(SHOTS, 'demo-streaming.png') });
      const first = page.locator('.msg.assistant[data-state="done"]').first();
      await first.waitFor();
      expect(await first.locator('.bubble').textContent()).toContain('CEDEAR');
      const seen = await page.evaluate<{ lengths: number[]; typing: boolean }>('window.seen');
      expect(new Set(seen.lengths).size).toBeGreaterThan(2);
      expect(seen.typing).toBe(true);
      await page.locator('.msg.user .chip').first().waitFor();
      // Today's usage, refreshed after the answer (no daily limit in this configuration).
      await page
        .locator('#usage', { hasText: /Uso de hoy: [1-9][\d.]* tokens \(sin límite diario\)/ })
        .waitFor();

      // A long answer, stopped with "Detener" once it has started.
      await box.fill(LONG_QUESTION);
      await page.getByRole('button', { name: 'Enviar' }).click();
      await page.locator('.msg.assistant.streaming .bubble').filter({ hasText: /\S/ }).waitFor();
      await page.getByRole('button', { name: 'Detener' }).click();
      const stopped = page.locator('.msg.assistant').nth(1);
      await stopped.locator('.chip.stopped').waitFor();
      expect(await stopped.locator('.chip.stopped').textContent()).toBe('Respuesta detenida');
      await page.screenshot({ path: join(SHOTS, 'demo-desktop.png') });

      // After a reload the session, the conversation and its history come back.
      await page.reload();
      await page.locator('#status', { hasText: 'Conectado como demo-ana' }).waitFor();
      await page.locator('.msg').nth(3).waitFor();
      expect(await page.locator('.msg').count()).toBe(4);
      expect(await page.locator('.msg.assistant .bubble').first().textContent()).toContain(
        'CEDEAR',
      );
      expect(await page.locator('.msg.assistant .chip.stopped').count()).toBe(1);
      expect(await page.locator('.msg.user .chip').count()).toBe(2);
      const options = await page.locator('#conversation option').allTextContents();
      expect(options[0]).toBe('Nueva conversación');
      expect(options[1]).toContain('¿Qué es un CEDEAR?');

      // The summary panel.
      await page.getByRole('button', { name: 'Ver resumen' }).click();
      await page.locator('#summary-panel').waitFor({ state: 'visible' });
      expect(await page.locator('#summary-text').textContent()).toContain('consultas');
      expect(await page.locator('#summary-stats').textContent()).toContain('Mensajes4');
      await page.screenshot({ path: join(SHOTS, 'demo-desktop-summary.png') });

      await page.setViewportSize({ width: 375, height: 740 });
      await page.screenshot({ path: join(SHOTS, 'demo-mobile.png') });
      await page.screenshot({ path: join(SHOTS, 'demo-mobile-full.png'), fullPage: true });
      const overflow = await page.evaluate<number>(HORIZONTAL_OVERFLOW);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(errors).toEqual([]);
    } finally {
      await context?.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
