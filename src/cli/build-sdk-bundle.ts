import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { bundleSdk, SDK_BUNDLE_FILE } from '../modules/demo/sdk-bundle/sdk-bundle';

/** The last step of `npm run build`: the demo page's SDK bundle, beside the compiled service. */
async function main(): Promise<void> {
  const code = await bundleSdk();
  mkdirSync(dirname(SDK_BUNDLE_FILE), { recursive: true });
  writeFileSync(SDK_BUNDLE_FILE, code);
  process.stdout.write(`${SDK_BUNDLE_FILE} (${Math.round(code.length / 1024)} KiB)\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`Cannot bundle the client SDK: ${String(err)}\n`);
  process.exitCode = 1;
});
