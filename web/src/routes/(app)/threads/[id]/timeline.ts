// The thread's timeline: its top-level comments (each with its replies) and its system notes, in
// the order they happened. Comments and notes share the thread's seq counter, so seq is that order.
import { DECISION_STATUS_LABELS, STATUS_LABELS } from '$lib/actions/labels';
import type { CommentNode } from '$lib/discussions/comment-tree';
import type { ThreadNote } from '$lib/api/types';

export type TimelineEntry =
  | { kind: 'comment'; key: string; node: CommentNode }
  | { kind: 'note'; key: string; note: ThreadNote };

/**
 * Merges the comment tree's roots and the notes by seq: a note sits after the top-level comment
 * (and its replies) that came before it and before the next one.
 */
export function timelineOf(
  roots: readonly CommentNode[],
  notes: readonly ThreadNote[],
): TimelineEntry[] {
  const sortedNotes = [...notes].sort((a, b) => a.seq - b.seq);
  const entries: TimelineEntry[] = [];
  let next = 0;
  for (const node of roots) {
    while (next < sortedNotes.length && (sortedNotes[next] as ThreadNote).seq < node.comment.seq) {
      entries.push(noteEntry(sortedNotes[next] as ThreadNote));
      next++;
    }
    entries.push({ kind: 'comment', key: node.comment.id, node });
  }
  for (; next < sortedNotes.length; next++)
    entries.push(noteEntry(sortedNotes[next] as ThreadNote));
  return entries;
}

function noteEntry(note: ThreadNote): TimelineEntry {
  return { kind: 'note', key: `note-${note.seq}`, note };
}

/**
 * The notes a page with comments still to load shows: those up to the last loaded comment, and
 * those that came after the page was loaded (live, like new comments). Notes in between wait for
 * the comments around them, so nothing shows out of order.
 */
export function shownNotes(
  notes: readonly ThreadNote[],
  loadedUpTo: number | null,
  lastSeqAtLoad: number,
): ThreadNote[] {
  if (loadedUpTo === null) return [...notes];
  return notes.filter((note) => note.seq <= loadedUpTo || note.seq > lastSeqAtLoad);
}

/** A note as words: who, what they did, to which action or decision (a link), and from/to what. */
export interface NoteSentence {
  actor: string;
  /** Words before the subject, e.g. "moved ". */
  lead: string;
  /** The action or decision: its quoted title, or "an action" when the viewer may not know it. */
  subject: string;
  /** What the subject links to; null when the note names no id. */
  target: { kind: 'action' | 'decision'; id: string } | null;
  /** Words after the subject, e.g. " from open to done". */
  tail: string;
}

export function noteSentence(note: ThreadNote): NoteSentence {
  const actor = note.by?.displayName ?? 'Someone';
  if (note.kind === 'thread.state') {
    // "resolved the thread with outcome “…”", "reopened the thread", "moved the thread to converging"
    const target = null;
    if (note.to === 'resolved')
      return note.from === 'resolved'
        ? {
            actor,
            lead: 'changed the outcome to ',
            subject: `“${note.outcome ?? ''}”`,
            target,
            tail: '',
          }
        : {
            actor,
            lead: 'resolved the thread with outcome ',
            subject: `“${note.outcome ?? ''}”`,
            target,
            tail: '',
          };
    if (note.from === 'resolved')
      return {
        actor,
        lead: 'reopened the thread',
        subject: '',
        target,
        tail: note.to === 'open' ? '' : ` as ${note.to}`,
      };
    return { actor, lead: 'moved the thread to ', subject: note.to, target, tail: '' };
  }
  const quoted = note.title === null ? null : `“${note.title}”`;
  if (note.kind === 'decision.status') {
    const target = note.decisionId ? { kind: 'decision' as const, id: note.decisionId } : null;
    const subject = quoted ?? 'a decision';
    const the = quoted ? 'the decision ' : '';
    if (note.from === null && note.to === 'proposed') {
      return { actor, lead: `proposed ${the}`, subject, target, tail: '' };
    }
    if (note.from === null) {
      return {
        actor,
        lead: `recorded ${the}`,
        subject,
        target,
        tail: ` as ${decisionStatus(note.to)}`,
      };
    }
    return {
      actor,
      lead: `moved ${the}`,
      subject,
      target,
      tail: ` from ${decisionStatus(note.from)} to ${decisionStatus(note.to)}`,
    };
  }
  const target = note.actionId ? { kind: 'action' as const, id: note.actionId } : null;
  const subject = quoted ?? 'an action';
  if (note.from === null) {
    return { actor, lead: 'set ', subject, target, tail: ` to ${actionStatus(note.to)}` };
  }
  return {
    actor,
    lead: 'moved ',
    subject,
    target,
    tail: ` from ${actionStatus(note.from)} to ${actionStatus(note.to)}`,
  };
}

/** The sentence as plain text, e.g. for screen readers. */
export function noteText(note: ThreadNote): string {
  const { actor, lead, subject, tail } = noteSentence(note);
  return `${actor} ${lead}${subject}${tail}.`;
}

function actionStatus(status: string): string {
  return labelOf(STATUS_LABELS, status);
}

function decisionStatus(status: string): string {
  return labelOf(DECISION_STATUS_LABELS, status);
}

/** Status words in a sentence are lower case; a status this page does not know yet is shown as sent. */
function labelOf(labels: Record<string, string>, status: string): string {
  return (
    Object.hasOwn(labels, status) ? (labels[status] as string) : status.replaceAll('_', ' ')
  ).toLowerCase();
}
