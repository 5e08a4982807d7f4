import { Writable } from 'node:stream';
import { pino } from 'pino';
import { PinoNestLogger } from './logger.js';

function capture() {
  const lines: Array<{ level: number; msg: string; context?: string }> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as (typeof lines)[number]);
      done();
    },
  });
  return { lines, logger: new PinoNestLogger(pino({ level: 'info' }, stream)) };
}

describe('PinoNestLogger', () => {
  it("keeps Nest's route-mapping and module lines out of info (issue 17)", async () => {
    const { lines, logger } = capture();
    logger.log('Mapped {/api/health, GET} route', 'RouterExplorer');
    logger.log('HealthController {/api}:', 'RoutesResolver');
    logger.log('AppModule dependencies initialized', 'InstanceLoader');
    logger.log('Nest application successfully started', 'NestApplication');
    logger.log('Reindex finished', 'SearchIndexer');
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.map((line) => line.msg)).toEqual(['Reindex finished']);
    expect(lines[0]).toMatchObject({ level: 30, context: 'SearchIndexer' });
  });

  it('still writes warnings and errors from any context', async () => {
    const { lines, logger } = capture();
    logger.warn('slow route', 'RouterExplorer');
    logger.error('failed', 'stack here', 'InstanceLoader');
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.map((line) => line.level)).toEqual([40, 50]);
  });
});
