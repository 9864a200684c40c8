/**
 * Prints a signed bearer token for the server's own secret:
 *   npm run -s token -- --role ROLE --sub SUBJECT [--unit UNIT_ID] [--province P] [--name "Full name"] [--expires 8h]
 * The secret is resolved exactly as the server resolves it (AUTH_SECRET, or the file generated
 * in DATA_DIR, created when absent), so the token works against a server on the same folder.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Actor } from '@app/domain';
import { ROLES, type Role } from '../auth/auth.decorators.js';
import { signToken } from '../auth/token.signer.js';
import { resolveAuthSecret } from '@app/runtime';
import { ENTITY_ID } from '../http/validators.js';

const USAGE =
  'usage: npm run -s token -- --role board|unit|auditor --sub SUBJECT [--unit UNIT_ID] [--province P] [--name "Full name"] [--expires 8h]';
const EXPIRY = /^(\d{1,9})\s*(s|sec|secs|m|min|mins|h|hr|hrs|d|day|days|w|week|weeks|y|year|years)$/;
const SECONDS_PER: Readonly<Record<string, number>> = {
  s: 1,
  m: 60,
  h: 3600,
  d: 86_400,
  w: 604_800,
  y: 31_557_600,
};
/** A token outlives whoever it was given to; a month bounds how long a lost one stays good. */
const MAX_EXPIRY_SECONDS = 30 * 86_400;
const MAX_PROVINCE_LENGTH = 100;

/** The lifetime `--expires` asks for, in seconds: 1 s up to 30 days. */
function expirySeconds(expires: string): number {
  const match = EXPIRY.exec(expires);
  if (match === null) fail('--expires must be a duration such as 30m, 8h or 7d');
  const seconds = Number(match[1]) * SECONDS_PER[match[2]![0]!]!;
  if (seconds < 1) fail('--expires must be at least 1s');
  if (seconds > MAX_EXPIRY_SECONDS) fail(`--expires ${expires} is refused: at most 30 days (30d)`);
  return seconds;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseActor(argv: string[]): { actor: Actor; expiresInSeconds: number } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        role: { type: 'string' },
        sub: { type: 'string' },
        unit: { type: 'string' },
        province: { type: 'string' },
        name: { type: 'string' },
        expires: { type: 'string', default: '8h' },
      },
      strict: true,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  const { role, sub, unit, province, name, expires } = values;
  if (role === undefined || !(ROLES as readonly string[]).includes(role))
    fail(`--role must be one of ${ROLES.join(', ')}`);
  if (sub === undefined || sub.trim() === '') fail('--sub is required');
  if (role === 'unit' && unit === undefined) fail('--role unit needs --unit UNIT_ID');
  if (role !== 'unit' && unit !== undefined) fail('--unit is only for --role unit');
  if (unit !== undefined && !ENTITY_ID.test(unit)) fail(`--unit must be a unit id (${ENTITY_ID.source})`);
  if (province !== undefined && role === 'unit') fail('--province is only for --role board or auditor');
  if (province !== undefined && (province.trim() === '' || province.length > MAX_PROVINCE_LENGTH))
    fail(`--province must be a province name of 1..${MAX_PROVINCE_LENGTH} characters`);
  const expiresInSeconds = expirySeconds(expires!);
  return {
    actor: {
      sub,
      role: role as Role,
      ...(name !== undefined ? { name } : {}),
      ...(unit !== undefined ? { unit } : {}),
      // The server compares provinces in NFC; a name typed in NFD still scopes the same blocs.
      ...(province !== undefined ? { province: province.normalize('NFC') } : {}),
    },
    expiresInSeconds,
  };
}

const { actor, expiresInSeconds } = parseActor(process.argv.slice(2));
try {
  const secret = resolveAuthSecret(process.env, {
    production: process.env.NODE_ENV === 'production',
    dataDir: resolve(process.env.DATA_DIR || './data'),
    externalIssuer: false,
  });
  process.stdout.write(`${await signToken(secret, actor, `${expiresInSeconds}s`)}\n`);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
