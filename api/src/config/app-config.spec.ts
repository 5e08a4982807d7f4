import { ConfigError, loadConfig } from './app-config.js';

const base = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/briefroom' };

describe(loadConfig.name, () => {
  it('applies defaults for a minimal environment', () => {
    const sut = loadConfig(base);
    expect(sut).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      logLevel: 'info',
      sessionTtlDays: 30,
      passwordHash: { memoryKib: 65_536, timeCost: 3, parallelism: 4 },
      meili: undefined,
      admin: undefined,
    });
    expect(sut.publicUrl.origin).toBe('http://localhost:3000');
  });

  it('reads every documented variable', () => {
    const sut = loadConfig({
      ...base,
      PORT: '8080',
      PUBLIC_URL: 'https://brief.example.com',
      MEILI_URL: 'http://127.0.0.1:7700/',
      MEILI_MASTER_KEY: 'k',
      REDIS_URL: 'redis://127.0.0.1:6379',
      ADMIN_EMAIL: 'Boss@Example.com',
      ADMIN_PASSWORD: 'a-long-password',
      LOG_LEVEL: 'WARN',
      TRUST_PROXY: 'true',
    });
    expect(sut).toMatchObject({
      port: 8080,
      meili: { url: 'http://127.0.0.1:7700', masterKey: 'k' },
      redisUrl: 'redis://127.0.0.1:6379',
      admin: { email: 'boss@example.com', password: 'a-long-password' },
      logLevel: 'warn',
      trustProxy: true,
    });
    expect(sut.publicUrl.origin).toBe('https://brief.example.com');
  });

  it.each([
    [{}, /DATABASE_URL is not set/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must start with postgres:\/\//],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL must be a URL/],
    [{ ...base, PORT: 'eighty' }, /PORT must be a whole number/],
    [{ ...base, PORT: '70000' }, /PORT must be a whole number from 0 to 65535/],
    [{ ...base, MEILI_URL: 'ftp://x' }, /MEILI_URL must start with http:\/\/ or https:\/\//],
    [{ ...base, MEILI_MASTER_KEY: 'k' }, /MEILI_MASTER_KEY is set but MEILI_URL is not/],
    [
      { ...base, ADMIN_EMAIL: 'a@example.com' },
      /ADMIN_EMAIL and ADMIN_PASSWORD must be set together/,
    ],
    [
      { ...base, ADMIN_EMAIL: 'nope', ADMIN_PASSWORD: 'a-long-password' },
      /ADMIN_EMAIL must be an email address/,
    ],
    [
      { ...base, ADMIN_EMAIL: 'a@example.com', ADMIN_PASSWORD: 'short' },
      /ADMIN_PASSWORD must be at least 10/,
    ],
    [{ ...base, LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ ...base, TRUST_PROXY: 'maybe' }, /TRUST_PROXY must be true or false/],
    [{ ...base, REDIS_URL: 'http://x' }, /REDIS_URL must start with redis:\/\//],
    [{ ...base, ARGON2_MEMORY_KIB: '512' }, /ARGON2_MEMORY_KIB must be a whole number from 1024/],
    [{ ...base, ARGON2_TIME_COST: '0' }, /ARGON2_TIME_COST must be a whole number from 1/],
    [{ ...base, ARGON2_PARALLELISM: 'four' }, /ARGON2_PARALLELISM must be a whole number/],
  ])('refuses %j with a sentence naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never echoes a database password in its errors', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://user:hunter2@db/x' })).toThrow(/user:\*\*\*@/);
  });
});
