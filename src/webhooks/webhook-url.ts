// Where a webhook may POST: http or https only, and never to loopback,
// private, link-local or otherwise internal addresses (server-side request
// forgery) unless WEBHOOK_ALLOW_PRIVATE says so. Names are checked when the
// subscription is saved (literal addresses, localhost) and again at delivery,
// where every address the name resolves to is checked before connecting.
import { BlockList, isIP } from 'node:net';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { AppError } from '../domain/errors.ts';

const internal = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 3],
] as const) internal.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96]] as const) {
  internal.addSubnet(net, prefix, 'ipv6');
}

/** Is this IP address loopback, private, link-local, multicast or reserved? */
export function isInternalAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isInternalAddress(mapped[1]!);
  const family = isIP(address);
  if (family === 0) return true;
  return internal.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

/** Parses and checks a subscription URL; refuses with WEBHOOK_URL_REFUSED (400) and why. */
export function checkWebhookUrl(raw: string, allowPrivate: boolean): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('WEBHOOK_URL_REFUSED', 'not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AppError('WEBHOOK_URL_REFUSED', 'only http and https URLs');
  if (url.username || url.password) throw new AppError('WEBHOOK_URL_REFUSED', 'no credentials in the URL: the signature authenticates Amends');
  const host = hostOf(url);
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) !== 0 && isInternalAddress(host)))) {
    throw new AppError('WEBHOOK_URL_REFUSED', 'loopback and private addresses are refused (WEBHOOK_ALLOW_PRIVATE allows them)');
  }
  return url.toString();
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for http.request that refuses names resolving to internal addresses (DNS rebinding). */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    dnsLookup(hostname, { all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const bad = addresses.find((a) => isInternalAddress(a.address));
      if (bad && !allowPrivate) {
        return callback(Object.assign(new Error(`${hostname} resolves to an internal address (${bad.address})`), { code: 'EINTERNAL' }), []);
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}
