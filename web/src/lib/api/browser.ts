// The API client for code running in the browser. Pages are served from the API's own origin, so
// the httpOnly session cookie authenticates these calls; the API checks their Origin on writes.
import { BriefroomApi } from './client';

let shared: BriefroomApi | undefined;

export function browserApi(): BriefroomApi {
  shared ??= new BriefroomApi({ baseUrl: window.location.origin });
  return shared;
}
