// Registered domains by the Public Suffix List, private suffixes included, exactly as the
// backend reads them with tldextract (backend/urls.py): shop.myshopify.com is a shop of its
// own, not all of myshopify.com. The rules (psl-data.js) are generated from the snapshot
// tldextract bundles; this is tldextract's own walk over them, quirks included.
import { PSL_RULES } from './psl-data.js';

let root = null;

/** The rules as a trie of reversed labels, built once on first use (~10k rules). */
function trie() {
  if (root) return root;
  root = new Map();
  for (const rule of PSL_RULES.split('\n')) {
    let node = root;
    for (const label of rule.split('.').reverse()) {
      let child = node.get(label);
      if (!child) {
        child = new Map();
        node.set(label, child);
      }
      node = child;
    }
    node.end = true;
  }
  return root;
}

/**
 * The index of the first label of the public suffix in labels (lower-case ASCII), or -1
 * when no rule matches (tldextract's suffix_index, public or private alike).
 */
export function suffixIndex(labels) {
  let node = trie();
  let suffixAt = labels.length;
  let at = labels.length;
  for (let index = labels.length - 1; index >= 0; index -= 1) {
    const label = labels[index];
    const child = node.get(label);
    if (child) {
      at -= 1;
      node = child;
      if (node.end) suffixAt = at;
      continue;
    }
    // tldextract applies a wildcard only where no label matched, and stops there.
    if (node.has('*')) return node.has(`!${label}`) ? at : at - 1;
    break;
  }
  return suffixAt === labels.length ? -1 : suffixAt;
}

/**
 * The registered domain ("bbc.co.uk" for "forums.bbc.co.uk", "shop.myshopify.com" for itself)
 * of a lower-case ASCII host without trailing dots; '' when the host is a public suffix or
 * has none (tldextract's top_domain_under_public_suffix).
 */
export function topDomainUnderPublicSuffix(host) {
  const labels = host.split('.');
  const at = suffixIndex(labels);
  if (at <= 0) return '';
  const domain = labels[at - 1];
  const suffix = labels.slice(at).join('.');
  return domain && suffix ? `${domain}.${suffix}` : '';
}

/** Whether host is itself a public suffix (co.uk, github.io, a wildcard's match). */
export function isPublicSuffix(host) {
  return suffixIndex(host.split('.')) === 0;
}
