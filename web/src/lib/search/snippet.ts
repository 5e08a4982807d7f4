// The API's snippets are escaped text with <mark> around matches. When the match is in the title
// the snippet is the title itself: then the highlighted title is shown once instead of twice.

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&#x27;': "'",
};

/** The plain text of a snippet: marks dropped, entities decoded. */
export function snippetText(snippet: string): string {
  return snippet
    .replace(/<\/?mark>/g, '')
    .replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, (entity) => ENTITIES[entity] ?? entity);
}

/** True when the snippet says nothing but the title, so it can stand in for it. */
export function snippetIsTitle(hit: { title: string; snippet: string }): boolean {
  return snippetText(hit.snippet).trim() === hit.title.trim();
}
