import { SecretBox } from './secret-box.js';

describe(SecretBox.name, () => {
  const key = Buffer.alloc(32, 7);

  it('seals with a key so the stored text holds no secret, and opens it again', () => {
    const sealed = new SecretBox(key).seal('JBSWY3DPEHPK3PXP');
    expect(sealed).toMatch(/^gcm:/);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(new SecretBox(key).open(sealed)).toBe('JBSWY3DPEHPK3PXP');
  });

  it('keeps secrets unsealed without a key, and still opens them once a key is set', () => {
    const plain = new SecretBox(undefined).seal('JBSWY3DPEHPK3PXP');
    expect(plain).toBe('plain:JBSWY3DPEHPK3PXP');
    expect(new SecretBox(key).open(plain)).toBe('JBSWY3DPEHPK3PXP');
  });

  it('refuses a sealed secret under another key or no key, and a tampered one', () => {
    const sealed = new SecretBox(key).seal('JBSWY3DPEHPK3PXP');
    expect(() => new SecretBox(Buffer.alloc(32, 8)).open(sealed)).toThrow();
    expect(() => new SecretBox(undefined).open(sealed)).toThrow(/TOTP_ENCRYPTION_KEY/);
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('AA') ? 'BB' : 'AA');
    expect(() => new SecretBox(key).open(tampered)).toThrow();
  });
});
