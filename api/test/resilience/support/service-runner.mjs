// Runs one embedded service (the launcher's own) for the fault drills, outside jest: prints
// {"url","masterKey"} on its first line, stops the service on SIGTERM, exits when it dies.
// Usage: node service-runner.mjs postgres|meilisearch <dataDir> <port>
import { startEmbeddedMeilisearch } from '../../../../infra/launcher/meilisearch.mjs';
import { startEmbeddedPostgres } from '../../../../infra/launcher/embedded-postgres.mjs';

const [kind, dataDir, port] = process.argv.slice(2);
const start = kind === 'postgres' ? startEmbeddedPostgres : startEmbeddedMeilisearch;
const service = await start({ dataDir, port: Number(port), maxIndexingMemory: '256MiB' });
console.log(JSON.stringify({ url: service.url, masterKey: service.masterKey ?? null }));
process.once('SIGTERM', () => void service.stop().then(() => process.exit(0)));
const { code, signal } = await service.exited;
console.error(`${kind} exited (${signal ?? code})`);
process.exit(1);
