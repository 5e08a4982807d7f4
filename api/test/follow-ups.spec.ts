import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bearer, createUser, expectError, type TestUser } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const sample = readFileSync(join(__dirname, '../samples/daily-sync-2026-05-07.txt'), 'utf8');

interface Briefing {
  id: string;
  sections: Array<{ items: Array<{ id: string }>; discussion: { threadId: string } | null }>;
}

const ids = (body: { actions?: Array<{ id: string }>; decisions?: Array<{ id: string }> }) =>
  (body.actions ?? body.decisions ?? []).map((row) => row.id);

describe('Follow-up visibility, filters and the follow-ups of a briefing', () => {
  let app: TestApp;
  let admin: TestUser;
  let editor: TestUser;
  let insider: TestUser;
  let outsider: TestUser;
  let viewer: TestUser;
  let older: Briefing; // May 1, tags security + infra
  let today: Briefing; // May 7, tag security
  let hiring: Briefing; // April 20, tag hiring
  let secret: Briefing; // June 1, restricted to the Board group, tag security
  const action: Record<string, string> = {};
  let secretDecision: string;
  let teamDecision: string;
  let olderComment: string;

  async function importBriefing(
    date: string,
    tags: string[],
    restrictedTo?: string,
  ): Promise<Briefing> {
    const body = await app.http
      .post('/api/briefings/import')
      .set(bearer(admin))
      .send({
        content: sample.replaceAll('May 7, 2026', date),
        ...(restrictedTo ? { visibility: 'restricted', groupIds: [restrictedTo] } : {}),
      })
      .expect(201);
    await app.http
      .patch(`/api/briefings/${body.body.id}`)
      .set(bearer(admin))
      .send({ tags })
      .expect(200);
    return body.body;
  }

  async function createAction(
    user: TestUser,
    body: Record<string, unknown>,
    status?: string,
  ): Promise<string> {
    const created = await app.http.post('/api/actions').set(bearer(user)).send(body).expect(201);
    if (status)
      await app.http
        .patch(`/api/actions/${created.body.id}`)
        .set(bearer(user))
        .send({ status })
        .expect(200);
    return created.body.id;
  }

  beforeAll(async () => {
    app = await createTestApp({ REMINDER_INTERVAL_SECONDS: '0' });
    admin = await createUser(app, 'admin');
    editor = await createUser(app, 'editor');
    insider = await createUser(app, 'member');
    outsider = await createUser(app, 'member');
    viewer = await createUser(app, 'viewer');
    const group = (
      await app.http
        .post('/api/admin/groups')
        .set(bearer(admin))
        .send({ name: 'Board' })
        .expect(201)
    ).body.group;
    await app.http
      .put(`/api/admin/groups/${group.id}/members`)
      .set(bearer(admin))
      .send({ userIds: [insider.id] })
      .expect(200);
    older = await importBriefing('May 1, 2026', ['security', 'infra']);
    today = await importBriefing('May 7, 2026', ['security']);
    hiring = await importBriefing('April 20, 2026', ['hiring']);
    secret = await importBriefing('June 1, 2026', ['security'], group.id);

    const olderThread = older.sections[0].discussion!.threadId;
    olderComment = (
      await app.http
        .post(`/api/threads/${olderThread}/comments`)
        .set(bearer(insider))
        .send({ body: 'We should rotate the vendor keys.' })
        .expect(201)
    ).body.id;

    action.overdue = await createAction(editor, {
      title: 'Overdue from an item',
      dueOn: '2020-01-01',
      links: [{ type: 'item', id: older.sections[0].items[0].id }],
    });
    action.fromComment = await createAction(
      insider,
      {
        title: 'Rotate vendor keys',
        ownerId: insider.id,
        dueOn: '2099-03-01',
        links: [{ type: 'comment', id: olderComment }],
      },
      'in_progress',
    );
    action.done = await createAction(
      editor,
      { title: 'Done already', links: [{ type: 'briefing', id: older.id }] },
      'done',
    );
    action.hiring = await createAction(editor, {
      title: 'Hire an SRE',
      links: [{ type: 'briefing', id: hiring.id }],
    });
    action.sameDay = await createAction(editor, {
      title: 'From today',
      links: [{ type: 'item', id: today.sections[0].items[0].id }],
    });
    // The outsider owned it while in the Board group, then left the group (owners must read what they own).
    const boardMembers = (userIds: string[]) =>
      app.http
        .put(`/api/admin/groups/${group.id}/members`)
        .set(bearer(admin))
        .send({ userIds })
        .expect(200);
    await boardMembers([insider.id, outsider.id]);
    action.secret = await createAction(insider, {
      title: 'Board-only plan',
      ownerId: outsider.id,
      dueOn: '2099-01-01',
      links: [{ type: 'discussion', id: secret.sections[0].discussion!.threadId }],
    });
    await boardMembers([insider.id]);
    action.mixed = await createAction(insider, {
      title: 'Half secret',
      dueOn: '2099-02-01',
      links: [
        { type: 'briefing', id: older.id },
        { type: 'item', id: secret.sections[1].items[0].id },
      ],
    });
    secretDecision = (
      await app.http
        .post('/api/decisions')
        .set(bearer(insider))
        .send({
          title: 'Board decision',
          statement: 'Sell the division.',
          threadId: secret.sections[0].discussion!.threadId,
        })
        .expect(201)
    ).body.id;
    teamDecision = (
      await app.http
        .post('/api/decisions')
        .set(bearer(insider))
        .send({
          title: 'Rotate keys quarterly',
          statement: 'Quarterly.',
          commentId: olderComment,
          links: [{ type: 'action', id: action.fromComment }],
        })
        .expect(201)
    ).body.id;
    await app.http
      .patch(`/api/decisions/${teamDecision}`)
      .set(bearer(editor))
      .send({ status: 'accepted' })
      .expect(200);
  });
  afterAll(async () => {
    await app.close();
  });

  describe('visibility', () => {
    it('hides an action tied to a restricted briefing from outsiders: 404 on get and patch', async () => {
      await app.http.get(`/api/actions/${action.secret}`).set(bearer(insider)).expect(200);
      await app.http.get(`/api/actions/${action.secret}`).set(bearer(admin)).expect(200);
      expectError(
        await app.http.get(`/api/actions/${action.secret}`).set(bearer(outsider)),
        404,
        'NOT_FOUND',
      );
      expectError(
        await app.http.get(`/api/actions/${action.mixed}`).set(bearer(viewer)),
        404,
        'NOT_FOUND',
      );
      expectError(
        await app.http
          .patch(`/api/actions/${action.secret}`)
          .set(bearer(outsider))
          .send({ status: 'done' }),
        404,
        'NOT_FOUND',
      );
      const unchanged = await app.http
        .get(`/api/actions/${action.secret}`)
        .set(bearer(insider))
        .expect(200);
      expect(unchanged.body.status).toBe('open');
    });

    it('leaves them out of lists, exports and the calendar feed', async () => {
      const everything = await app.http
        .get('/api/actions?limit=200')
        .set(bearer(outsider))
        .expect(200);
      expect(ids(everything.body)).not.toContain(action.secret);
      expect(ids(everything.body)).not.toContain(action.mixed);
      expect(ids(everything.body)).toContain(action.overdue);
      const insiderList = await app.http
        .get('/api/actions?limit=200')
        .set(bearer(insider))
        .expect(200);
      expect(ids(insiderList.body)).toEqual(
        expect.arrayContaining([action.secret, action.mixed, action.overdue]),
      );

      const csv = await app.http.get('/api/actions/export.csv').set(bearer(outsider)).expect(200);
      expect(csv.text).not.toContain('Board-only plan');
      expect(csv.text).not.toContain('Half secret');
      expect(csv.text).toContain('Overdue from an item');
      const insiderCsv = await app.http
        .get('/api/actions/export.csv')
        .set(bearer(insider))
        .expect(200);
      expect(insiderCsv.text).toContain('Board-only plan');

      // The outsider owns the secret action but may not read it: their calendar leaves it out.
      const feed = await app.http
        .post('/api/actions/calendar-feed')
        .set(bearer(outsider))
        .expect(201);
      const calendar = await app.http.get(feed.body.url).expect(200);
      expect(calendar.text).toContain('BEGIN:VCALENDAR');
      expect(calendar.text).not.toContain('Board-only plan');
    });

    it('hides restricted decisions and links to hidden things, and refuses linking to them', async () => {
      expectError(
        await app.http.get(`/api/decisions/${secretDecision}`).set(bearer(outsider)),
        404,
        'NOT_FOUND',
      );
      await app.http.get(`/api/decisions/${secretDecision}`).set(bearer(insider)).expect(200);
      const outsiderLog = await app.http.get('/api/decisions').set(bearer(outsider)).expect(200);
      expect(ids(outsiderLog.body)).toEqual([teamDecision]);
      const insiderLog = await app.http.get('/api/decisions').set(bearer(insider)).expect(200);
      expect(ids(insiderLog.body)).toEqual([teamDecision, secretDecision]);

      const linked = await app.http
        .post('/api/actions')
        .set(bearer(insider))
        .send({
          title: 'Carry out both',
          links: [
            { type: 'decision', id: secretDecision },
            { type: 'decision', id: teamDecision },
          ],
        })
        .expect(201);
      action.carry = linked.body.id;
      const seenByOutsider = await app.http
        .get(`/api/actions/${linked.body.id}`)
        .set(bearer(outsider))
        .expect(200);
      expect(seenByOutsider.body.links).toEqual([
        {
          type: 'decision',
          id: teamDecision,
          title: 'Rotate keys quarterly',
          url: `/decisions/${teamDecision}`,
        },
      ]);
      const before = ids(
        (await app.http.get('/api/actions?limit=200').set(bearer(outsider)).expect(200)).body,
      ).length;
      const refused = await app.http
        .post('/api/actions')
        .set(bearer(outsider))
        .send({ title: 'Peek', links: [{ type: 'action', id: action.secret }] });
      expectError(refused, 400, 'VALIDATION_FAILED');
      expect(refused.body.error.details.missing).toEqual([{ type: 'action', id: action.secret }]);
      expect(
        ids((await app.http.get('/api/actions?limit=200').set(bearer(outsider)).expect(200)).body),
      ).toHaveLength(before);
    });
  });

  describe('action filters', () => {
    it('filters by tag of the briefings an action is tied to, directly or through items and comments', async () => {
      const hiringOnly = await app.http
        .get('/api/actions?tag=hiring')
        .set(bearer(viewer))
        .expect(200);
      expect(ids(hiringOnly.body)).toEqual([action.hiring]);
      const security = await app.http
        .get('/api/actions?tag=Security&sort=created&limit=200')
        .set(bearer(outsider))
        .expect(200);
      expect(new Set(ids(security.body))).toEqual(
        new Set([action.overdue, action.fromComment, action.done, action.sameDay]),
      );
      const insiderSecurity = await app.http
        .get('/api/actions?tag=security,hiring&status=open&limit=200')
        .set(bearer(insider))
        .expect(200);
      expect(new Set(ids(insiderSecurity.body))).toEqual(
        new Set([action.overdue, action.hiring, action.sameDay, action.secret, action.mixed]),
      );
    });

    it('lists the actions of a source: item, comment, discussion (with its comments), briefing, decision', async () => {
      const olderThread = older.sections[0].discussion!.threadId;
      const byItem = await app.http
        .get(`/api/actions?linkType=item&linkId=${older.sections[0].items[0].id}`)
        .set(bearer(viewer))
        .expect(200);
      expect(ids(byItem.body)).toEqual([action.overdue]);
      const byComment = await app.http
        .get(`/api/actions?linkType=comment&linkId=${olderComment}`)
        .set(bearer(viewer))
        .expect(200);
      expect(ids(byComment.body)).toEqual([action.fromComment]);
      const byThread = await app.http
        .get(`/api/actions?linkType=discussion&linkId=${olderThread}`)
        .set(bearer(viewer))
        .expect(200);
      expect(ids(byThread.body)).toEqual([action.fromComment]);
      const byBriefing = await app.http
        .get(`/api/actions?linkType=briefing&linkId=${older.id}&sort=created`)
        .set(bearer(insider))
        .expect(200);
      expect(ids(byBriefing.body)).toEqual([action.mixed, action.done]);
      const inBriefing = await app.http
        .get(`/api/actions?briefingId=${older.id}&sort=created`)
        .set(bearer(viewer))
        .expect(200);
      expect(ids(inBriefing.body)).toEqual([action.done, action.fromComment, action.overdue]);
      // The decision links to the action: the decision's page lists it.
      const byDecision = await app.http
        .get(`/api/actions?linkType=decision&linkId=${teamDecision}`)
        .set(bearer(viewer))
        .expect(200);
      expect(ids(byDecision.body)).toEqual([action.fromComment, action.carry]);
    });

    it('sorts by due date, priority and creation', async () => {
      const due = await app.http
        .get('/api/actions?status=open,in_progress&limit=200')
        .set(bearer(insider))
        .expect(200);
      const dueDates = due.body.actions.map((a: { dueOn: string | null }) => a.dueOn);
      const dated = dueDates.filter(Boolean);
      expect(dated).toEqual([...dated].sort());
      expect(dueDates.indexOf(null)).toBeGreaterThan(dueDates.lastIndexOf(dated.at(-1)));
      await app.http
        .patch(`/api/actions/${action.hiring}`)
        .set(bearer(editor))
        .send({ priority: 'urgent' })
        .expect(200);
      const byPriority = await app.http
        .get('/api/actions?sort=priority&limit=1')
        .set(bearer(viewer))
        .expect(200);
      expect(ids(byPriority.body)).toEqual([action.hiring]);
    });

    it('refuses bad filters with 400', async () => {
      for (const query of [
        `linkType=item`,
        `linkId=${older.id}`,
        `linkType=planet&linkId=${older.id}`,
        'dueFrom=2026-02-30',
        'dueTo=tomorrow',
        'sort=random',
        'limit=0',
      ]) {
        expectError(
          await app.http.get(`/api/actions?${query}`).set(bearer(viewer)),
          400,
          'VALIDATION_FAILED',
        );
      }
      const before = ids(
        (await app.http.get('/api/actions?limit=200').set(bearer(viewer)).expect(200)).body,
      ).length;
      expectError(
        await app.http
          .post('/api/actions')
          .set(bearer(editor))
          .send({ title: 'x', dueOn: '2026-02-30' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(
        ids((await app.http.get('/api/actions?limit=200').set(bearer(viewer)).expect(200)).body),
      ).toHaveLength(before);
    });
  });

  describe('decision filters', () => {
    it('filters the decision log by status, tag, decided dates, decider, thread and link', async () => {
      const decidedOn = (
        await app.http.get(`/api/decisions/${teamDecision}`).set(bearer(viewer)).expect(200)
      ).body.decidedOn as string;
      const cases: Array<[string, TestUser, string[]]> = [
        ['status=accepted', insider, [teamDecision]],
        ['status=proposed', insider, [secretDecision]],
        ['tag=infra', insider, [teamDecision]],
        ['tag=security', outsider, [teamDecision]],
        ['tag=security', insider, [teamDecision, secretDecision]],
        ['tag=hiring', insider, []],
        [`decidedFrom=${decidedOn}&decidedTo=${decidedOn}`, insider, [teamDecision]],
        ['decidedTo=2000-01-01', insider, []],
        [`decidedBy=${editor.id}`, insider, [teamDecision]],
        [`decidedBy=${insider.id}`, insider, []],
        [`threadId=${older.sections[0].discussion!.threadId}`, viewer, [teamDecision]],
        [`threadId=${secret.sections[0].discussion!.threadId}`, outsider, []],
        [`threadId=${secret.sections[0].discussion!.threadId}`, insider, [secretDecision]],
        [`linkType=comment&linkId=${olderComment}`, viewer, [teamDecision]],
        [`linkType=action&linkId=${action.fromComment}`, viewer, [teamDecision]],
        ['sort=decided&limit=1', insider, [teamDecision]],
      ];
      for (const [query, user, expected] of cases) {
        const response = await app.http.get(`/api/decisions?${query}`).set(bearer(user));
        expect({ query, status: response.status, ids: ids(response.body) }).toEqual({
          query,
          status: 200,
          ids: expected,
        });
      }
    });

    it('refuses bad decision filters with 400', async () => {
      for (const query of [
        'decidedFrom=yesterday',
        'decidedTo=2026-13-01',
        'decidedBy=someone',
        'threadId=nope',
        'linkType=decision',
        'sort=alphabetical',
      ]) {
        expectError(
          await app.http.get(`/api/decisions?${query}`).set(bearer(viewer)),
          400,
          'VALIDATION_FAILED',
        );
      }
    });
  });

  describe('GET /briefings/:id/follow-ups', () => {
    it('shows the open actions of earlier briefings sharing a tag, overdue first, then by due date', async () => {
      const response = await app.http
        .get(`/api/briefings/${today.id}/follow-ups`)
        .set(bearer(outsider))
        .expect(200);
      expect(ids(response.body)).toEqual([action.overdue, action.fromComment]);
      expect(response.body.actions[0]).toMatchObject({
        title: 'Overdue from an item',
        overdue: true,
        briefings: [{ id: older.id, publishedOn: '2026-05-01' }],
      });
      const insiderView = await app.http
        .get(`/api/briefings/${today.id}/follow-ups`)
        .set(bearer(insider))
        .expect(200);
      expect(ids(insiderView.body)).toEqual([action.overdue, action.mixed, action.fromComment]);
      // The restricted June briefing: everything open from May on the same topic, not its own.
      const later = await app.http
        .get(`/api/briefings/${secret.id}/follow-ups`)
        .set(bearer(insider))
        .expect(200);
      expect(ids(later.body)).toEqual([
        action.overdue,
        action.mixed,
        action.fromComment,
        action.sameDay,
      ]);
      const none = await app.http
        .get(`/api/briefings/${hiring.id}/follow-ups`)
        .set(bearer(viewer))
        .expect(200);
      expect(none.body).toEqual({ actions: [] });
    });

    it('is a 404 for a briefing the caller may not read or that does not exist, and 400 for a bad id', async () => {
      expectError(
        await app.http.get(`/api/briefings/${secret.id}/follow-ups`).set(bearer(outsider)),
        404,
        'NOT_FOUND',
      );
      expectError(
        await app.http
          .get('/api/briefings/00000000-0000-4000-8000-000000000000/follow-ups')
          .set(bearer(viewer)),
        404,
        'NOT_FOUND',
      );
      expectError(
        await app.http.get('/api/briefings/not-an-id/follow-ups').set(bearer(viewer)),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await app.http.get(`/api/briefings/${today.id}/follow-ups`),
        401,
        'UNAUTHENTICATED',
      );
    });
  });
});
