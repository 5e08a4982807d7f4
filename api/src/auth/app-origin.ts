/**
 * Whether a browser-sent Origin (or Referer origin) is this app: its public URL, or the host the
 * request was addressed to. The one check behind CSRF on REST and the socket.io handshake.
 */
export function isAppOrigin(
  source: string | undefined,
  publicUrl: URL,
  host: string | undefined,
  protocols: readonly string[],
): boolean {
  if (!source) return false;
  if (source === publicUrl.origin) return true;
  return host !== undefined && protocols.some((protocol) => source === `${protocol}://${host}`);
}

/** The origin part of a Referer header, when it is a URL. */
export function originOf(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}
