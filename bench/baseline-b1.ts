/**
 * Baseline B1: B0 plus, by hand and without a framework, what a chat message must do before
 * it reaches the model: verify the HS256 JWT (node:crypto HMAC), one Redis rate-limit INCR
 * (+ EXPIRE on a new window), one Redis RPUSH of the message, and one PostgreSQL INSERT (pg
 * Pool) into a table shaped like the app's `messages` (same columns and indexes, no foreign key).
 * The honest reference for what the service should cost.
 *
 * Env: LLM_URL, PORT, JWT_SECRET_KEY, REDIS_URL, REDIS_KEY_PREFIX, DATABASE_URL,
 * RATE_LIMIT_CHAT_PER_MIN. Prints `LISTENING <port>` once ready.
 *
 * Run: node dist-bench/bench/baseline-b1.js
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { HttpError, requireEnv, startBaseline } from './baseline-b0';
import { verifyToken } from './lib/jwt';

export const B1_TABLE = 'b1_messages';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS ${B1_TABLE} (
  id varchar(36) PRIMARY KEY,
  conversation_id varchar(36) NOT NULL,
  user_id varchar(128) NOT NULL,
  role varchar(16) NOT NULL,
  content text NOT NULL,
  sentiment text,
  prompt_tokens integer,
  completion_tokens integer,
  model varchar(100),
  finish_reason varchar(16),
  client_message_id varchar(100),
  reply_to varchar(36),
  created_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_${B1_TABLE}_conversation ON ${B1_TABLE} (conversation_id, created_at);
CREATE INDEX IF NOT EXISTS idx_${B1_TABLE}_user ON ${B1_TABLE} (user_id, created_at);
CREATE INDEX IF NOT EXISTS idx_${B1_TABLE}_reply_to ON ${B1_TABLE} (reply_to);
CREATE UNIQUE INDEX IF NOT EXISTS uq_${B1_TABLE}_user_client_id ON ${B1_TABLE} (user_id, client_message_id);
`;

const INSERT = `INSERT INTO ${B1_TABLE} (id, conversation_id, user_id, role, content, created_at) VALUES ($1, $2, $3, 'user', $4, now())`;

async function main(): Promise<void> {
  const secret = requireEnv('JWT_SECRET_KEY');
  const limit = Number(process.env.RATE_LIMIT_CHAT_PER_MIN ?? 20);
  const redis = new Redis(requireEnv('REDIS_URL'), {
    keyPrefix: process.env.REDIS_KEY_PREFIX ?? 'b1:',
    enableOfflineQueue: true,
  });
  const pool = new Pool({ connectionString: requireEnv('DATABASE_URL'), max: 10 });
  await pool.query(SCHEMA);

  const before = async (req: IncomingMessage, message: string): Promise<void> => {
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    const claims = token ? verifyToken(token, secret) : null;
    if (!claims) throw new HttpError(401, 'unauthorized');
    const window = Math.floor(Date.now() / 60_000);
    const key = `rl:chat:${claims.sub}:${window}`;
    const hits = await redis.incr(key);
    if (hits === 1) await redis.expire(key, 60);
    if (hits > limit) throw new HttpError(429, 'rate_limited');
    const id = randomUUID();
    await redis.rpush(`hist:${claims.sub}`, JSON.stringify({ id, role: 'user', content: message }));
    await pool.query(INSERT, [id, randomUUID(), claims.sub, message]);
  };

  const port = await startBaseline({
    port: Number(process.env.PORT ?? 0),
    llmUrl: requireEnv('LLM_URL'),
    model: process.env.LLM_MODEL,
    before,
  });
  process.stdout.write(`LISTENING ${port}\n`);
  process.on('SIGTERM', () => {
    void Promise.allSettled([redis.quit(), pool.end()]).then(() => process.exit(0));
  });
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
