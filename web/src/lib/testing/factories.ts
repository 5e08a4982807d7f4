// Fixtures for tests: plausible API objects, each overridable field by field.
import type { ApiToken, Invite, User } from '$lib/api/types';
import type {
  Briefing,
  BriefingItem,
  BriefingSection,
  BriefingSummary,
  Group,
  ParsedBriefing,
} from '$lib/api/types';
import type { Comment, Notification, Person, Thread } from '$lib/api/types';

export function makeUser(overrides: Partial<User> = {}): User {
  return {
    id: '0b6c5a3e-5f43-4a43-9c55-7f6f0f0e2a11',
    email: 'ada@example.com',
    displayName: 'Ada Lovelace',
    handle: 'ada',
    role: 'member',
    active: true,
    createdAt: '2026-05-01T09:30:00.000Z',
    ...overrides,
  };
}

export function makeApiToken(overrides: Partial<ApiToken> = {}): ApiToken {
  return {
    id: '5d0f8f7e-1c1e-4a39-8d7c-0f2f8a5b9c01',
    name: 'Weekly report script',
    role: 'viewer',
    createdAt: '2026-05-02T08:00:00.000Z',
    lastUsedAt: null,
    expiresAt: '2026-06-01T08:00:00.000Z',
    ...overrides,
  };
}

export function makeInvite(overrides: Partial<Invite> = {}): Invite {
  return {
    id: '9a7e2b1c-3d4f-4e5a-8b6c-7d8e9f0a1b2c',
    email: 'grace@example.com',
    role: 'editor',
    createdAt: '2026-05-03T12:00:00.000Z',
    expiresAt: '2026-05-10T12:00:00.000Z',
    acceptedAt: null,
    ...overrides,
  };
}

export function makeGroup(overrides: Partial<Group> = {}): Group {
  return {
    id: '6f1d2c3b-4a59-4e7f-8a1b-2c3d4e5f6a70',
    name: 'Leadership',
    memberCount: 3,
    createdAt: '2026-05-01T12:00:00.000Z',
    ...overrides,
  };
}

export function makeItem(overrides: Partial<BriefingItem> = {}): BriefingItem {
  const url = overrides.url ?? null;
  return {
    id: 'b1a2c3d4-0000-4000-8000-000000000001',
    position: 0,
    title: 'AI infra meets energy and climate constraints',
    body: 'TSMC is leaning heavily into wind power as AI chip demand drives record energy usage.',
    url,
    // As the API sends it: every link of the item, the main `url` first.
    links: url ? [url] : [],
    threadId: null,
    ...overrides,
  };
}

export function makeSection(overrides: Partial<BriefingSection> = {}): BriefingSection {
  return {
    id: 'c1a2c3d4-0000-4000-8000-000000000001',
    position: 0,
    heading: 'Tech News',
    kind: 'items',
    body: null,
    items: [makeItem()],
    discussion: {
      id: 'd1a2c3d4-0000-4000-8000-000000000001',
      prompt:
        'Where are your AI infra plans out of sync with power, location, and security reality?',
      threadId: 'e1a2c3d4-0000-4000-8000-000000000001',
      commentCount: 3,
      state: 'open',
    },
    ...overrides,
  };
}

/** The 7 May 2026 Daily Sync, trimmed: news with a prompt, the takeaway, related reading. */
export function makeBriefing(overrides: Partial<Briefing> = {}): Briefing {
  return {
    id: 'a1a2c3d4-0000-4000-8000-000000000001',
    slug: 'daily-sync-2026-05-07',
    title: 'Daily Sync: May 7, 2026',
    series: 'Daily Sync',
    publishedOn: '2026-05-07',
    author: 'The CTO',
    readingMinutes: 6,
    tags: ['daily-sync'],
    summary: 'AI infra is colliding with power and security realities.',
    visibility: 'team',
    groups: [],
    sourceFormat: 'text',
    createdAt: '2026-05-07T07:00:00.000Z',
    updatedAt: '2026-05-07T07:00:00.000Z',
    readAt: null,
    sections: [
      makeSection(),
      makeSection({
        id: 'c1a2c3d4-0000-4000-8000-000000000002',
        position: 1,
        heading: 'CTO Takeaway',
        kind: 'takeaway',
        body: 'The throughline today is that AI is no longer a discrete capability.\n\nAs you plan the next 12–24 months, think less about adopting AI features.',
        items: [],
        discussion: null,
      }),
      makeSection({
        id: 'c1a2c3d4-0000-4000-8000-000000000003',
        position: 2,
        heading: 'Related Content',
        kind: 'related',
        items: [
          makeItem({
            id: 'b1a2c3d4-0000-4000-8000-000000000002',
            title: 'Resilience-by-Design Is the New Default',
            body: 'CTOs are entering a phase where resilience is no longer just an SRE concern.',
            url: 'https://briefings.example.com/resilience-by-design',
          }),
        ],
        discussion: null,
      }),
    ],
    ...overrides,
  };
}

