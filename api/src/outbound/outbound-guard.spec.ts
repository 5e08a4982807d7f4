import type { LookupAddress, LookupOptions } from 'node:dns';
import { OutboundError } from './outbound-error.js';
import { OutboundGuard, type Resolver } from './outbound-guard.js';

const resolver =
  (names: Record<string, string[]>): Resolver =>
  (hostname) => {
    const addresses = names[hostname];
    if (!addresses)
      return Promise.reject(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }));
    return Promise.resolve(
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );
  };

const NAMES = {
  'public.test': ['93.184.216.34', '2606:2800:220:1::1'],
  'intranet.test': ['10.0.0.7'],
  'mixed.test': ['93.184.216.34', '127.0.0.1'],
};

function refusedWith(run: () => unknown, code: string): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect((thrown as OutboundError | undefined)?.code).toBe(code);
}

function lookup(
  sut: OutboundGuard,
  hostname: string,
  options: LookupOptions & { all?: boolean },
): Promise<{ error: NodeJS.ErrnoException | null; result: unknown }> {
  return new Promise((resolve) =>
    sut.lookup(hostname, options, (error, address, family) =>
      resolve({ error, result: options.all ? address : { address, family } }),
    ),
  );
}

describe(OutboundGuard.name, () => {
  const sut = new OutboundGuard(['127.0.0.1:8080', 'wiki.internal:443'], resolver(NAMES));

  describe('checkUrl', () => {
    it('takes http and https URLs to public or allowlisted hosts', () => {
      expect(sut.checkUrl('https://example.com/a?b=1').href).toBe('https://example.com/a?b=1');
      expect(sut.checkUrl('http://127.0.0.1:8080/feed').host).toBe('127.0.0.1:8080');
      expect(sut.checkUrl('http://intranet.test/').hostname).toBe('intranet.test');
    });

    it.each([
      'http://127.0.0.1/',
      'http://127.0.0.1:8081/',
      'http://[::1]/',
      'http://169.254.169.254/latest/meta-data',
      'http://0.0.0.0/',
      'http://0x7f.1/',
      'http://[::ffff:a00:1]/',
      'file:///etc/passwd',
      'ftp://example.com/',
      'javascript:alert(1)',
      'http://user:pw@example.com/',
    ])('refuses %s with URL_NOT_ALLOWED', (url) => {
      refusedWith(() => sut.checkUrl(url), 'URL_NOT_ALLOWED');
    });

    it('answers VALIDATION_FAILED for something that is no URL', () => {
      refusedWith(() => sut.checkUrl('example.com/feed'), 'VALIDATION_FAILED');
    });
  });

  describe('checkDestination', () => {
    it('resolves names and refuses one with any internal address', async () => {
      await expect(sut.checkDestination('http://public.test/')).resolves.toBeInstanceOf(URL);
      await expect(sut.checkDestination('http://intranet.test/')).rejects.toMatchObject({
        code: 'URL_NOT_ALLOWED',
      });
      await expect(sut.checkDestination('http://mixed.test/')).rejects.toMatchObject({
        code: 'URL_NOT_ALLOWED',
        message: expect.not.stringContaining('127.0.0.1') as unknown,
      });
    });

    it('lets a name that does not resolve (yet) and an allowlisted name through', async () => {
      await expect(sut.checkDestination('http://nowhere.test/')).resolves.toBeInstanceOf(URL);
      await expect(sut.checkDestination('https://wiki.internal/')).resolves.toBeInstanceOf(URL);
    });
  });

  describe('lookup (used at connect time)', () => {
    it('answers the public addresses, one or all, of the family asked', async () => {
      await expect(lookup(sut, 'public.test', { all: true })).resolves.toEqual({
        error: null,
        result: [
          { address: '93.184.216.34', family: 4 },
          { address: '2606:2800:220:1::1', family: 6 },
        ] satisfies LookupAddress[],
      });
      await expect(lookup(sut, 'public.test', { family: 6 })).resolves.toEqual({
        error: null,
        result: { address: '2606:2800:220:1::1', family: 6 },
      });
    });

    it('fails for a name with an internal address, naming the host and not the address', async () => {
      const { error } = await lookup(sut, 'mixed.test', { all: true });

      expect(error).toMatchObject({ code: 'ERR_OUTBOUND_BLOCKED', hostname: 'mixed.test' });
      expect(error?.message).not.toContain('127.0.0.1');
    });

    it('passes the resolver’s own failure on', async () => {
      const { error } = await lookup(sut, 'nowhere.test', {});

      expect(error?.code).toBe('ENOTFOUND');
    });
  });
});
