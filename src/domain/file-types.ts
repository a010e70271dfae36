// What a file really is, from its first bytes (never from the name or the type a
// browser declared): customers attach photos, PDFs, text and office documents to
// a complaint; anything else — HTML, SVG, scripts, executables — is refused.

/** The kinds of file an upload policy may allow (UPLOAD_TYPES). */
export const FILE_KINDS = ['image', 'pdf', 'text', 'office'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export interface SniffedType {
  kind: FileKind;
  /** The media type the file is stored and served as. */
  contentType: string;
}

const startsWith = (b: Uint8Array, sig: number[], at = 0) => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

const OFFICE_BY_EXTENSION: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
};

/** Media types a browser may show inline (previews); everything else downloads. */
export const PREVIEWABLE = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf']);

/**
 * The file's type by its magic bytes, or null when it is none we accept. Office files
 * are ZIP or OLE containers: the extension picks which office type, the bytes must
 * still be the container (a renamed executable is refused).
 */
export function sniffFileType(bytes: Uint8Array, filename = ''): SniffedType | null {
  const b = bytes;
  if (startsWith(b, [0xff, 0xd8, 0xff])) return { kind: 'image', contentType: 'image/jpeg' };
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: 'image', contentType: 'image/png' };
  if (startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a'))) return { kind: 'image', contentType: 'image/gif' };
  if (startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8)) return { kind: 'image', contentType: 'image/webp' };
  if (startsWith(b, ascii('%PDF-'))) return { kind: 'pdf', contentType: 'application/pdf' };
  const ext = /\.([a-z0-9]{1,5})$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
  const zip = startsWith(b, [0x50, 0x4b, 0x03, 0x04]);
  const ole = startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  if (zip && ['docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp'].includes(ext)) return { kind: 'office', contentType: OFFICE_BY_EXTENSION[ext]! };
  if (ole && ['doc', 'xls', 'ppt'].includes(ext)) return { kind: 'office', contentType: OFFICE_BY_EXTENSION[ext]! };
  if (zip || ole) return null;
  return isPlainText(b) ? { kind: 'text', contentType: 'text/plain; charset=utf-8' } : null;
}

/** Valid UTF-8 without control characters (tab and line breaks aside), and not markup a browser would run. */
function isPlainText(b: Uint8Array): boolean {
  if (b.length === 0) return false;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    return false;
  }
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(text)) return false;
  const head = text.slice(0, 1024).trimStart().toLowerCase();
  return !/^(<!doctype|<html|<svg|<\?xml|<script|<head|<body|<iframe)/.test(head);
}

/** A filename safe in a header and on any disk: no paths, no quotes, no control characters. */
export function safeFilename(name: string | null | undefined, fallback = 'attachment'): string {
  const base = (name ?? '').split(/[\\/]/).pop()!.replace(/[^\p{L}\p{N}.\- _()]/gu, '_').replace(/^\.+/, '').slice(0, 200).trim();
  return base || fallback;
}
