import argon2 from 'argon2';
import { loadConfig } from '../config/app-config.js';
import { PasswordHasher } from './password-hasher.js';

const hasherWith = (env: Record<string, string>) =>
  new PasswordHasher(loadConfig({ DATABASE_URL: 'postgres://127.0.0.1/x', ...env }));

const cheap = { ARGON2_MEMORY_KIB: '1024', ARGON2_TIME_COST: '1', ARGON2_PARALLELISM: '1' };

describe(PasswordHasher.name, () => {
  it('hashes with argon2id at the configured cost, and verifies only the right password', async () => {
    const sut = hasherWith(cheap);
    const hash = await sut.hash('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=1024,p=1,t=1\$/);
    expect(await sut.verify(hash, 'correct horse battery')).toBe(true);
    expect(await sut.verify(hash, 'correct horse battery!')).toBe(false);
  });

  it('verifies a hash made at another cost, so changing ARGON2_* locks nobody out', async () => {
    const older = await argon2.hash('made at the defaults', { type: argon2.argon2id });
    expect(older).toMatch(/\$m=65536,p=4,t=3\$/);
    expect(await hasherWith(cheap).verify(older, 'made at the defaults')).toBe(true);
  });

  it('answers false, not an error, for no hash or a damaged one', async () => {
    const sut = hasherWith(cheap);
    expect(await sut.verify(null, 'anything')).toBe(false);
    expect(await sut.verify('not-a-hash', 'anything')).toBe(false);
    expect(await sut.verify('$argon2id$v=19$m=1024,p=1,t=1$AAAA$\u0000', 'anything')).toBe(false);
  });
});
