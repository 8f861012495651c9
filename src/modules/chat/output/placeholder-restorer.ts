import type { PiiMasker, PiiVault } from '../../privacy/pii-masker';
import { HoldingTransform, StreamTransform } from './stream-transform';

/** Restores masked identifiers (`[CUIT_1]`) in a stream, even when a placeholder is split. */
export function placeholderRestorer(masker: PiiMasker, vault: PiiVault): StreamTransform {
  return new HoldingTransform(
    (text) => masker.restore(text, vault),
    (buf) => {
      const open = buf.lastIndexOf('[');
      return open >= 0 && buf.length - open <= 16 && /^\[[A-Z_]*\d*$/.test(buf.slice(open))
        ? open
        : buf.length;
    },
  );
}
