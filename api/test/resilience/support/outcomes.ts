import type { AccessPolicy } from '../../../src/auth/access.decorator.js';
import { roleAtLeast } from '../../../src/users/user.entity.js';
import type { ApiAnswer } from './api-request.js';
import type { Principal } from './principals.js';

/**
 * What a caller should meet, in the order the product checks it: the route's policy against the
 * credential (401, then 403 on the effective role), then the visibility of what the route
 * addresses (404, exactly as if it did not exist), else through the gate.
 */
export type Outcome = 'unauthenticated' | 'forbidden' | 'hidden' | 'allowed';

export function expectedOutcome(
  policy: AccessPolicy,
  principal: Principal,
  addressesRestricted: boolean,
): Outcome {
  if (policy === 'public') return 'allowed';
  if (!principal.live || !principal.role) return 'unauthenticated';
  if (!roleAtLeast(principal.role, policy)) return 'forbidden';
  if (addressesRestricted && !principal.readsRestricted) return 'hidden';
  return 'allowed';
}

/** The AuthGuard's refusal on role: it names the policy and the role the caller acts as. */
const ROLE_REFUSAL = /^This needs the (\w+) role; you act as (\w+)\.$/;

export type Verdict = 'expected' | 'unexpected allow' | 'unexpected deny' | 'server error';

export interface Judgement {
  actual: Outcome;
  verdict: Verdict;
  note?: string;
}

/** Every id and word of restricted content found in a text (case-insensitive). */
export function leakedMarkers(text: string, markers: string[]): string[] {
  const haystack = text.toLowerCase();
  return markers.filter((marker) => haystack.includes(marker.toLowerCase()));
}

/** Which of the four outcomes an answer is, without knowing what was expected. */
export function outcomeOf(answer: ApiAnswer): Outcome {
  if (answer.status === 401 && answer.errorCode === 'UNAUTHENTICATED') return 'unauthenticated';
  if (
    answer.status === 403 &&
    answer.errorCode === 'FORBIDDEN' &&
    ROLE_REFUSAL.test(answer.errorMessage ?? '')
  )
    return 'forbidden';
  if (answer.status === 404) return 'hidden';
  return 'allowed';
}

const sameAnswer = (a: ApiAnswer, b: ApiAnswer) =>
  a.status === b.status && a.errorCode === b.errorCode && a.errorMessage === b.errorMessage;

export interface RouteCase {
  policy: AccessPolicy;
  principal: Principal;
  addressesRestricted: boolean;
  /** A business rule of the route that may refuse a caller past the gate with 403 (named for the report). */
  rule?: string;
  answer: ApiAnswer;
  /** The same call naming a random, non-existent target; made when a 404 is expected. */
  phantom?: ApiAnswer;
  markers: string[];
  /** The request as sent (path, query, body): markers the caller sent itself are no leak. */
  sent: string;
}

/**
 * Judges one route case. Allowed callers may still meet validation (400), conflicts (409) or a
 * declared business rule (403 that is not the role gate): they passed the gate. A caller who must
 * not learn that a restricted thing exists must get exactly what a non-existent id gets; a 400 or
 * 409 is tolerated only when a non-existent id gets the very same answer (it reveals nothing).
 */
