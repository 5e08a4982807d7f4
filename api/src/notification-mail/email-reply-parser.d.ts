// email-reply-parser (crisp-oss) ships no types: the part of its API used here.
declare module 'email-reply-parser' {
  interface ParsedEmail {
    getVisibleText(options?: { aggressive?: boolean }): string;
  }
  export default class EmailReplyParser {
    read(text: string): ParsedEmail;
    parseReply(text: string): string;
  }
}
