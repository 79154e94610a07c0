// Compatibility wording, as backend/matching/compatibility.py and catalog.Catalog._mentions read
// it: a brand named right after "for", "compatible with", "fits", "für", "pour" ... or as a later
// item of the list they open ("charger for iPhone 15, Xiaomi, Samsung") is what the product
// fits, not its maker. The patterns come in the rule file's `compatibility` section; a file
// without it (an older server) reads no wording, and its brands' `fits` patterns, when present,
// exempt the price floor as that server did (docs/extension.md, "The rule file").
import { codePoints } from './rules-regex.js';

const WORD = /[\p{L}\p{N}_]/u;
const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Whether the rule file's `compatibility` section is absent (fine) or well formed. */
export function validCompatibility(section) {
  if (section === undefined || section === null) return true;
  return isObject(section) && ['opener', 'list_step', 'wording_first'].every((key) => isObject(section[key]))
    && [section.max_item, section.step_window, section.max_openers].every((size) => Number.isInteger(size) && size >= 0);
}

/** The section's patterns, compiled when first needed (lazy(spec) -> () => Pattern|null); null when absent. */
export function compileCompatibility(section, lazy) {
  if (!isObject(section)) return null;
  return { opener: lazy(section.opener), listStep: lazy(section.list_step), wordingFirst: lazy(section.wording_first),
    maxItem: section.max_item, stepWindow: section.step_window, maxOpeners: section.max_openers };
}

/**
 * compatibility.fitted_items: the items of the lists compatibility wording opens, as a Map
 * start -> end of match_form code points ("charger for iPhone 15, Xiaomi, Samsung": three).
 */
export function fittedItems(rules, codes, budget) {
  const items = new Map();
  if (!rules.compatibility) return items;
  const { opener: openerOf, listStep: stepOf, maxItem, stepWindow, maxOpeners } = rules.compatibility;
  const [opener, step] = [openerOf(), stepOf()];
  if (!opener || !step) return items;
  let from = 0;
  for (let count = 0; count < maxOpeners; count += 1) {
    const found = opener.search(codes, from, budget);
    if (!found) break;
    let at = found.end;
    while (!items.has(at)) { // a list walked on from an item seen before goes on as before
      // Python's search(text, at, at + step_window): the text as if it ended there.
      const next = step.search(codes.slice(0, at + stepWindow), at, budget);
      const end = next ? next.start : codes.length;
      items.set(at, Math.min(end, at + maxItem));
      if (!next || !next.groups[1] || end - at > maxItem) break;
      at = next.end;
    }
    from = Math.max(found.end, found.start + 1);
  }
  return items;
}

/** catalog.Catalog._mentions: [brand, named as what the product fits] for every mention, in order. */
export function* mentions(rules, title, budget) {
  if (!title) return;
  const codes = codePoints(rules.text.matchForm(title));
  let items = null;
  let coveredUntil = -1; // the end of the item a fitted name began
  for (let start = 0; start < codes.length; start += 1) {
    if (start > 0 && WORD.test(codes[start - 1])) continue;
    for (const length of rules.lengths) {
      const end = start + length;
      if (end > codes.length || (end < codes.length && WORD.test(codes[end]))) continue;
      const brand = rules.byForm.get(codes.slice(start, end).join(''));
      if (!brand) continue;
      items ??= fittedItems(rules, codes, budget);
      if (items.has(start)) coveredUntil = items.get(start);
      yield [brand, start < coveredUntil];
      start = end - 1; // the next mention begins after this one
      break;
    }
  }
}

/** catalog.find_brand: the first brand the title names other than as what the product fits. */
export function findBrandIn(rules, title, budget) {
  for (const [brand, fitted] of mentions(rules, title, budget)) if (!fitted) return brand;
  return null;
}

/** catalog.mentions_brand: whether the title names any known brand, even as what it fits. */
export function mentionsBrand(rules, title, budget) {
  return !mentions(rules, title, budget).next().done;
}

/**
 * catalog.names_as_fitted: whether the title names brand as what the product fits ("strap fits
 * Rolex Submariner"). From an older server's file (no `compatibility`): its brand's `fits`.
 */
export function namesAsFitted(rules, title, brand, budget) {
  if (!rules.compatibility) {
    const fits = brand.fitsPattern?.();
    return Boolean(fits && fits.test(codePoints(rules.text.matchForm(title)), budget));
  }
  for (const [found, fitted] of mentions(rules, title, budget)) if (fitted && found === brand) return true;
  return false;
}

/** compatibility.is_wording: a declared brand field that reads "for Samsung", "Compatible with Apple". */
export function isWording(rules, field, budget) {
  const pattern = rules.compatibility?.wordingFirst();
  if (!field || !pattern) return false;
  const found = pattern.search(codePoints(rules.text.matchForm(rules.text.strip(field))), 0, budget);
  return found !== null && found.start === 0;
}
