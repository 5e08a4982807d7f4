import { randomUUID } from 'node:crypto';
import { anAuth, FakeRealtime, injected } from '../../test/support/unit.js';
import type { Reader } from '../access/visibility.js';
import type { RealtimeGateway } from '../realtime/realtime.gateway.js';
import type { NotificationRow, NotificationsRepository } from './notifications.repository.js';
import { NotificationsService } from './notifications.service.js';

function aNotification(createdAt: string): NotificationRow {
  return {
    id: randomUUID(),
    kind: 'mention',
    thread: { id: randomUUID(), title: 'T' },
    commentId: randomUUID(),
    actor: null,
    createdAt,
    readAt: null,
  };
}

/**
 * Unread counts per user and per effective admin flag: an admin reading through a lower token
 * counts fewer (the SQL visibility rule, tested on PostgreSQL, is what decides which).
 */
class FakeNotificationsRepository implements Pick<
  NotificationsRepository,
  'list' | 'unreadCount' | 'unreadCounts' | 'markRead' | 'markThreadRead' | 'excerpts'
> {
  rows: NotificationRow[] = [];
  readonly inPerson = new Map<string, number>();
  readonly asNonAdmin = new Map<string, number>();
  readonly marked: Array<{ reader: Reader; ids: string[] | 'all' }> = [];
  markedInThread = 0;
  countQueries = 0;

  list(_reader: Reader, _unreadOnly: boolean, limit: number): Promise<NotificationRow[]> {
    return Promise.resolve(this.rows.slice(0, limit));
  }

  unreadCount(reader: Reader): Promise<number> {
    const counts = reader.admin ? this.inPerson : this.asNonAdmin;
    return Promise.resolve(counts.get(reader.id) ?? this.inPerson.get(reader.id) ?? 0);
  }

  unreadCounts(userIds: string[]): Promise<Map<string, number>> {
    this.countQueries += 1;
    return Promise.resolve(new Map(userIds.map((id) => [id, this.inPerson.get(id) ?? 0])));
  }

  markRead(reader: Reader, ids: string[] | 'all'): Promise<void> {
    this.marked.push({ reader, ids });
    return Promise.resolve();
  }

  excerpts(commentIds: string[]): Promise<Map<string, string>> {
    return Promise.resolve(new Map(commentIds.map((id) => [id, `said in ${id}`])));
  }

  markThreadRead(): Promise<number> {
    return Promise.resolve(this.markedInThread);
  }
}

describe(NotificationsService.name, () => {
  let sut: NotificationsService;
  let notifications: FakeNotificationsRepository;
  let realtime: FakeRealtime;

  beforeEach(() => {
    notifications = new FakeNotificationsRepository();
    realtime = new FakeRealtime();
    sut = new NotificationsService(
      injected<NotificationsRepository>(notifications),
      injected<RealtimeGateway>(realtime),
    );
  });

  afterEach(() => sut.onModuleDestroy());

  it('pages with a cursor only when there is more', async () => {
    notifications.rows = ['03', '02', '01'].map((day) =>
      aNotification(`2026-05-${day}T00:00:00.000Z`),
    );
    const first = await sut.list(anAuth(), false, undefined, 2);
    expect(first.notifications).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const all = await sut.list(anAuth(), false, undefined, 3);
    expect(all.nextCursor).toBeNull();
  });

  it('refuses a cursor that is not one it made', async () => {
    await expect(sut.list(anAuth(), false, 'not-a-cursor')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it("marks read as the caller reads and tells the user's sockets their own count", async () => {
    const auth = anAuth('member');
    notifications.inPerson.set(auth.user.id, 4);
    await expect(sut.markRead(auth, 'all')).resolves.toEqual({ unreadCount: 4 });
    expect(notifications.marked).toEqual([
      { reader: { id: auth.user.id, admin: false }, ids: 'all' },
    ]);
    expect(realtime.sent).toEqual([
      { to: `user:${auth.user.id}`, type: 'notification.read', payload: { unreadCount: 4 } },
    ]);
  });

  it('answers an admin reading through a lower token with the count that token may see', async () => {
    const auth = anAuth('admin', { tokenCeiling: 'editor' });
    notifications.inPerson.set(auth.user.id, 5);
    notifications.asNonAdmin.set(auth.user.id, 2);
    await expect(sut.markRead(auth, [randomUUID()])).resolves.toEqual({ unreadCount: 2 });
    expect(notifications.marked[0].reader).toEqual({ id: auth.user.id, admin: false });
    // the sockets read in person, as the admin
    expect(realtime.sent[0].payload).toEqual({ unreadCount: 5 });
  });

  it('marking a thread read pushes a count only when something was marked', async () => {
    const userId = randomUUID();
    await sut.markThreadRead(userId, randomUUID(), 3);
    expect(realtime.sent).toEqual([]);
    notifications.markedInThread = 2;
    await sut.markThreadRead(userId, randomUUID(), 3);
    expect(realtime.sent).toHaveLength(1);
  });

  it('batches pushes: one count query for everyone notified within the interval', async () => {
    jest.useFakeTimers();
    try {
      const [ann, bob] = [randomUUID(), randomUUID()];
      notifications.inPerson.set(ann, 1).set(bob, 2);
      const about = {
        thread: { id: randomUUID(), title: 'T' },
        commentId: randomUUID(),
        actor: null,
      };
      const row = (userId: string) => ({
        id: randomUUID(),
        userId,
        kind: 'reply' as const,
        createdAt: new Date().toISOString(),
      });
      sut.publish([row(ann)], about);
      sut.publish([row(bob), row(ann)], about);
      expect(realtime.sent).toEqual([]);
      await jest.runOnlyPendingTimersAsync();
      expect(notifications.countQueries).toBe(1);
      expect(
        realtime.sent.map((sent) => [
          sent.to,
          (sent.payload as { unreadCount: number }).unreadCount,
        ]),
      ).toEqual([
        [`user:${ann}`, 1],
        [`user:${bob}`, 2],
        [`user:${ann}`, 1],
      ]);
    } finally {
      jest.useRealTimers();
    }
  });
});
