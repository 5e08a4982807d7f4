import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { bearer, createUser, expectError, type TestUser } from './support/factories.js';
import { sample, sampleOn, uniqueDate } from './support/samples.js';
import { createTestApp, type TestApp } from './support/test-app.js';

interface StancesEvent {
  decisionId: string;
  votingOpen: boolean;
  tally: Record<string, number>;
  stances: Array<{ user: { id: string }; stance: string; reason: string }>;
}

/** Issue 17: a proposed decision collects the team's stances (Loomio's proposals). */
describe('Decision stances', () => {
  let app: TestApp;
  let admin: TestUser;
  let editor: TestUser;
  let member: TestUser;
  let other: TestUser;
  let viewer: TestUser;
  let boardMember: TestUser;
  let boardThread: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    app = await createTestApp();
    admin = await createUser(app, 'admin');
    editor = await createUser(app, 'editor');
    member = await createUser(app, 'member');
    other = await createUser(app, 'member');
    viewer = await createUser(app, 'viewer');
    boardMember = await createUser(app, 'member');
    await app.http
      .post('/api/briefings/import')
      .set(bearer(editor))
      .set('Content-Type', 'text/plain')
      .send(sample)
      .expect(201);
    const board = await app.http
      .post('/api/admin/groups')
      .set(bearer(admin))
      .send({ name: 'Board' })
      .expect(201);
    await app.http
      .put(`/api/admin/groups/${board.body.group.id}/members`)
      .set(bearer(admin))
      .send({ userIds: [boardMember.id] })
      .expect(200);
    boardThread = (
      await app.http
        .post('/api/briefings/import')
        .set(bearer(admin))
        .send({
          content: sampleOn(uniqueDate()),
          visibility: 'restricted',
          groupIds: [board.body.group.id],
        })
        .expect(201)
    ).body.sections[0].discussion.threadId;
  });
  afterEach(() => sockets.splice(0).forEach((socket) => socket.close()));
  afterAll(async () => {
    await app.close();
  });

  const propose = async (user: TestUser, extra: object = {}) =>
    (
      await app.http
        .post('/api/decisions')
        .set(bearer(user))
        .send({ title: 'Offsite in Warsaw', statement: 'We meet in Warsaw in March.', ...extra })
        .expect(201)
    ).body as { id: string; tally: Record<string, number>; votingOpen: boolean };
  const stance = (user: TestUser, id: string, body: object) =>
    app.http.put(`/api/decisions/${id}/stance`).set(bearer(user)).send(body);

  it('collects one changeable stance per person, with a tally, who stood where and blocks first', async () => {
    const decision = await propose(member);
    expect(decision).toMatchObject({
      votingOpen: true,
      tally: { agree: 0, abstain: 0, disagree: 0, block: 0 },
      decidedTally: null,
      closesAt: null,
    });
    await stance(member, decision.id, { stance: 'agree' }).expect(200);
    await stance(other, decision.id, { stance: 'disagree', reason: 'Too cold.' }).expect(200);
    const changed = await stance(other, decision.id, {
      stance: 'block',
      reason: '  Visa issues for two people.  ',
    }).expect(200);
    expect(changed.body.tally).toEqual({ agree: 1, abstain: 0, disagree: 0, block: 1 });
    expect(changed.body.stances).toEqual([
      expect.objectContaining({
        user: expect.objectContaining({ id: other.id }),
        stance: 'block',
        reason: 'Visa issues for two people.',
      }),
      expect.objectContaining({ user: expect.objectContaining({ id: member.id }), reason: '' }),
    ]);
    // Everyone who may read it sees the tally and the stances; lists carry the tally.
    const read = await app.http
      .get(`/api/decisions/${decision.id}`)
      .set(bearer(viewer))
      .expect(200);
    expect(read.body.stances).toHaveLength(2);
    const listed = await app.http
      .get('/api/decisions?status=proposed')
      .set(bearer(viewer))
      .expect(200);
    expect(listed.body.decisions.find((d: { id: string }) => d.id === decision.id).tally).toEqual({
      agree: 1,
      abstain: 0,
      disagree: 0,
      block: 1,
    });
    const withdrawn = await app.http
      .delete(`/api/decisions/${decision.id}/stance`)
      .set(bearer(member))
      .expect(200);
    expect(withdrawn.body.tally).toEqual({ agree: 0, abstain: 0, disagree: 0, block: 1 });
  });

  it('records the tally when the editor accepts, then takes no more stances', async () => {
    const decision = await propose(member);
    await stance(member, decision.id, { stance: 'agree' }).expect(200);
    await stance(other, decision.id, { stance: 'abstain' }).expect(200);
    const accepted = await app.http
      .patch(`/api/decisions/${decision.id}`)
      .set(bearer(editor))
      .send({ status: 'accepted' })
      .expect(200);
    expect(accepted.body).toMatchObject({
      status: 'accepted',
      votingOpen: false,
      decidedTally: { agree: 1, abstain: 1, disagree: 0, block: 0 },
    });
    expectError(await stance(other, decision.id, { stance: 'block' }), 409, 'CONFLICT');
    expectError(
      await app.http.delete(`/api/decisions/${decision.id}/stance`).set(bearer(member)),
      409,
      'CONFLICT',
    );
    const after = await app.http
      .get(`/api/decisions/${decision.id}`)
      .set(bearer(viewer))
      .expect(200);
    expect(after.body.tally).toEqual({ agree: 1, abstain: 1, disagree: 0, block: 0 });
  });

  it('takes stances until the closing time only', async () => {
    const closesAt = new Date(Date.now() + 3_600_000).toISOString();
    const decision = await propose(member, { closesAt });
    expect(decision.votingOpen).toBe(true);
    expect(Date.parse((decision as unknown as { closesAt: string }).closesAt)).toBe(
      Date.parse(closesAt),
    );
    await stance(member, decision.id, { stance: 'agree' }).expect(200);
    // The closing time passes.
    const client = new pg.Client({ connectionString: app.databaseUrl });
    await client.connect();
    try {
      await client.query(
        `UPDATE decision SET closes_at = now() - interval '1 minute' WHERE id = $1`,
        [decision.id],
      );
    } finally {
      await client.end();
    }
    expectError(await stance(other, decision.id, { stance: 'agree' }), 409, 'CONFLICT');
    const closed = await app.http
      .get(`/api/decisions/${decision.id}`)
      .set(bearer(viewer))
      .expect(200);
    expect(closed.body).toMatchObject({ votingOpen: false, tally: { agree: 1 } });
  });

  it('refuses viewers, strangers to restricted briefings and bad input, changing nothing', async () => {
    const decision = await propose(member);
    expectError(await stance(viewer, decision.id, { stance: 'agree' }), 403, 'FORBIDDEN');
    for (const body of [
      {},
      { stance: 'maybe' },
      { stance: 'agree', reason: 'x'.repeat(1001) },
      { stance: 'agree', reason: 7 },
      { stance: ['agree'] },
    ])
      expectError(await stance(member, decision.id, body), 400, 'VALIDATION_FAILED');
    expectError(
      await stance(member, '00000000-0000-4000-8000-000000000000', { stance: 'agree' }),
      404,
      'NOT_FOUND',
    );
    expectError(await stance(member, 'not-a-uuid', { stance: 'agree' }), 400, 'VALIDATION_FAILED');
    for (const closesAt of ['2020-01-01T00:00:00Z', 'tomorrow', '2027-13-45T00:00:00Z'])
      expectError(
        await app.http
          .post('/api/decisions')
          .set(bearer(member))
          .send({ title: 'T', statement: 'S', closesAt }),
        400,
        'VALIDATION_FAILED',
      );
    const secret = await propose(boardMember, { threadId: boardThread });
    expectError(await stance(member, secret.id, { stance: 'block' }), 404, 'NOT_FOUND');
    await stance(boardMember, secret.id, { stance: 'agree' }).expect(200);
    const untouched = await app.http
      .get(`/api/decisions/${decision.id}`)
      .set(bearer(viewer))
      .expect(200);
    expect(untouched.body.stances).toEqual([]);
  });

  function subscribed(user: TestUser): Promise<StancesEvent[]> {
    return new Promise((resolve, reject) => {
      const socket = io(app.baseUrl, {
        path: '/socket.io',
        transports: ['websocket'],
        auth: { token: user.token },
        reconnection: false,
      });
      sockets.push(socket);
      const received: StancesEvent[] = [];
      socket.on('decision.stances', (event: StancesEvent) => received.push(event));
      socket.once('connect_error', reject);
      socket.once('connect', () => {
        void socket
          .timeout(5_000)
          .emitWithAck('actions:subscribe')
          .then(() => resolve(received), reject);
      });
    });
  }

  const until = async (check: () => boolean) => {
    const deadline = Date.now() + 5_000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error('timed out waiting for socket events');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  it('sends decision.stances live, and only to those who may read the decision', async () => {
    const insider = await subscribed(boardMember);
    const outsider = await subscribed(member);
    const secret = await propose(boardMember, { threadId: boardThread });
    await stance(boardMember, secret.id, { stance: 'block', reason: 'Not yet.' }).expect(200);
    // A team decision last: once the outsider has it, anything they were going to get has arrived.
    const team = await propose(editor);
    await stance(editor, team.id, { stance: 'agree' }).expect(200);
    await until(
      () =>
        outsider.some((event) => event.decisionId === team.id) &&
        insider.some((event) => event.decisionId === team.id) &&
        insider.some((event) => event.decisionId === secret.id),
    );
    expect(insider.find((event) => event.decisionId === secret.id)).toMatchObject({
      votingOpen: true,
      tally: { agree: 0, abstain: 0, disagree: 0, block: 1 },
      stances: [expect.objectContaining({ stance: 'block', reason: 'Not yet.' })],
    });
    expect(outsider.map((event) => event.decisionId)).toEqual([team.id]);
  });
});
