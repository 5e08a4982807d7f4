import { randomUUID } from 'node:crypto';
import { anAuth, domainError, injected } from '../../test/support/unit.js';
import type { Reader } from '../access/visibility.js';
import type { AuthContext } from '../auth/auth-context.js';
import type { AuthService } from '../auth/auth.service.js';
import type { OutboundFetcher } from '../outbound/outbound-fetcher.js';
import type { BriefingParser } from './briefing-parser.js';
import type {
  BriefingRow,
  BriefingsRepository,
  ImportInput,
  ImportOutcome,
  StructureRows,
} from './briefings.repository.js';
import { BriefingsService, MAX_BRIEFING_BYTES } from './briefings.service.js';
import { BriefingParseError, parseBriefings, sniffFormat } from './parsing/index.js';

const DOCUMENT = `# Daily Sync: May 7, 2026

## Tech News

### AI infra meets energy constraints
TSMC is leaning heavily on new fabs.

Discussion: Where are your AI infra plans?
`;

/**
 * Briefings in memory. `readable` stands in for the SQL visibility rule (tested on PostgreSQL):
 * team briefings for all, restricted ones for admins and members of one of their groups.
 */
class FakeBriefingsRepository implements Pick<
  BriefingsRepository,
  | 'findVisible'
  | 'findReadable'
  | 'structure'
  | 'importAll'
  | 'updateMetadata'
  | 'groupMembership'
  | 'markRead'
  | 'delete'
> {
  readonly rows = new Map<string, BriefingRow>();
  readonly groupMembers = new Map<string, Set<string>>();
  readonly imported: ImportInput[] = [];
  readonly deleted: string[] = [];
  readonly metadata: Array<{ id: string; groupIds: string[] | undefined }> = [];
  titleTaken = false;

  addGroup(...members: string[]): string {
    const id = randomUUID();
    this.groupMembers.set(id, new Set(members));
    return id;
  }

  add(overrides: Partial<BriefingRow> = {}): BriefingRow {
    const id = randomUUID();
    const row: BriefingRow = {
      id,
      slug: `daily-${id.slice(0, 8)}`,
      title: 'Daily Sync',
      series: null,
      publishedOn: '2026-05-07',
      author: null,
      readingMinutes: null,
      summary: null,
      visibility: 'team',
      sourceFormat: 'markdown',
      createdAt: new Date('2026-05-07T00:00:00Z'),
      updatedAt: new Date('2026-05-07T00:00:00Z'),
      tags: [],
      groups: [],
      readAt: null,
      ...overrides,
    };
    this.rows.set(id, row);
    return row;
  }

  private readable(reader: Reader | null, row: BriefingRow): boolean {
    return (
      !reader ||
      reader.admin ||
      row.visibility === 'team' ||
      row.groups.some((group) => this.groupMembers.get(group.id)?.has(reader.id))
    );
  }

  findVisible(auth: AuthContext, id: string) {
    return this.findReadable({ id: auth.user.id, admin: auth.role === 'admin' }, id);
  }

  findReadable(reader: Reader | null, id: string) {
    const row = this.rows.get(id);
    return Promise.resolve(row && this.readable(reader, row) ? row : undefined);
  }

  structure(): Promise<StructureRows> {
    return Promise.resolve({ sections: [], items: [], prompts: [] });
  }

  importAll(inputs: ImportInput[]): Promise<ImportOutcome[]> {
    this.imported.push(...inputs);
    return Promise.resolve(
      inputs.map((input) => {
        const row = this.add({
          title: input.parsed.title,
          visibility: input.visibility,
          groups: input.groupIds.map((id) => ({ id, name: 'G' })),
        });
        return { id: row.id, created: true, changed: true };
      }),
    );
  }

  updateMetadata(
    id: string,
    changes: { visibility?: BriefingRow['visibility'] },
    _tags: string[] | undefined,
    groupIds: string[] | undefined,
  ): Promise<boolean> {
    if (this.titleTaken) return Promise.resolve(false);
    this.metadata.push({ id, groupIds });
    const row = this.rows.get(id)!;
    if (changes.visibility) row.visibility = changes.visibility;
    if (groupIds) row.groups = groupIds.map((group) => ({ id: group, name: 'G' }));
    return Promise.resolve(true);
  }

  groupMembership(groupIds: string[], userId: string | null) {
    return Promise.resolve(
      [...new Set(groupIds)]
        .filter((id) => this.groupMembers.has(id))
        .map((id) => ({ id, member: Boolean(userId && this.groupMembers.get(id)!.has(userId)) })),
    );
  }

  markRead(): Promise<void> {
    return Promise.resolve();
  }

  delete(id: string): Promise<boolean> {
    this.deleted.push(id);
    return Promise.resolve(this.rows.delete(id));
  }
}

