import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import config, { ANNOUNCER_STYLE_HASH } from '../svelte.config.js';

const directives = config.kit?.csp?.directives ?? {};

describe('Content-Security-Policy', () => {
  it('allows scripts, styles and connections from this origin only, with no inline escape hatch', () => {
    expect(config.kit?.csp?.mode).toBe('auto');
    expect(directives['default-src']).toEqual(['self']);
    expect(directives['script-src']).toEqual(['self']);
    expect(directives['style-src']).toEqual(['self']);
    expect(directives['connect-src']).toEqual(['self']);
    // Images in comments come from https only (the renderer shows no other), lazily, without a referrer.
    expect(directives['img-src']).toEqual(['self', 'data:', 'https:']);
    expect(directives['object-src']).toEqual(['none']);
    expect(directives['base-uri']).toEqual(['self']);
    expect(directives['form-action']).toEqual(['self']);
    expect(directives['frame-ancestors']).toEqual(['none']);
    const everySource = Object.values(directives).flat();
    expect(everySource).not.toContain('unsafe-inline');
    expect(everySource).not.toContain('unsafe-eval');
  });

  it('hashes exactly the inline style of the installed SvelteKit route announcer', () => {
    // If a SvelteKit upgrade changes the announcer, update ANNOUNCER_STYLE_HASH in svelte.config.js.
    const kitPackage = createRequire(import.meta.url).resolve('@sveltejs/kit/package.json');
    const writeRoot = readFileSync(
      join(dirname(kitPackage), 'src/core/sync/write_root.js'),
      'utf8',
    );
    const style = writeRoot.match(/id="svelte-announcer"[^>]*\sstyle="([^"]*)"/)?.[1];
    expect(style, 'announcer markup not found in SvelteKit').toBeDefined();

    const hash = `sha256-${createHash('sha256')
      .update(style ?? '')
      .digest('base64')}`;
    expect(ANNOUNCER_STYLE_HASH).toBe(hash);
    expect(directives['style-src-attr']).toEqual(['unsafe-hashes', hash]);
  });
});
