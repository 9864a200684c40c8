/**
 * Which network addresses a webhook may reach in production (SSRF): only public unicast ones.
 * Loopback, private, shared (CGNAT), link-local, unique-local, unspecified, multicast and
 * reserved ranges are refused, IPv4 and IPv6 alike, and an IPv4 address carried inside an
 * IPv6 one (mapped `::ffff:a.b.c.d`, compatible `::a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4
 * `2002::/16`) is judged as the IPv4 address it carries.
 */
import { isIP } from 'node:net';

export type AddressClass =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'shared'
  | 'link-local'
  | 'unique-local'
  | 'multicast'
  | 'reserved';

type Range = readonly [prefix: readonly number[], bits: number, kind: AddressClass];

const IPV4_RANGES: readonly Range[] = [
  [[0], 8, 'unspecified'],
  [[10], 8, 'private'],
  [[100, 64], 10, 'shared'],
  [[127], 8, 'loopback'],
  [[169, 254], 16, 'link-local'],
  [[172, 16], 12, 'private'],
  [[192, 0, 0], 24, 'reserved'],
  [[192, 0, 2], 24, 'reserved'],
  [[192, 168], 16, 'private'],
  [[198, 18], 15, 'reserved'],
  [[198, 51, 100], 24, 'reserved'],
  [[203, 0, 113], 24, 'reserved'],
  [[224], 4, 'multicast'],
  [[240], 4, 'reserved'],
];

const IPV6_RANGES: readonly Range[] = [
  [[0xfe, 0x80], 10, 'link-local'],
  [[0xfe, 0xc0], 10, 'private'],
  [[0xfc], 7, 'unique-local'],
  [[0xff], 8, 'multicast'],
  [[0x20, 0x01, 0x0d, 0xb8], 32, 'reserved'],
  [[0x01, 0x00, 0, 0, 0, 0, 0, 0], 64, 'reserved'],
];

/** The class of an IP address (IPv4 or IPv6 text); undefined when it is not an IP address. */
export function classifyAddress(address: string): AddressClass | undefined {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const version = isIP(bare);
  if (version === 4) return classifyIpv4(ipv4Bytes(bare));
  if (version === 6) return classifyIpv6(ipv6Bytes(bare));
  return undefined;
}

/** Whether a webhook may be delivered to this address in production. */
export function isPublicAddress(address: string): boolean {
  return classifyAddress(address) === 'public';
}

function classifyIpv4(bytes: readonly number[]): AddressClass {
  if (bytes.every((byte) => byte === 255)) return 'reserved';
  return matchRange(bytes, IPV4_RANGES) ?? 'public';
}

function classifyIpv6(bytes: readonly number[]): AddressClass {
  const zeros = (from: number, to: number): boolean => bytes.slice(from, to).every((byte) => byte === 0);
  if (zeros(0, 15) && bytes[15] === 0) return 'unspecified';
  if (zeros(0, 15) && bytes[15] === 1) return 'loopback';
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, deprecated) carry an IPv4 address.
  if (zeros(0, 10) && ((bytes[10] === 0xff && bytes[11] === 0xff) || zeros(10, 12))) {
    return classifyIpv4(bytes.slice(12));
  }
  // NAT64 (64:ff9b::/96) reaches the IPv4 address in its last 32 bits.
  if (bytes[0] === 0 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zeros(4, 12)) {
    return classifyIpv4(bytes.slice(12));
  }
  // 6to4 (2002::/16) tunnels to the IPv4 address in bits 16..47.
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return classifyIpv4(bytes.slice(2, 6));
  return matchRange(bytes, IPV6_RANGES) ?? 'public';
}

function matchRange(bytes: readonly number[], ranges: readonly Range[]): AddressClass | undefined {
  for (const [prefix, bits, kind] of ranges) {
    let remaining = bits;
    let matches = true;
    for (let i = 0; remaining > 0; i++, remaining -= 8) {
      const mask = remaining >= 8 ? 0xff : (0xff << (8 - remaining)) & 0xff;
      if (((bytes[i] ?? 0) & mask) !== ((prefix[i] ?? 0) & mask)) {
        matches = false;
        break;
      }
    }
    if (matches) return kind;
  }
  return undefined;
}

function ipv4Bytes(address: string): number[] {
  return address.split('.').map(Number);
}

/** The 16 bytes of a valid IPv6 address (net.isIP checked it), zone id dropped. */
function ipv6Bytes(address: string): number[] {
  let text = address.split('%')[0]!.toLowerCase();
  // A dotted IPv4 tail (`::ffff:127.0.0.1`) is two groups written another way.
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted !== null) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const groups = (part: string): number[] =>
    part === '' ? [] : part.split(':').map((group) => Number.parseInt(group, 16));
  const [head, tail] = text.includes('::') ? (text.split('::') as [string, string]) : [text, undefined];
  const front = groups(head);
  const back = tail === undefined ? [] : groups(tail);
  const all = [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
  return all.flatMap((group) => [group >> 8, group & 0xff]);
}
