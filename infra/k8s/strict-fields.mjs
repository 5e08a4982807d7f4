// kubeconform's -strict for kubernetes-models: its validators accept fields no API version has
// (a typo like `readinesProbe` would pass silently). This walks a manifest beside the type
// declarations kubernetes-models ships (one interface per API type) and names every field that
// its type does not declare.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const cache = new Map();

/** The declared fields of the interface in one .d.ts file: name → type text, and its imports. */
function declaration(file) {
  let parsed = cache.get(file);
  if (parsed) return parsed;
  const text = readFileSync(file, 'utf8');
  const imports = new Map();
  for (const [, name, from] of text.matchAll(/import \{ (\w+) \} from "([^"]+)";/g))
    imports.set(
      name,
      from.startsWith('.') ? join(dirname(file), `${from}.d.ts`) : packageFile(from),
    );
  const body = /export interface I\w+(?: extends [\w, ]+)? \{([\s\S]*?)\n\}/.exec(text)?.[1] ?? '';
  const fields = new Map();
  for (const [, name, type] of body.matchAll(/^ {4}"([^"]+)"\??: (.+?);?$/gm))
    fields.set(name, type);
  const extendsTypeMeta = /export interface I\w+ extends TypeMeta/.test(text);
  if (extendsTypeMeta) fields.set('apiVersion', 'string').set('kind', 'string');
  parsed = { fields, imports };
  cache.set(file, parsed);
  return parsed;
}

function packageFile(specifier) {
  const [scope, name, ...rest] = specifier.split('/');
  const root = dirname(require.resolve(`${scope}/${name}/package.json`));
  return join(root, `${rest.join('/')}.d.ts`);
}

/** Where a declared type's own interface lives, when it is an object type of kubernetes-models. */
function nested(type, imports) {
  const array = /^Array<(\w+)>$/.exec(type);
  const name = array ? array[1] : /^(\w+)$/.exec(type)?.[1];
  const file = name ? imports.get(name) : undefined;
  return file ? { file, array: Boolean(array) } : undefined;
}

/** Every field path in `object` that the type declared in `file` does not have. */
export function unknownFields(object, file, path = '') {
  const { fields, imports } = declaration(file);
  if (fields.size === 0) return []; // a scalar alias (Quantity, IntOrString) or free-form map
  const problems = [];
  for (const [key, value] of Object.entries(object)) {
    const type = fields.get(key);
    if (type === undefined) {
      problems.push(`${path}/${key}`);
      continue;
    }
    const inner = nested(type, imports);
    if (!inner || value === null || typeof value !== 'object') continue;
    const items = inner.array ? value : [value];
    items.forEach((item, i) => {
      if (item && typeof item === 'object' && !Array.isArray(item))
        problems.push(
          ...unknownFields(
            item,
            inner.file,
            inner.array ? `${path}/${key}/${i}` : `${path}/${key}`,
          ),
        );
    });
  }
  return problems;
}

/** The .d.ts of a top-level kind, e.g. ('apps/v1', 'Deployment'). */
export function kindFile(apiVersion, kind) {
  const group = apiVersion.includes('/') ? apiVersion : `v1`;
  const root = dirname(require.resolve('kubernetes-models/package.json'));
  return join(root, group === 'v1' ? 'v1' : group, `${kind}.d.ts`);
}
