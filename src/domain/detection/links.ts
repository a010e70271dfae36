// Links, addresses and @handles are not words of the message: "t.co/…" is no safety signal and
// "https://" no ":/" emoticon. They are blanked out (same length, so offsets stay valid).

const LINK_RE =
  /(?:https?:\/\/|www\.)[^\s<>"]+|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|co|io|ly|me|ru|lv|ro|de|fi|es|eu|uk|info|app)\/[^\s<>"]*|[\w.+-]+@[\w-]+\.[\w.-]+|(?<![\w@])@[\w.]+/gi;
const MAY_HAVE_LINK_RE = /[/@]|www\./;

/** The text with every link, e-mail address and @handle replaced by spaces (length preserved). */
export function blankLinks(text: string): string {
  if (!MAY_HAVE_LINK_RE.test(text)) return text;
  LINK_RE.lastIndex = 0;
  return text.replace(LINK_RE, (m) => ' '.repeat(m.length));
}
