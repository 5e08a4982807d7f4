import { describe, expect, it } from 'vitest';
import { canDiscuss, canEditBriefings, canModerateComments, isRole, rolesUpTo } from './roles';

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

describe(canDiscuss.name, () => {
  it('lets members and above discuss, and viewers only read', () => {
    expect(canDiscuss('viewer')).toBe(false);
    expect(canDiscuss('member')).toBe(true);
    expect(canDiscuss('admin')).toBe(true);
  });
});

describe(canModerateComments.name, () => {
  it('lets editors and admins change anyone’s comment, not members', () => {
    expect(canModerateComments('member')).toBe(false);
    expect(canModerateComments('editor')).toBe(true);
    expect(canModerateComments('admin')).toBe(true);
  });
});
