// The shape of a TOTP key being enrolled, shared by the page servers and the pages.

/** What an authenticator app needs to enrol: the key, its otpauth URL and (first time) the QR image. */
export interface EnrolmentKey {
  secret: string;
  otpauthUrl: string;
  /** The QR code as an image URL; absent on a retry, when the key is carried by the form. */
  qrImage?: string;
}
