import { canMove } from './action-status.js';
import { ACTION_STATUSES, type ActionStatus } from './actions.dto.js';

describe(canMove.name, () => {
  const finished: ActionStatus[] = ['done', 'cancelled'];
  const live: ActionStatus[] = ['open', 'in_progress', 'blocked'];

  it('lets a live action go anywhere', () => {
    for (const from of live)
      for (const to of ACTION_STATUSES)
        expect([from, to, canMove(from, to)]).toEqual([from, to, true]);
  });

  it('lets a finished action only be reopened (or stay as it is)', () => {
    for (const from of finished)
      for (const to of ACTION_STATUSES)
        expect([from, to, canMove(from, to)]).toEqual([from, to, to === 'open' || to === from]);
  });
});