export function makeBriefingSummary(overrides: Partial<BriefingSummary> = {}): BriefingSummary {
  return {
    id: 'a1a2c3d4-0000-4000-8000-000000000001',
    slug: 'daily-sync-2026-05-07',
    title: 'Daily Sync: May 7, 2026',
    series: 'Daily Sync',
    publishedOn: '2026-05-07',
    author: 'The CTO',
    readingMinutes: 6,
    tags: ['daily-sync', 'ai'],
    summary: 'AI infra is colliding with power and security realities.',
    visibility: 'team',
    promptCount: 4,
    commentCount: 12,
    newCommentCount: 0,
    unread: false,
    ...overrides,
  };
}

export function makeParsedBriefing(overrides: Partial<ParsedBriefing> = {}): ParsedBriefing {
  return {
    title: 'Daily Sync: May 7, 2026',
    slug: 'daily-sync-2026-05-07',
    series: 'Daily Sync',
    publishedOn: '2026-05-07',
    author: 'The CTO',
    readingMinutes: 6,
    tags: ['daily-sync'],
    summary: 'AI infra is colliding with power and security realities.',
    sections: [
      {
        heading: 'Tech News',
        kind: 'items',
        body: null,
        items: [
          {
            title: 'AI infra meets energy and climate constraints',
            body: '…',
            url: null,
            links: [],
          },
        ],
        discussion: { prompt: 'Where are your AI infra plans out of sync?' },
      },
      {
        heading: 'CTO Takeaway',
        kind: 'takeaway',
        body: 'One.\n\nTwo.',
        items: [],
        discussion: null,
      },
    ],
    assumed: [],
    changes: null,
    ...overrides,
  };
}

/** A JSON response as the API would send it. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export function contractError(
  status: number,
  code: string,
  message: string,
  details: unknown = null,
) {
  return jsonResponse(status, { error: { code, message, details } });
}

export function makePerson(overrides: Partial<Person> = {}): Person {
  return {
    id: '0b6c5a3e-5f43-4a43-9c55-7f6f0f0e2a11',
    displayName: 'Ada Lovelace',
    handle: 'ada',
    ...overrides,
  };
}

let commentSerial = 0;

/** A comment; give `seq` (and `parentId`) to build trees. Ids are unique unless given. */
export function makeComment(overrides: Partial<Comment> = {}): Comment {
  commentSerial++;
  const seq = overrides.seq ?? commentSerial;
  return {
    id: `c0000000-0000-4000-8000-${String(commentSerial).padStart(12, '0')}`,
    threadId: 'e1a2c3d4-0000-4000-8000-000000000001',
    parentId: null,
    seq,
    body: `Comment number ${seq}`,
    bodyHtml: `<p>Comment number ${seq}</p>`,
    author: makePerson(),
    createdAt: '2026-05-07T09:30:00.000Z',
    editedAt: null,
    deletedAt: null,
    reactions: [],
    ...overrides,
  };
}

export function makeThread(overrides: Partial<Thread> = {}): Thread {
  return {
    id: 'e1a2c3d4-0000-4000-8000-000000000001',
    briefing: {
      id: 'a1a2c3d4-0000-4000-8000-000000000001',
      slug: 'daily-sync-2026-05-07',
      title: 'Daily Sync: May 7, 2026',
      publishedOn: '2026-05-07',
    },
    prompt: {
      id: 'd1a2c3d4-0000-4000-8000-000000000001',
      prompt:
        'Where are your AI infra plans out of sync with power, location, and security reality?',
    },
    item: null,
    items: [
      {
        id: 'b1a2c3d4-0000-4000-8000-000000000001',
        title: 'AI infra meets energy and climate constraints',
        body: 'TSMC is leaning heavily into wind power as AI chip demand drives record energy usage.',
      },
    ],
    title: 'Where are your AI infra plans out of sync with power, location, and security reality?',
    shortTitle:
      'Where are your AI infra plans out of sync with power, location, and security reality?',
    state: 'open',
    outcome: null,
    lastSeq: 0,
    commentCount: 0,
    createdBy: null,
    following: false,
    lastReadSeq: null,
    createdAt: '2026-05-07T07:00:00.000Z',
    updatedAt: '2026-05-07T07:00:00.000Z',
    ...overrides,
  };
}

export function makeNotification(overrides: Partial<Notification> = {}): Notification {
  return {
    id: 'f1a2c3d4-0000-4000-8000-000000000001',
    kind: 'mention',
    thread: { id: 'e1a2c3d4-0000-4000-8000-000000000001', title: 'Where are your AI infra plans?' },
    commentId: 'c0000000-0000-4000-8000-000000000001',
    actor: makePerson({
      id: 'aaaaaaaa-0000-4000-8000-000000000002',
      displayName: 'Mia Chen',
      handle: 'mia',
    }),
    createdAt: '2026-05-07T09:30:00.000Z',
    readAt: null,
    ...overrides,
  };
}
