// A case needs a line the queue can show. A web form, a call or a walk-in has
// no subject, so the first sentence of what the customer said stands in for it.

const MAX = 80;

/** The customer's first sentence (or line), whitespace collapsed, at most 80 characters cut at a word. */
export function deriveSubject(body: string): string | null {
  const firstLine = body.split(/\r?\n/).map((l) => l.trim()).find((l) => l.length > 0);
  if (!firstLine) return null;
  const line = firstLine.replace(/\s+/g, ' ');
  // Up to the first sentence end (keeping piled-up !!! or ???), if there is one.
  const m = /^(.+?[.!?…]+)(\s|$)/u.exec(line);
  const sentence = m ? m[1]! : line;
  if (sentence.length <= MAX) return sentence;
  const cut = sentence.slice(0, MAX - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > MAX / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:–—-]+$/u, '')}…`;
}
