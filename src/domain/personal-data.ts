// What counts as personal data in free-form JSON (the case timeline, detection notes),
// and how it is scrubbed when a customer is erased (GDPR Art. 17) or a closed case is
// past its retention: free text and contact details go, ids, statuses, dates and money stay.

/** What an erased text reads as. */
export const ERASED = '[erased]';

/** Keys that hold what people wrote or who they are, at any depth. */
const PERSONAL_KEY = /^(body|text|subject|comment|note|notes|reason|summary|description|correction|title|name|author|authorName|email|emails|phone|phones|address|recipient|link|url|recordingUrl|ip|userAgent|user_agent|customer|customerName|giftDescription|matched|phrases|excerpt|quote|words)$/i;

/**
 * A copy of `value` with personal data replaced: a string under a personal key, and any
 * string that contains one of `needles` (the customer's name, emails, phones), reads
 * ERASED; numbers, booleans, ids and everything else stay, so reports still add up.
 */
export function scrubPersonal(value: unknown, needles: readonly string[] = [], key = ''): unknown {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((v) => scrubPersonal(v, needles, key));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      // An object under a personal key (a customer hint) is scrubbed field by field.
      out[k] = typeof v === 'object' && v !== null ? scrubPersonal(v, needles, k) : scrubPersonal(v, needles, k);
    }
    return out;
  }
  if (typeof value !== 'string') return value;
  if (PERSONAL_KEY.test(key)) return ERASED;
  const lower = value.toLowerCase();
  return needles.some((n) => n.length >= 3 && lower.includes(n.toLowerCase())) ? ERASED : value;
}

/** The words of a person worth looking for in free text: the full name, its parts of 3+ letters, emails, phones. */
export function personalNeedles(input: { names: (string | null)[]; contacts: string[] }): string[] {
  const out = new Set<string>();
  for (const name of input.names) {
    if (!name?.trim()) continue;
    out.add(name.trim());
    for (const part of name.split(/[\s,.'’-]+/)) if (part.length >= 4) out.add(part);
  }
  for (const c of input.contacts) if (c.trim()) out.add(c.trim());
  return [...out];
}
