/**
 * Prints a signed bearer token for the server's own secret:
 *   npm run -s token -- --role ROLE --sub SUBJECT [--unit UNIT_ID] [--name "Full name"] [--expires 8h]
 * The secret is resolved exactly as the server resolves it (AUTH_SECRET, or the file generated
 * in DATA_DIR, created when absent), so the token works against a server on the same folder.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Actor } from '@app/domain';
import { ROLES, type Role } from '../auth/auth.decorators.js';
import { signToken } from '../auth/token.signer.js';
import { resolveAuthSecret } from '../config/app.config.js';
import { ENTITY_ID } from '../http/validators.js';

const USAGE =
  'usage: npm run -s token -- --role board|unit|auditor --sub SUBJECT [--unit UNIT_ID] [--name "Full name"] [--expires 8h]';
const EXPIRY = /^\d+\s*(s|sec|secs|m|min|mins|h|hr|hrs|d|day|days|w|week|weeks|y|year|years)$/;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseActor(argv: string[]): { actor: Actor; expires: string } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        role: { type: 'string' },
        sub: { type: 'string' },
        unit: { type: 'string' },
        name: { type: 'string' },
        expires: { type: 'string', default: '8h' },
      },
      strict: true,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  const { role, sub, unit, name, expires } = values;
  if (role === undefined || !(ROLES as readonly string[]).includes(role))
    fail(`--role must be one of ${ROLES.join(', ')}`);
  if (sub === undefined || sub.trim() === '') fail('--sub is required');
  if (role === 'unit' && unit === undefined) fail('--role unit needs --unit UNIT_ID');
  if (role !== 'unit' && unit !== undefined) fail('--unit is only for --role unit');
  if (unit !== undefined && !ENTITY_ID.test(unit)) fail(`--unit must be a unit id (${ENTITY_ID.source})`);
  if (!EXPIRY.test(expires!)) fail('--expires must be a duration such as 30m, 8h or 7d');
  return {
    actor: {
      sub,
      role: role as Role,
      ...(name !== undefined ? { name } : {}),
      ...(unit !== undefined ? { unit } : {}),
    },
    expires: expires!,
  };
}

const { actor, expires } = parseActor(process.argv.slice(2));
try {
  const secret = resolveAuthSecret(process.env, {
    production: process.env.NODE_ENV === 'production',
    dataDir: resolve(process.env.DATA_DIR || './data'),
    externalIssuer: false,
  });
  process.stdout.write(`${await signToken(secret, actor, expires)}\n`);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
