/** Production entry (Docker): reads the environment, serves, and drains on SIGTERM/SIGINT. */
import { startServer } from './server.js';

async function main(): Promise<void> {
  const server = await startServer();
  console.log(JSON.stringify({ level: 30, msg: `Briefroom is listening on ${server.url}` }));
  const stop = (signal: string) => {
    const started = Date.now();
    console.log(JSON.stringify({ level: 30, msg: `${signal}: draining requests and sockets` }));
    // close() is bounded (5 s for requests in flight); this only guards against a hook that hangs
    const force = setTimeout(() => {
      console.error(JSON.stringify({ level: 50, msg: 'Shutdown took over 15 s; exiting anyway' }));
      process.exit(1);
    }, 15_000);
    force.unref();
    server.close().then(
      () => {
        console.log(JSON.stringify({ level: 30, msg: `Stopped in ${Date.now() - started} ms` }));
        process.exit(0);
      },
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: Error & { code?: string }) => {
  if (error.name === 'ConfigError') console.error(error.message);
  else if (error.code === 'EADDRINUSE')
    console.error(
      `Port ${process.env.PORT ?? 3000} is already in use: stop the other process or set PORT.`,
    );
  else console.error(error);
  process.exit(1);
});
