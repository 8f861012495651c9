import { JwtService } from '@nestjs/jwt';
import { loadDotEnv } from '../config/dotenv';
import { ConfigError, loadConfig } from '../config/load-config';

const USAGE = 'usage: npm run token -- <user_id> [--ttl <seconds>]';

/** Prints a token the running service accepts, signed with the configured secret. */
function main(argv: string[]): number {
  const args = [...argv];
  let ttl = 3600;
  const ttlAt = args.indexOf('--ttl');
  if (ttlAt >= 0) {
    ttl = Number(args[ttlAt + 1]);
    args.splice(ttlAt, 2);
    if (!Number.isInteger(ttl) || ttl <= 0) {
      process.stderr.write(`--ttl must be a positive number of seconds\n${USAGE}\n`);
      return 2;
    }
  }
  const userId = args[0];
  if (!userId || args.length > 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let config;
  try {
    loadDotEnv();
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const { secret, algorithms, issuer, audience } = config.jwt;
  const token = new JwtService().sign(
    { sub: userId },
    {
      secret,
      algorithm: algorithms[0],
      expiresIn: ttl,
      ...(issuer ? { issuer } : {}),
      ...(audience ? { audience } : {}),
    },
  );
  process.stdout.write(`${token}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
