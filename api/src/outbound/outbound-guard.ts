import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { buildConnector } from 'undici';
import { DomainError } from '../common/errors/domain-error.js';
import { canonicalAddress, isPublicAddress } from './address-policy.js';
import { BlockedAddressError, notAllowed } from './outbound-error.js';

/** Resolves a host name to every address it has (the system resolver by default; tests map names). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/** `host:port` as the allowlist spells it: lower case, IPv6 compressed in brackets. */
function hostPortKey(hostname: string, port: number): string {
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  const address = isIP(bare) ? canonicalAddress(bare) : null;
  const host = address ? (address.includes(':') ? `[${address}]` : address) : bare.toLowerCase();
  return `${host}:${port}`;
}

/**
 * The SSRF policy of every outbound request (URL import, feeds, webhooks): http and https only,
 * no credentials in the URL, and no connection to a loopback, private, link-local, metadata or
 * otherwise non-public address — judged on the address actually connected to, after DNS, so a
 * name that resolves (or re-resolves, DNS rebinding) to an internal address is refused too.
 * `host:port`s on the allowlist (OUTBOUND_ALLOWLIST) skip the address check.
 */
export class OutboundGuard {
  private readonly allowed: ReadonlySet<string>;

  constructor(
    allowlist: readonly string[],
    private readonly resolve: Resolver = systemResolver,
  ) {
    this.allowed = new Set(
      allowlist.map((entry) => {
        const url = new URL(`http://${entry}`);
        return hostPortKey(url.hostname, Number(url.port || 80));
      }),
    );
  }

  /** Whether `hostname:port` is on the allowlist. */
  isAllowlisted(hostname: string, port: number): boolean {
    return this.allowed.has(hostPortKey(hostname, port));
  }

  /**
   * The URL parsed and checked before any request: scheme, credentials, and a host that is an IP
   * literal. Names are judged when connecting (see `connector`), or by `checkDestination`.
   */
  checkUrl(raw: string | URL): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new DomainError('VALIDATION_FAILED', 'url must be an absolute http or https URL.');
    }
    const defaultPort = DEFAULT_PORTS[url.protocol];
    if (defaultPort === undefined) {
      throw notAllowed(`Only http and https URLs can be fetched, not ${url.protocol}.`);
    }
    if (url.username !== '' || url.password !== '') {
      throw notAllowed('A URL with a user name or password in it is not fetched.');
    }
    const port = Number(url.port || defaultPort);
    const bare = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    if (isIP(bare) && !isPublicAddress(bare) && !this.isAllowlisted(url.hostname, port)) {
      throw notAllowed(refusal(url.hostname));
    }
    return url;
  }

  /**
   * `checkUrl` plus the host name's addresses now (a subscription refuses an internal feed when
   * it is added). A name that does not resolve passes: the fetch will say so.
   */
  async checkDestination(raw: string | URL): Promise<URL> {
    const url = this.checkUrl(raw);
    const port = Number(url.port || DEFAULT_PORTS[url.protocol]);
    if (isIP(url.hostname.replace(/^\[|\]$/g, '')) || this.isAllowlisted(url.hostname, port))
      return url;
    const addresses = await this.resolve(url.hostname).catch(() => []);
    if (addresses.some((entry) => !isPublicAddress(entry.address))) {
      throw notAllowed(refusal(url.hostname));
    }
    return url;
  }

  /**
   * An undici connector that applies the policy to each new connection: allowlisted `host:port`s
   * connect as asked; IP literals must be public; names go through a DNS lookup that fails when
   * any of their addresses is not public, so the socket only ever connects to checked addresses.
   */
  connector(options: buildConnector.BuildOptions = {}): buildConnector.connector {
    const guarded = buildConnector({ ...options, lookup: this.lookup });
    const direct = buildConnector(options);
    return (target, callback) => {
      const port = Number(target.port) || DEFAULT_PORTS[target.protocol] || 80;
      if (this.isAllowlisted(target.hostname, port)) return direct(target, callback);
      if (isIP(target.hostname)) {
        if (!isPublicAddress(target.hostname))
          return callback(new BlockedAddressError(target.hostname), null);
        return direct(target, callback);
      }
      return guarded(target, callback);
    };
  }

  /** A `net.connect` lookup that refuses a name with any non-public address. */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
    this.resolve(hostname).then(
      (found) => {
        if (found.some((entry) => !isPublicAddress(entry.address))) {
          callback(new BlockedAddressError(hostname), '');
          return;
        }
        const addresses = family ? found.filter((entry) => entry.family === family) : found;
        const [first] = addresses;
        if (!first) {
          callback(
            Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
              code: 'ENOTFOUND',
              hostname,
            }),
            '',
          );
        } else if (options.all) callback(null, addresses);
        else callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}

/** The sentence of a refusal; it never names the address a name resolved to. */
export function refusal(hostname: string): string {
  const subject = isIP(hostname.replace(/^\[|\]$/g, ''))
    ? `${hostname} is`
    : `${hostname} resolves to`;
  return `${subject} a loopback, private, link-local or metadata address, which Briefroom does not fetch.`;
}
