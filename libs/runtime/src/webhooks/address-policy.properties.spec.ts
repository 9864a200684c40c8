/**
 * The SSRF policy over generated addresses, as an attacker would spell them: an IPv4 address is
 * judged the same whether written dotted, as one decimal, hexadecimal or octal number in a URL,
 * or carried inside an IPv6 address (mapped, compatible, NAT64, 6to4), and a webhook URL to it is
 * refused exactly when the address is not public; a host name is refused when any one of its
 * addresses is not public. A fixed seed (PROPERTY_SEED overrides it) keeps a failure reproducible.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { classifyAddress } from './address-policy.js';
import { privateTargetProblem } from './webhook-target.js';

const PARAMETERS = { seed: Number(process.env.PROPERTY_SEED ?? 20_261_205), numRuns: 500 };

/** Addresses from every range the policy knows of, and public ones. */
const ipv4 = fc.oneof(
  fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)),
  fc
    .tuple(
      fc.constantFrom(
        [0],
        [10],
        [100, 64],
        [127],
        [169, 254],
        [172, 16],
        [192, 168],
        [198, 18],
        [224],
        [240],
        [255, 255, 255],
      ),
      fc.nat(255),
      fc.nat(255),
      fc.nat(255),
    )
    .map(([prefix, ...rest]): [number, number, number, number] => {
      const bytes = [...prefix, ...rest].slice(0, 4);
      return [bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!];
    }),
);

const dotted = (bytes: readonly number[]): string => bytes.join('.');
const hex16 = (bytes: readonly number[]): string =>
  `${((bytes[0]! << 8) | bytes[1]!).toString(16)}:${((bytes[2]! << 8) | bytes[3]!).toString(16)}`;
const asInteger = (bytes: readonly number[]): number =>
  ((bytes[0]! << 24) >>> 0) + (bytes[1]! << 16) + (bytes[2]! << 8) + bytes[3]!;

/** The same IPv4 address carried inside IPv6 addresses. */
const carriers = (bytes: readonly number[]): string[] => [
  `::ffff:${dotted(bytes)}`,
  `::ffff:${hex16(bytes)}`,
  `64:ff9b::${hex16(bytes)}`,
  `2002:${hex16(bytes)}::1`,
];

/** The same IPv4 address as a URL's host, in the spellings WHATWG URL parsing accepts. */
const urlSpellings = (bytes: readonly number[]): string[] => [
  `http://${dotted(bytes)}/hook`,
  `http://${asInteger(bytes)}/hook`,
  `http://0x${asInteger(bytes).toString(16)}/hook`,
  `https://${bytes.map((byte) => `0${byte.toString(8)}`).join('.')}:8443/hook`,
  `http://[::ffff:${dotted(bytes)}]/hook`,
];

const neverResolves = async (): Promise<readonly string[]> => {
  throw new Error('a literal address is not resolved');
};

describe('the SSRF policy, over generated addresses', () => {
  it('judges an IPv4 address carried in IPv6 as the address it carries', () => {
    fc.assert(
      fc.property(ipv4, (bytes) => {
        const kind = classifyAddress(dotted(bytes));
        expect(kind).toBeDefined();
        for (const carrier of carriers(bytes))
          expect([carrier, classifyAddress(carrier)]).toEqual([carrier, kind]);
      }),
      PARAMETERS,
    );
  });

  it('refuses a webhook URL to a non-public IPv4 address however its host is spelled, and only then', async () => {
    await fc.assert(
      fc.asyncProperty(ipv4, async (bytes) => {
        const isPublic = classifyAddress(dotted(bytes)) === 'public';
        for (const url of urlSpellings(bytes)) {
          const problem = await privateTargetProblem(url, neverResolves);
          expect([url, problem === undefined]).toEqual([url, isPublic]);
        }
      }),
      PARAMETERS,
    );
  });

  it('refuses a host name when any one of its addresses is not public', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(ipv4, { minLength: 1, maxLength: 4 }), async (addresses) => {
        const texts = addresses.map(dotted);
        const problem = await privateTargetProblem('https://hooks.example.org/in', async () => texts);
        const allPublic = texts.every((text) => classifyAddress(text) === 'public');
        expect(problem === undefined).toBe(allPublic);
      }),
      PARAMETERS,
    );
  });
});
