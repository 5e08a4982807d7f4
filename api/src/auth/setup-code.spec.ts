import { generateSetupCode, normalizeSetupCode, setupCodeHash } from './setup-code.js';

describe('setup codes', () => {
  it('are six dash-separated groups of four base32 characters, different each time', () => {
    const codes = new Set(Array.from({ length: 50 }, () => generateSetupCode()));
    expect(codes.size).toBe(50);
    for (const code of codes) expect(code).toMatch(/^([A-Z2-7]{4}-){5}[A-Z2-7]{4}$/);
  });

  it('match whatever the case, dashes and spaces', () => {
    const code = generateSetupCode();
    const typed = ` ${code.toLowerCase().replaceAll('-', ' ')} `;
    expect(normalizeSetupCode(typed)).toBe(code.replaceAll('-', ''));
    expect(setupCodeHash(typed)).toBe(setupCodeHash(code));
    expect(setupCodeHash(code)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('never give an empty code a hash', () => {
    expect(setupCodeHash('')).toBeUndefined();
    expect(setupCodeHash(' - - ')).toBeUndefined();
  });
});
