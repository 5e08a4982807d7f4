// Lines a reader picks up when copying a whole web page, which never belong to a briefing.
const CHROME_LINES = new Set(
  (
    'skip to main content|skip to content|skip navigation|skip to navigation|skip to search|' +
    'skip to footer|jump to navigation|jump to content|jump to main content|jump to search|' +
    'toggle navigation|main menu|menu|open menu|close menu|' +
    'share|share this|share this article|share this story|share this post|share article|' +
    'share on facebook|share on twitter|share on linkedin|copy link|link copied|tweet|print|' +
    'subscribe|subscribe now|sign in|log in|login|sign up|create an account|' +
    'sign up for our newsletter|subscribe to our newsletter|get our newsletter|' +
    'back to top|advertisement|sponsored|sponsored content|...|…|' +
    'accept|accept all|accept cookies|reject all|cookie settings|manage cookies|cookie policy|' +
    'comments|leave a comment|leave a reply|add a comment|show comments|view comments|' +
    'you may also like|you might also like|more stories|most popular|most read|' +
    'recommended for you|follow us|follow|follow author|unfollow|follow this author|next article|' +
    'previous article|read next|up next|like this:|like loading...'
  ).split('|'),
);
const CHROME_PATTERN =
  /^(?:(?:(?:jump|skip) to:?\s*(?:main )?(?:navigation|content|search|footer)[,\s]*)+$|we use cookies|this (?:web)?site uses cookies|by (?:continuing|using) (?:to use )?this (?:web)?site|share (?:on|via) \S+$|(?:sign|log) in to (?:comment|continue|read)|already (?:a subscriber|have an account)|\d+ comments?$|follow us on )/iu;

export function isPageChrome(line: string): boolean {
  if (line.length > 300) return false;
  return CHROME_LINES.has(line.toLowerCase()) || CHROME_PATTERN.test(line);
}
