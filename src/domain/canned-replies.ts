// Canned replies (issue 13): templates per language with placeholders the
// composer fills in. Pure: filling, and recognising a draft that is still
// nothing but a template (P-2.5: a template sent unchanged is not personal).

/** The placeholders a template may use, and what fills them. */
export const PLACEHOLDERS = ['customerName', 'caseNumber', 'ownerName'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Record<Placeholder, string>;

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/** The template with every known placeholder replaced; an unknown one is left as written. */
export function fillPlaceholders(template: string, values: PlaceholderValues): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => ((PLACEHOLDERS as readonly string[]).includes(name) ? values[name as Placeholder] : whole));
}

/** Placeholders a template names that Amends does not know (refused when a template is saved). */
export function unknownPlaceholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((n) => !(PLACEHOLDERS as readonly string[]).includes(n)))];
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Spacing and letter case do not make a template personal. */
const normalise = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase();

/**
 * Whether a draft is exactly one of the templates with only its placeholders filled
 * (with this case's values, or with any short words in their place), ignoring spacing
 * and letter case. A sentence added where a placeholder stood makes it personal.
 */
export function isUnchangedTemplate(draft: string, templates: readonly string[], values?: PlaceholderValues): boolean {
  const text = draft.trim();
  if (!text) return false;
  const wanted = normalise(text);
  return templates.some((t) => {
    if (values && normalise(fillPlaceholders(t, values)) === wanted) return true;
    // split with one capture group: even indexes are literal text, odd ones placeholder names.
    const parts = t.trim().split(PLACEHOLDER);
    // Bounded backtracking: a template with very many placeholders is compared by its values only.
    if (parts.length > 13) return false;
    const pattern = parts.map((p, i) => (i % 2 === 1 ? '[^\\n.!?]{0,80}?' : escape(p).replace(/\s+/g, '\\s+'))).join('');
    return pattern.length > 0 && new RegExp(`^${pattern}$`, 'iu').test(text);
  });
}
