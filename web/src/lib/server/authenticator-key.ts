// The TOTP key an authenticator app enrols, as the pages show it.
import type { TotpSetup } from '$lib/api/types';
import type { EnrolmentKey } from '$lib/authenticator-key';

export type { EnrolmentKey };

export function enrolmentKey(setup: TotpSetup): EnrolmentKey {
  return {
    secret: setup.secret,
    otpauthUrl: setup.otpauthUrl,
    // An <img> of the API's SVG: no markup from the API is put into the page.
    qrImage: `data:image/svg+xml;base64,${Buffer.from(setup.qrSvg).toString('base64')}`,
  };
}

/** The key carried back by a form after a wrong first code (the QR is not re-sent). */
export function carriedKey(form: FormData): EnrolmentKey | undefined {
  const secret = form.get('secret');
  const otpauthUrl = form.get('otpauthUrl');
  if (typeof secret !== 'string' || typeof otpauthUrl !== 'string' || !secret) return undefined;
  return { secret: secret.trim(), otpauthUrl: otpauthUrl.trim() };
}
