import { Injectable } from '@nestjs/common';
import { getEncoding, Tiktoken } from 'js-tiktoken';

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
    return this.enc().encode(text).length;
  }

  /** A chat message costs its content plus a few tokens of framing. */
  countMessage(content: string): number {
    return this.count(content) + 4;
  }
}
