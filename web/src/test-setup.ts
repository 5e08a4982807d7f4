import { afterEach } from 'vitest';

// `npm test` runs vitest with --no-isolate: the test files of one worker share a single jsdom
// document. Testing Library unmounts what it rendered; anything a test appended by hand must go
// too, or the next file's `queryByRole` finds it.
// Files that run in the node environment have no document.
afterEach(() => {
  if (typeof document !== 'undefined') document.body.innerHTML = '';
});
