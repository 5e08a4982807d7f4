import { DomainError, type ErrorCode } from '../common/errors/domain-error.js';

/** Why an outbound request was refused or failed; stored with feed polls and webhook deliveries. */
export type OutboundFailure =
  | 'not_allowed'
  | 'timeout'
  | 'too_large'
  | 'content_type'
  | 'too_many_redirects'
  | 'unreachable'
  | 'http_status'
  | 'bad_encoding';

const CODES: Record<OutboundFailure, ErrorCode> = {
  not_allowed: 'URL_NOT_ALLOWED',
  timeout: 'URL_FETCH_FAILED',
  too_large: 'PAYLOAD_TOO_LARGE',
  content_type: 'UNSUPPORTED_MEDIA_TYPE',
  too_many_redirects: 'URL_FETCH_FAILED',
  unreachable: 'URL_FETCH_FAILED',
  http_status: 'URL_FETCH_FAILED',
  bad_encoding: 'URL_FETCH_FAILED',
};

/**
 * A refused or failed outbound request: a 4xx in the contract's shape when it reaches HTTP
 * (`details.reason` says which), and a readable `message` for a feed's last error.
 */
export class OutboundError extends DomainError {
  constructor(
    readonly reason: OutboundFailure,
    message: string,
    extra: Record<string, unknown> = {},
  ) {
    super(CODES[reason], message, { reason, ...extra });
  }
}

/** What the connect-time guard throws; the fetcher turns it into `URL_NOT_ALLOWED`. */
export class BlockedAddressError extends Error {
  override readonly name = 'BlockedAddressError';
  readonly code = 'ERR_OUTBOUND_BLOCKED';

  constructor(readonly hostname: string) {
    super(`${hostname} resolves to an address outbound requests may not reach`);
  }
}

export function notAllowed(message: string): OutboundError {
  return new OutboundError('not_allowed', message);
}
