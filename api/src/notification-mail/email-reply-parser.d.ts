// email-reply-parser (crisp-oss) ships no types: the part of its API used here.
declare module 'email-reply-parser' {
  interface Fragment {
    getContent(): string;
    isHidden(): boolean;
    isQuoted(): boolean;
    isSignature(): boolean;
  }
  interface ParsedEmail {
    getFragments(): Fragment[];
    getVisibleText(options?: { aggressive?: boolean }): string;
  }
  export default class EmailReplyParser {
    read(text: string): ParsedEmail;
    parseReply(text: string): string;
  }
}
