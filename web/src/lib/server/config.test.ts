import { describe, expect, it } from 'vitest';
import { readWebConfig } from './config';

describe(readWebConfig.name, () => {
  it("falls back to the request origin, a 10 s timeout and the API's default PUBLIC_URL when nothing is set", () => {
    expect(readWebConfig({})).toEqual({
      apiInternalUrl: null,
      apiTimeoutMs: 10_000,
      publicUrl: new URL('http://localhost:3000'),
      pageServerSecret: null,
    });
    expect(readWebConfig({ PORT: '8080' }).publicUrl.href).toBe('http://localhost:8080/');
  });

  it("reads the page server's proof that the API set, and no proof from a blank value", () => {
    expect(readWebConfig({ BRIEFROOM_PAGE_SERVER_SECRET: 's3cret' }).pageServerSecret).toBe(
      's3cret',
    );
    expect(readWebConfig({ BRIEFROOM_PAGE_SERVER_SECRET: '  ' }).pageServerSecret).toBeNull();
  });

  it('reads PUBLIC_URL, which the request cannot tell behind a TLS-terminating proxy', () => {
    expect(readWebConfig({ PUBLIC_URL: ' https://briefroom.example.com ' }).publicUrl.href).toBe(
      'https://briefroom.example.com/',
    );
  });

  it.each([
    ['briefroom.example.com', /PUBLIC_URL must be an absolute URL/],
    ['ftp://briefroom.example.com', /PUBLIC_URL must use http or https/],
  ])('fails fast naming PUBLIC_URL for %j', (value, message) => {
    expect(() => readWebConfig({ PUBLIC_URL: value })).toThrow(message);
  });

  it('reads API_INTERNAL_URL as an origin', () => {
    const config = readWebConfig({
      API_INTERNAL_URL: 'http://127.0.0.1:3000',
      API_TIMEOUT_MS: '2500',
    });
    expect(config.apiInternalUrl?.origin).toBe('http://127.0.0.1:3000');
    expect(config.apiTimeoutMs).toBe(2500);
  });

  it.each([
    ['not a url', /API_INTERNAL_URL must be an absolute URL/],
    ['ftp://api:21', /API_INTERNAL_URL must use http or https/],
    ['http://api:3000/api', /API_INTERNAL_URL must be the API server's origin without a path/],
  ])('fails fast naming the variable for %j', (value, message) => {
    expect(() => readWebConfig({ API_INTERNAL_URL: value })).toThrow(message);
  });

  it('rejects a timeout that is not a positive whole number', () => {
    expect(() => readWebConfig({ API_TIMEOUT_MS: '-5' })).toThrow(/API_TIMEOUT_MS/);
  });
});
