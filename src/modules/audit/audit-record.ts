import { createHash } from 'node:crypto';
import type { AuditRecordRow, AuditToolCall } from '../../infrastructure/database/records';

/** The contract's `AuditRecord`: what was answered to whom, from which data; never the text. */
export interface AuditRecord {
  message_id: string;
  user_id: string;
  conversation_id: string;
  created_at: string;
  provider: string;
  model: string;
  prompt_sha256: string;
  tools: AuditToolCall[];
  sources: unknown[];
  figures: { checked: number; unverified: number } | null;
  disclaimer_shown: boolean;
  finish_reason: AuditRecordRow['finish_reason'];
}

/** The pseudonym of a user id in the audit trail once the user erased their data. */
export const sha256Hex = (text: string): string =>
  createHash('sha256').update(text, 'utf8').digest('hex');

export function toAuditRecord(r: AuditRecordRow): AuditRecord {
  return {
    message_id: r.message_id,
    user_id: r.user_id,
    conversation_id: r.conversation_id,
    created_at: new Date(r.created_at).toISOString(),
    provider: r.provider,
    model: r.model,
    prompt_sha256: r.prompt_sha256,
    tools: r.tools ?? [],
    sources: r.sources ?? [],
    figures: r.figures ?? null,
    disclaimer_shown: Boolean(r.disclaimer_shown),
    finish_reason: r.finish_reason,
  };
}

/** What the answer path knows when it stores an answer; the record is built from it. */
export interface AuditInput {
  messageId: string;
  userId: string;
  conversationId: string;
  createdAt: Date;
  provider: string;
  model: string;
  /** SHA-256 of what was sent to the model (see `promptSha256`). */
  promptSha256: string;
  tools?: AuditToolCall[];
  sources?: unknown[];
  figures?: { checked: number; unverified: number } | null;
  disclaimerShown: boolean;
  finishReason: AuditRecordRow['finish_reason'];
}

/**
 * The hash covers roles and contents with separators, so two different prompts cannot hash alike
 * by moving text across a message boundary.
 */
export function promptSha256(prompt: readonly { role: string; content: string }[]): string {
  const h = createHash('sha256');
  for (const m of prompt) h.update(`${m.role}\u0000${m.content}\u0000`, 'utf8');
  return h.digest('hex');
}

export function auditRow(a: AuditInput): AuditRecordRow {
  return {
    message_id: a.messageId,
    user_id: a.userId,
    pseudonymised: false,
    conversation_id: a.conversationId,
    created_at: a.createdAt,
    provider: a.provider.slice(0, 50),
    model: a.model.slice(0, 100),
    prompt_sha256: a.promptSha256,
    tools: a.tools ?? [],
    sources: a.sources ?? [],
    figures: a.figures ?? null,
    disclaimer_shown: a.disclaimerShown,
    finish_reason: a.finishReason,
  };
}