export function judge(routeCase: RouteCase): Judgement {
  const { answer, principal } = routeCase;
  const expected = expectedOutcome(routeCase.policy, principal, routeCase.addressesRestricted);
  const actual = outcomeOf(answer);
  const seen = `${answer.status}${answer.errorCode ? ` ${answer.errorCode}` : ''}`;
  if (answer.status >= 500) return { actual, verdict: 'server error', note: seen };

  // Any answer, an error's message and details included, but what the caller itself sent.
  const leaks = principal.readsRestricted
    ? []
    : leakedMarkers(answer.text, routeCase.markers).filter(
        (marker) => !routeCase.sent.toLowerCase().includes(marker.toLowerCase()),
      );
  if (leaks.length)
    return {
      actual,
      verdict: 'unexpected allow',
      note: `${seen} carrying ${leaks.slice(0, 4).join(', ')}${leaks.length > 4 ? ` and ${leaks.length - 4} more` : ''}`,
    };

  switch (expected) {
    case 'unauthenticated':
      return actual === 'unauthenticated'
        ? { actual, verdict: 'expected' }
        : {
            actual,
            verdict: actual === 'allowed' ? 'unexpected allow' : 'unexpected deny',
            note: `${seen}, wanted 401`,
          };
    case 'forbidden': {
      if (actual !== 'forbidden')
        return {
          actual,
          verdict: actual === 'allowed' ? 'unexpected allow' : 'unexpected deny',
          note: `${seen}, wanted 403`,
        };
      const [, policy, role] = ROLE_REFUSAL.exec(answer.errorMessage ?? '') ?? [];
      return policy === routeCase.policy && role === principal.role
        ? { actual, verdict: 'expected' }
        : { actual, verdict: 'unexpected deny', note: `refused as ${role} for ${policy}` };
    }
    case 'hidden': {
      const phantom = routeCase.phantom;
      if (phantom && sameAnswer(answer, phantom))
        return {
          actual,
          verdict: 'expected',
          note: actual === 'hidden' ? undefined : `${seen}, as for a non-existent id`,
        };
      return {
        actual,
        verdict: 'unexpected allow',
        note: `${seen}${answer.errorMessage ? ` "${answer.errorMessage}"` : ''}; a non-existent id gets ${phantom ? `${phantom.status} ${phantom.errorCode ?? ''}` : 'no probe'}`,
      };
    }
    case 'allowed':
      if (actual !== 'allowed')
        return {
          actual,
          verdict: 'unexpected deny',
          note: `${seen}${answer.errorMessage ? ` "${answer.errorMessage}"` : ''}`,
        };
      if (answer.status === 403 && !routeCase.rule)
        return {
          actual,
          verdict: 'unexpected deny',
          note: `${seen} "${answer.errorMessage}" from no declared rule`,
        };
      return {
        actual,
        verdict: 'expected',
        note: answer.status === 403 ? `rule: ${routeCase.rule}` : undefined,
      };
  }
}

export interface LedgerEntry {
  surface: string;
  target: string;
  principal: string;
  expected: Outcome;
  actual: Outcome;
  verdict: Verdict;
  note?: string;
}

/** Every case the matrix ran, for the summary and the assertions. */
export class Ledger {
  readonly entries: LedgerEntry[] = [];

  add(entry: LedgerEntry): LedgerEntry {
    this.entries.push(entry);
    return entry;
  }

  unexpected(surface?: string): LedgerEntry[] {
    return this.entries.filter(
      (entry) => entry.verdict !== 'expected' && (!surface || entry.surface === surface),
    );
  }

  summary(): string {
    const count = (verdict: Verdict) => this.entries.filter((e) => e.verdict === verdict).length;
    const allowed = this.entries.filter((e) => e.actual === 'allowed').length;
    const lines = [
      `Authorization matrix: ${this.entries.length} cases, ${allowed} allowed, ${this.entries.length - allowed} denied`,
      ...[...new Set(this.entries.map((e) => e.surface))].map((surface) => {
        const rows = this.entries.filter((e) => e.surface === surface);
        return `  ${surface}: ${rows.length} cases, ${rows.filter((e) => e.actual === 'allowed').length} allowed, ${rows.filter((e) => e.verdict !== 'expected').length} unexpected`;
      }),
      `Past the gate but refused by a declared rule (403): ${this.entries.filter((e) => e.verdict === 'expected' && e.note?.startsWith('rule:')).length}; hidden with the very answer a non-existent id gets, not 404: ${this.entries.filter((e) => e.verdict === 'expected' && e.note?.includes('as for a non-existent id')).length}`,
      `Unexpected allows: ${count('unexpected allow')}, unexpected denies: ${count('unexpected deny')}, server errors: ${count('server error')}`,
      ...this.unexpected().map(
        (e) =>
          `  [${e.verdict}] ${e.surface} ${e.target} as ${e.principal}: wanted ${e.expected}, got ${e.actual}${e.note ? ` (${e.note})` : ''}`,
      ),
    ];
    return lines.join('\n');
  }
}

/** How a failed assertion lists the unexpected cases of one surface. */
export const describeUnexpected = (entries: LedgerEntry[]) =>
  entries.map(
    (e) =>
      `${e.verdict}: ${e.target} as ${e.principal} (wanted ${e.expected}, got ${e.actual}${e.note ? `; ${e.note}` : ''})`,
  );
