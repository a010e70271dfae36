// A catalog item's name in the reader's language: an item still named as its
// preset ships it (P-3.2) is shown translated; a name an admin wrote is theirs.
import type { TFunction } from 'i18next';
import { CATALOG_PRESETS } from '../../../src/domain/economics.ts';

/** The item's name, translated when it is a preset's own wording. */
export function catalogName(t: TFunction, item: { name: string; preset?: string | null }): string {
  const index = item.preset ? (CATALOG_PRESETS[item.preset]?.findIndex((p) => p.name === item.name) ?? -1) : -1;
  return index >= 0 ? t(`desk.catalog.${item.preset}.${index}`, { defaultValue: item.name }) : item.name;
}
