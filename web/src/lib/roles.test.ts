import { describe, expect, it } from 'vitest';
import { canEditBriefings, isRole, rolesUpTo } from './roles';

describe(rolesUpTo.name, () => {
  it('offers only roles at or below the ceiling', () => {
    expect(rolesUpTo('viewer')).toEqual(['viewer']);
    expect(rolesUpTo('editor')).toEqual(['viewer', 'member', 'editor']);
    expect(rolesUpTo('admin')).toEqual(['viewer', 'member', 'editor', 'admin']);
  });
});

describe(isRole.name, () => {
  it('accepts the four roles and nothing else', () => {
    expect(isRole('member')).toBe(true);
    expect(isRole('owner')).toBe(false);
    expect(isRole('Admin')).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });
});

describe(canEditBriefings.name, () => {
  it('lets editors and admins edit briefings, not members or viewers', () => {
    expect(canEditBriefings('viewer')).toBe(false);
    expect(canEditBriefings('member')).toBe(false);
    expect(canEditBriefings('editor')).toBe(true);
    expect(canEditBriefings('admin')).toBe(true);
  });
});