/** The pure parser in-process: the worker pool around it is the integration tier's business. */
const parser: Pick<BriefingParser, 'parse'> = {
  parse: (content, format) =>
    Promise.resolve({
      briefings: parseBriefings(content, format),
      sourceFormat: format ?? sniffFormat(content) ?? 'text',
    }),
};

describe(BriefingsService.name, () => {
  let sut: BriefingsService;
  let briefings: FakeBriefingsRepository;
  let accessChanged: string[];

  let fetched: string[];

  beforeEach(() => {
    briefings = new FakeBriefingsRepository();
    accessChanged = [];
    const auth: Pick<AuthService, 'briefingAccessChanged'> = {
      briefingAccessChanged: (id) => {
        accessChanged.push(id);
        return Promise.resolve();
      },
    };
    fetched = [];
    const fetcher: Pick<OutboundFetcher, 'fetch'> = {
      fetch: (url) => {
        fetched.push(String(url));
        return Promise.resolve({
          bytes: Buffer.from(DOCUMENT),
          contentType: 'text/markdown; charset=utf-8',
          finalUrl: 'https://news.example/daily/',
          status: 200,
          etag: null,
          lastModified: null,
        } as Awaited<ReturnType<OutboundFetcher['fetch']>>);
      },
    };
    sut = new BriefingsService(
      injected<BriefingsRepository>(briefings),
      injected<BriefingParser>(parser),
      injected<AuthService>(auth),
      injected<OutboundFetcher>(fetcher),
    );
  });

  describe('importUrl', () => {
    it('imports the fetched bytes as their content type says', async () => {
      const result = await sut.importUrl(anAuth('editor'), { url: 'https://news.example/daily' });
      expect(fetched).toEqual(['https://news.example/daily']);
      expect(result.created).toBe(true);
      expect(result.briefings).toHaveLength(1);
    });

    it('refuses a restricted import without groups before fetching anything', async () => {
      await expect(
        sut.importUrl(anAuth('editor'), {
          url: 'https://news.example/daily',
          visibility: 'restricted',
        }),
      ).rejects.toMatchObject({ status: 400 });
      expect(fetched).toEqual([]);
    });
  });

  const importJson = (auth: AuthContext | null, body: Record<string, unknown>) =>
    sut.import(auth, { contentType: 'application/json', body: { content: DOCUMENT, ...body } });

  describe('import', () => {
    it('parses and stores a raw Markdown body as a team briefing by the importer', async () => {
      const editor = anAuth('editor');
      const result = await sut.import(editor, {
        contentType: 'text/markdown; charset=utf-8',
        body: DOCUMENT,
      });
      expect(result.created).toBe(true);
      expect(result.briefings[0]).toMatchObject({
        title: 'Daily Sync: May 7, 2026',
        visibility: 'team',
      });
      expect(briefings.imported[0]).toMatchObject({
        titleKey: 'daily sync: may 7, 2026',
        createdBy: editor.user.id,
        sourceFormat: 'markdown',
      });
    });

    it('restricts a briefing to a group the editor belongs to', async () => {
      const editor = anAuth('editor');
      const group = briefings.addGroup(editor.user.id);
      const result = await importJson(editor, { visibility: 'restricted', groupIds: [group] });
      expect(result.briefings[0]).toMatchObject({ visibility: 'restricted' });
    });

    it('refuses an editor restricting to a group they are not in, storing nothing', async () => {
      const group = briefings.addGroup();
      const error = await domainError(
        importJson(anAuth('editor'), { visibility: 'restricted', groupIds: [group] }),
        'FORBIDDEN',
      );
      expect(error.details).toEqual({ groupIds: [group] });
      expect(briefings.imported).toEqual([]);
    });

    it('lets an admin and the operator (CLI) name any group', async () => {
      const group = briefings.addGroup();
      await importJson(anAuth('admin'), { visibility: 'restricted', groupIds: [group] });
      await importJson(null, { visibility: 'restricted', groupIds: [group] });
      expect(briefings.imported).toHaveLength(2);
    });

    it('treats an admin through an editor token as an editor for groups', async () => {
      const group = briefings.addGroup();
      await domainError(
        importJson(anAuth('admin', { tokenCeiling: 'editor' }), {
          visibility: 'restricted',
          groupIds: [group],
        }),
        'FORBIDDEN',
      );
    });

    it('refuses a restricted briefing without groups, and groups that do not exist', async () => {
      await domainError(
        importJson(anAuth('admin'), { visibility: 'restricted' }),
        'VALIDATION_FAILED',
      );
      await domainError(
        importJson(anAuth('admin'), { visibility: 'restricted', groupIds: [randomUUID()] }),
        'VALIDATION_FAILED',
      );
      expect(briefings.imported).toEqual([]);
    });

    it.each([
      ['an unknown content type', { contentType: 'image/png', body: 'x' }],
      ['no content type', { contentType: undefined, body: DOCUMENT }],
      ['a JSON array', { contentType: 'application/json', body: [] }],
      ['a raw type with a non-text body', { contentType: 'text/plain', body: { content: 'x' } }],
    ])('answers 415 for %s', async (_case, request) => {
      await domainError(sut.import(anAuth('editor'), request), 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('refuses a document over 2 MB before parsing it', async () => {
      await domainError(
        sut.import(anAuth('editor'), {
          contentType: 'text/plain',
          body: 'x'.repeat(MAX_BRIEFING_BYTES + 1),
        }),
        'PAYLOAD_TOO_LARGE',
      );
    });

    it('refuses a JSON body with unknown fields or a bad format', async () => {
      await domainError(importJson(anAuth('editor'), { extra: true }), 'VALIDATION_FAILED');
      await domainError(importJson(anAuth('editor'), { format: 'docx' }), 'VALIDATION_FAILED');
    });

    it('stores nothing from a document with no structure', async () => {
      await expect(
        sut.import(anAuth('editor'), { contentType: 'text/plain', body: '   ' }),
      ).rejects.toThrow(BriefingParseError);
      expect(briefings.imported).toEqual([]);
    });
  });

  describe('get', () => {
    it('is a 404 for a restricted briefing outside the reader’s groups, found for members', async () => {
      const member = anAuth('viewer');
      const group = briefings.addGroup(member.user.id);
      const theirs = briefings.add({
        visibility: 'restricted',
        groups: [{ id: group, name: 'G' }],
      });
      const other = briefings.add({
        visibility: 'restricted',
        groups: [{ id: briefings.addGroup(), name: 'H' }],
      });
      await expect(sut.get(member, theirs.id)).resolves.toMatchObject({ id: theirs.id });
      await domainError(sut.get(member, other.id), 'NOT_FOUND');
      await expect(sut.get(anAuth('admin'), other.id)).resolves.toMatchObject({ id: other.id });
      await domainError(
        sut.get(anAuth('admin', { tokenCeiling: 'editor' }), other.id),
        'NOT_FOUND',
      );
    });
  });

  describe('update', () => {
    it('re-checks open sockets when the audience changes, not for a title edit', async () => {
      const editor = anAuth('editor');
      const row = briefings.add();
      await sut.update(editor, row.id, { title: 'Renamed' });
      expect(accessChanged).toEqual([]);
      const group = briefings.addGroup(editor.user.id);
      await sut.update(editor, row.id, { visibility: 'restricted', groupIds: [group] });
      expect(accessChanged).toEqual([row.id]);
    });

    it('making a briefing team drops its groups', async () => {
      const admin = anAuth('admin');
      const row = briefings.add({
        visibility: 'restricted',
        groups: [{ id: briefings.addGroup(), name: 'G' }],
      });
      await sut.update(admin, row.id, { visibility: 'team' });
      expect(briefings.metadata.at(-1)).toEqual({ id: row.id, groupIds: [] });
    });

    it('keeps groups it already has, even ones the editor is not in, but adds only their own', async () => {
      const editor = anAuth('editor');
      const foreign = briefings.addGroup();
      const own = briefings.addGroup(editor.user.id);
      const row = briefings.add({
        visibility: 'restricted',
        groups: [
          { id: foreign, name: 'F' },
          { id: own, name: 'O' },
        ],
      });
      await expect(sut.update(editor, row.id, { groupIds: [foreign, own] })).resolves.toBeDefined();
      const error = await domainError(
        sut.update(editor, row.id, { groupIds: [foreign, own, briefings.addGroup()] }),
        'FORBIDDEN',
      );
      expect((error.details as { groupIds: string[] }).groupIds).not.toContain(foreign);
    });

    it('refuses restricting with no groups left', async () => {
      const row = briefings.add();
      await domainError(
        sut.update(anAuth('admin'), row.id, { visibility: 'restricted' }),
        'VALIDATION_FAILED',
      );
    });

    it('is a 409 when another briefing has the new title and date', async () => {
      const row = briefings.add();
      briefings.titleTaken = true;
      await domainError(sut.update(anAuth('editor'), row.id, { title: 'Taken' }), 'CONFLICT');
    });

    it('is a 404 for a briefing the editor may not read, for update and delete', async () => {
      const hidden = briefings.add({
        visibility: 'restricted',
        groups: [{ id: briefings.addGroup(), name: 'G' }],
      });
      await domainError(sut.update(anAuth('editor'), hidden.id, { title: 'x' }), 'NOT_FOUND');
      await domainError(sut.remove(anAuth('editor'), hidden.id), 'NOT_FOUND');
      expect(briefings.deleted).toEqual([]);
    });
  });
});
