import { anAuth } from '../../test/support/unit.js';
import { readerOf } from './visibility.js';

// The SQL rule itself runs on PostgreSQL (api/test/briefing-import-access, token-ceiling);
// here: who the rule is asked about.
describe(readerOf.name, () => {
  it('reads an admin in person as an admin', () => {
    const auth = anAuth('admin');
    expect(readerOf(auth)).toEqual({ id: auth.user.id, admin: true });
  });

  it.each(['viewer', 'member', 'editor'] as const)(
    'reads an admin through a %s token as a non-admin (the token ceiling limits reading)',
    (ceiling) => {
      expect(readerOf(anAuth('admin', { tokenCeiling: ceiling })).admin).toBe(false);
    },
  );

  it.each(['viewer', 'member', 'editor'] as const)('never reads a %s as an admin', (role) => {
    expect(readerOf(anAuth(role)).admin).toBe(false);
    expect(readerOf(anAuth(role, { tokenCeiling: 'admin' })).admin).toBe(false);
  });
});
