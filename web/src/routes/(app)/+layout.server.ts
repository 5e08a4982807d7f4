import { requireUser } from '$lib/server/access';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = (event) => {
  return { user: requireUser(event) };
};
