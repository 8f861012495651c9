import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config';
import { bundleSdk, SDK_BUNDLE_FILE } from './sdk-bundle';

/** The path the demo page loads the SDK from (under `/demo`, already routed by the Ingress). */
export const SDK_BUNDLE_PATH = '/demo/chat-sdk.js';

export interface SdkBundleAsset {
  code: string;
  cacheControl: string;
}

/**
 * The client SDK's browser bundle for the demo page.
 *
 * Built by `npm run build` (so by `npm start` and the image): it is read once at startup and
 * served under a content-hashed URL with a year-long cache. When it is missing, what happens
 * depends on how the service runs, which keeps `npm test` working and a production image honest:
 * - compiled and in production: startup fails, naming the file, since a build without it is
 *   broken and esbuild (a development dependency) is not there to make up for it;
 * - from TypeScript sources (the tests boot the app that way) or in development: it is bundled
 *   on the first request with esbuild, once per process, and never cached by the browser.
 */
@Injectable()
export class SdkBundleService {
  /** The `src` of the page's script tag. */
  readonly url: string;
  private asset: Promise<SdkBundleAsset> | null = null;

  constructor(config: AppConfig) {
    if (existsSync(SDK_BUNDLE_FILE)) {
      const code = readFileSync(SDK_BUNDLE_FILE, 'utf8');
      const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
      this.url = `${SDK_BUNDLE_PATH}?v=${hash}`;
      this.asset = Promise.resolve({ code, cacheControl: 'public, max-age=31536000, immutable' });
      return;
    }
    if (config.demoPage && config.isProduction && !__filename.endsWith('.ts')) {
      throw new Error(
        `The demo page's SDK bundle is missing (${SDK_BUNDLE_FILE}): build with \`npm run build\`, ` +
          'or set DEMO_PAGE=false',
      );
    }
    this.url = SDK_BUNDLE_PATH;
  }

  get(): Promise<SdkBundleAsset> {
    if (!this.asset) {
      const built = bundleSdk().then((code) => ({ code, cacheControl: 'no-cache' }));
      // A failed build is retried on the next request rather than remembered.
      built.catch(() => {
        if (this.asset === built) this.asset = null;
      });
      this.asset = built;
    }
    return this.asset;
  }
}
