// The second sign-in step's shapes, shared by the action (second-factor.ts) and the page.

/** What an authenticator app needs to enrol: the key, its otpauth URL and (first time) the QR image. */
export interface EnrolmentKey {
  secret: string;
  otpauthUrl: string;
  /** The QR code as an image URL; absent on a retry, when the key is carried by the form. */
  qrImage?: string;
}

export interface CodeStep {
  step: 'code' | 'enrol';
  challenge: string;
  email: string;
  enrolment?: EnrolmentKey;
  message?: string;
}

export interface RecoveryStep {
  step: 'recovery';
  recoveryCodes: string[];
  next: string;
}

/** The second step in a login action's answer, if that is what it holds. */
export function secondStepOf(form: unknown): CodeStep | RecoveryStep | null {
  if (!form || typeof form !== 'object' || !('step' in form)) return null;
  return form as CodeStep | RecoveryStep;
}
