// The second sign-in step's shapes, shared by the action (second-factor.ts) and the page.
import type { EnrolmentKey } from '$lib/authenticator-key';

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
