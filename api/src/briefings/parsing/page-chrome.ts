// Lines a reader picks up when copying a whole web page, which never belong to a briefing.
const CHROME_LINES = new Set(
  (
    'skip to main content|skip to content|skip navigation|menu|open menu|close menu|share|' +
    'share this|share this article|copy link|tweet|print|subscribe|sign in|log in|sign up|' +
    'back to top|advertisement|sponsored|...|…|accept|accept all|accept cookies|reject all|' +
    'cookie settings|manage cookies'
  ).split('|'),
);
const CHROME_PATTERN =
  /^(?:we use cookies|this (?:web)?site uses cookies|by (?:continuing|using) (?:to use )?this (?:web)?site|share (?:on|via) \S+$)/iu;

export function isPageChrome(line: string): boolean {
  if (line.length > 300) return false;
  return CHROME_LINES.has(line.toLowerCase()) || CHROME_PATTERN.test(line);
}
