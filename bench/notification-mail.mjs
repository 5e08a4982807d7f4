// Notification e-mail, end to end through a real server process: a member is @mentioned (one
// comment at a time, each waiting for its mail) and a local SMTP server (smtp-server) receives
// the e-mail; p50/p95 from the comment's POST to the end of the mail's DATA at the SMTP server.
// Usage: npm run build first; node bench/notification-mail.mjs [mentions=50]
import { readFileSync } from 'node:fs';
import { SMTPServer } from 'smtp-server';
import { signIn, startApi } from './lib/api-process.mjs';
import { percentile } from './lib/stats.mjs';
import { inviteTeam } from './lib/team.mjs';

const [mentions = 50] = process.argv.slice(2).map(Number);
const sample = readFileSync(
  new URL('../api/samples/daily-sync-2026-05-07.txt', import.meta.url),
  'utf8',
);

let onMail = () => undefined;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, _session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      onMail(Buffer.concat(chunks).toString('utf8'), performance.now());
      callback();
    });
  },
});
await new Promise((resolve) => smtp.listen(0, '127.0.0.1', resolve));

const api = await startApi({
  port: 3132,
  env: {
    SMTP_URL: `smtp://127.0.0.1:${smtp.server.address().port}`,
    MAIL_FROM: 'Briefroom <briefroom@bench.test>',
    MEILI_URL: process.env.TEST_MEILI_URL,
    MEILI_MASTER_KEY: process.env.TEST_MEILI_MASTER_KEY,
    SEARCH_INDEX_PREFIX: `bench_mail_${Date.now()}`,
    COMMENT_RATE_LIMIT_PER_MINUTE: '100000',
  },
});
try {
  const token = await signIn(api.url);
  const call = async (method, path, body, bearer = token) => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const briefing = await call('POST', '/api/briefings/import', { content: sample, format: 'text' });
  const threadId = briefing.sections.find((section) => section.discussion).discussion.threadId;
  const [memberToken] = await inviteTeam(api.url, token, 1, { role: 'member', prefix: 'mail' });
  const member = (await call('GET', '/api/auth/me', undefined, memberToken)).user;

  const latencies = [];
  for (let i = 0; i < mentions; i += 1) {
    const marker = `bench-mention-${i}-${Date.now()}`;
    const arrived = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`mention ${i} was never mailed`)), 30_000);
      onMail = (raw, at) => {
        if (!raw.includes(marker)) return;
        clearTimeout(timer);
        resolve(at);
      };
    });
    const started = performance.now();
    await call('POST', `/api/threads/${threadId}/comments`, {
      body: `@${member.handle} ${marker}`,
    });
    latencies.push((await arrived) - started);
  }
  latencies.sort((a, b) => a - b);
  console.log(
    `mention → e-mail handed to SMTP (${mentions} sequential): p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms, max ${latencies.at(-1).toFixed(0)} ms`,
  );
} finally {
  await api.stop();
  smtp.close();
}
