import { requireAdmin } from '$lib/server/access';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = (event) => {
  requireAdmin(event);
};
