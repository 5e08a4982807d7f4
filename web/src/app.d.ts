import type { User } from '$lib/api/types';
import type { BriefroomApi } from '$lib/api/client';

declare global {
  namespace App {
    interface Error {
      message: string;
      /** Quoted in server logs, so a report of an unexpected error can be traced. */
      errorId?: string;
    }
    interface Locals {
      /** The signed-in user, or null for anonymous requests. */
      user: User | null;
      /** The API client for this request, authenticated with the session token if there is one. */
      api: BriefroomApi;
      /** Set when a session cookie exists but the API could not be asked about it (down, timing out). */
      sessionProblem: string | null;
      /** The origin users reach (PUBLIC_URL); the request's own URL may be the proxy's plain http. */
      publicUrl: URL;
    }
    // interface PageData {}
    // interface PageState {}
    // interface Platform {}
  }
}

export {};
