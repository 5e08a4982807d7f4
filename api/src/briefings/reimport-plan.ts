import type { ParsedBriefing, ParsedSection } from './parsing/index.js';

/** What is stored of a briefing's structure, enough to match a re-imported version against it. */
export interface StoredStructure {
  sections: Array<{ id: string; position: number; heading: string; kind: string }>;
  items: Array<{ id: string; sectionId: string; title: string }>;
  prompts: Array<{ id: string; sectionId: string }>;
}

export interface PlannedItem {
  /** An existing item's id (kept, with any thread on it) or a new one. */
  id: string;
  existing: boolean;
  position: number;
  title: string;
  body: string | null;
  url: string | null;
  links: string[];
}

export interface PlannedSection {
  id: string;
  existing: boolean;
  position: number;
  source: ParsedSection;
  items: PlannedItem[];
  /** The prompt to keep (its thread stays) or create; null when the section has none. */
  prompt: { id: string; existing: boolean; text: string } | null;
}

export interface ReimportPlan {
  sections: PlannedSection[];
  deleteSectionIds: string[];
  deleteItemIds: string[];
  deletePromptIds: string[];
}

const fold = (text: string) => text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * Matches a new version of a briefing against what is stored so unchanged sections, items and
 * prompts keep their ids (and so their threads and links). Sections match by heading, then by
 * position and kind; items by title anywhere in the briefing; a section's prompt keeps its id
 * even when its text changed. Whatever no longer appears is listed for deletion; threads on
 * deleted prompts or items survive (the schema sets their link to null).
 */
export function planReimport(
  stored: StoredStructure,
  parsed: ParsedBriefing,
  newId: () => string,
): ReimportPlan {
  const unmatchedSections = new Map(stored.sections.map((section) => [section.id, section]));
  const matchedSectionIds: Array<string | undefined> = parsed.sections.map((section) => {
    const match = [...unmatchedSections.values()].find(
      (old) => fold(old.heading) === fold(section.heading),
    );
    if (match) unmatchedSections.delete(match.id);
    return match?.id;
  });
  parsed.sections.forEach((section, position) => {
    if (matchedSectionIds[position]) return;
    const match = [...unmatchedSections.values()].find(
      (old) => old.position === position && old.kind === section.kind,
    );
    if (match) {
      unmatchedSections.delete(match.id);
      matchedSectionIds[position] = match.id;
    }
  });

  const itemsByTitle = new Map<string, Array<{ id: string }>>();
  for (const item of stored.items) {
    const key = fold(item.title);
    itemsByTitle.set(key, [...(itemsByTitle.get(key) ?? []), item]);
  }
  const keptItemIds = new Set<string>();
  const promptBySection = new Map(stored.prompts.map((prompt) => [prompt.sectionId, prompt.id]));
  const keptPromptIds = new Set<string>();

  const sections = parsed.sections.map((source, position): PlannedSection => {
    const existingId = matchedSectionIds[position];
    const items = source.items.map((item, itemPosition): PlannedItem => {
      const candidates = itemsByTitle.get(fold(item.title));
      const match = candidates?.shift();
      if (match) keptItemIds.add(match.id);
      return {
        id: match?.id ?? newId(),
        existing: Boolean(match),
        position: itemPosition,
        title: item.title,
        body: item.body,
        url: item.url,
        links: item.links,
      };
    });
    const oldPromptId = existingId ? promptBySection.get(existingId) : undefined;
    let prompt: PlannedSection['prompt'] = null;
    if (source.discussion) {
      prompt = {
        id: oldPromptId ?? newId(),
        existing: Boolean(oldPromptId),
        text: source.discussion.prompt,
      };
      if (oldPromptId) keptPromptIds.add(oldPromptId);
    }
    return {
      id: existingId ?? newId(),
      existing: Boolean(existingId),
      position,
      source,
      items,
      prompt,
    };
  });

  return {
    sections,
    deleteSectionIds: [...unmatchedSections.keys()],
    deleteItemIds: stored.items.filter((item) => !keptItemIds.has(item.id)).map((item) => item.id),
    deletePromptIds: stored.prompts
      .filter((prompt) => !keptPromptIds.has(prompt.id))
      .map((prompt) => prompt.id),
  };
}

/** What a re-import would change, for the preview: item titles added, removed and edited. */
export interface ReimportChanges {
  itemsAdded: string[];
  itemsRemoved: string[];
  itemsEdited: string[];
  sectionsAdded: string[];
  sectionsRemoved: string[];
}

export function describeReimport(
  stored: Omit<StoredStructure, 'items'> & {
    items: Array<StoredStructure['items'][number] & { body: string | null; url: string | null }>;
  },
  parsed: ParsedBriefing,
): ReimportChanges {
  const plan = planReimport(stored, parsed, () => '');
  const storedItems = new Map(stored.items.map((item) => [item.id, item]));
  const removedItems = new Set(plan.deleteItemIds);
  const removedSections = new Set(plan.deleteSectionIds);
  const planned = plan.sections.flatMap((section) => section.items);
  return {
    itemsAdded: planned.filter((item) => !item.existing).map((item) => item.title),
    itemsRemoved: stored.items
      .filter((item) => removedItems.has(item.id))
      .map((item) => item.title),
    itemsEdited: planned
      .filter((item) => {
        const old = item.existing ? storedItems.get(item.id) : undefined;
        return (
          old !== undefined &&
          (old.body !== item.body || old.url !== item.url || old.title !== item.title)
        );
      })
      .map((item) => item.title),
    sectionsAdded: plan.sections
      .filter((section) => !section.existing)
      .map((section) => section.source.heading),
    sectionsRemoved: stored.sections
      .filter((section) => removedSections.has(section.id))
      .map((section) => section.heading),
  };
}
