import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Where `npm run build` writes the browser bundle of the client SDK (clients/js): `dist/assets`,
 * next to the compiled service, so the image carries it without copying the SDK's sources.
 */
export const SDK_BUNDLE_FILE = join(__dirname, '..', '..', '..', 'assets', 'chat-sdk.js');

/** The global the bundle defines in a browser: `window.ChatSdk.ChatClient`, `ChatError`, ... */
export const SDK_GLOBAL_NAME = 'ChatSdk';

/**
 * The SDK's entry point, found by walking up from this file: the same code runs from `src/`,
 * `dist/` and `dist-bench/src/`, at different depths below the repository root.
 */
export function sdkEntryPoint(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const entry = join(dir, 'clients', 'js', 'src', 'index.ts');
    if (existsSync(entry)) return entry;
    if (dirname(dir) === dir) {
      throw new Error(`The client SDK's sources (clients/js/src/index.ts) are not above ${from}`);
    }
  }
}

/**
 * Bundles the real SDK, socket.io-client included, as one script for a `<script>` tag. esbuild is
 * a development dependency, so it is loaded only here: a production install never reaches it.
 */
export async function bundleSdk(): Promise<string> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [sdkEntryPoint()],
    bundle: true,
    format: 'iife',
    globalName: SDK_GLOBAL_NAME,
    platform: 'browser',
    // The SDK's own compile target (clients/js/tsconfig.json): the browsers it already supports.
    target: 'es2020',
    minify: true,
    legalComments: 'eof',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}
