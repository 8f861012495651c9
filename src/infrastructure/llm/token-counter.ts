import { Injectable } from '@nestjs/common';
import { getEncoding, Tiktoken } from 'js-tiktoken';

const LONG_RUN = /\S{200,}/g;

/** Counts tokens the way OpenAI's chat models do (cl100k_base), to fit prompts to a budget. */
@Injectable()
export class TokenCounter {
  private encoder: Tiktoken | null = null;

  private enc(): Tiktoken {
    // Built on first use: loading the ranks takes a few hundred milliseconds.
    this.encoder ??= getEncoding('cl100k_base');
    return this.encoder;
  }

  count(text: string): number {
    // Byte-pair merging is quadratic in the length of one unbroken run ("aaaa…", a pasted hash),
    // so very long runs are estimated (about three characters a token) instead of encoded.
    let estimated = 0;
    const rest = text.replace(LONG_RUN, (run) => {
      estimated += Math.ceil(run.length / 3);
      return ' ';
    });
    return estimated + this.enc().encode(rest).length;
  }

  /** A chat message costs its content plus a few tokens of framing. */
  countMessage(content: string): number {
    return this.count(content) + 4;
  }
}
