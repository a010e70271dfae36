// Internal notes name colleagues with @handles (P-2.4: the owner can pull a
// colleague in without handing the case over). Pure: which staff a note names.

export interface MentionableStaff {
  id: string;
  name: string;
  email: string;
}

const HANDLE = /(^|[^\p{L}\p{N}._@-])@([\p{L}\p{N}][\p{L}\p{N}._-]*)/gu;

/** The handles written in a note ("@anna", "@anna.agent"), lower-cased, without the trailing dot of a sentence. */
export function mentionHandles(body: string): string[] {
  const out = new Set<string>();
  for (const m of body.matchAll(HANDLE)) out.add(m[2]!.replace(/[._-]+$/, '').toLocaleLowerCase());
  return [...out];
}

/** The names a person answers to: first name, full name joined by dots, the email's local part. */
export function handlesOf(s: MentionableStaff): string[] {
  const words = s.name.trim().toLocaleLowerCase().split(/\s+/).filter(Boolean);
  return [...new Set([words[0] ?? '', words.join('.'), words.join(''), s.email.split('@')[0]!.toLocaleLowerCase()].filter(Boolean))];
}

/** Staff named by the note's handles; a handle that fits several people names none of them (no guessing). */
export function resolveMentions(body: string, staff: MentionableStaff[]): string[] {
  const ids = new Set<string>();
  for (const h of mentionHandles(body)) {
    const hits = staff.filter((s) => handlesOf(s).includes(h));
    if (hits.length === 1) ids.add(hits[0]!.id);
  }
  return [...ids];
}
