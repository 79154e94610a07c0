// Rewrites extension/manifest.json's content-script match patterns, host permissions and content
// script files from extension/lib/marketplaces.js. Run after changing a marketplace:
//   node tests/extension/sync-manifest.js
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MARKETPLACES, contentScriptMatches, hostPermissions } from '../../extension/lib/marketplaces.js';

/**
 * The content scripts in the order they must load (classic scripts sharing globalThis): the
 * readers, the marketplaces' registry, one module per marketplace in lib/marketplaces.js's
 * order (content/marketplaces/<id>.js), the snapshot, the banner, and main.js last.
 */
export function contentScripts() {
  return ['content/prices.js', 'content/facts.js', 'content/marketplace-pages.js',
    ...MARKETPLACES.map((market) => `content/marketplaces/${market.id}.js`),
    'content/snapshot.js', 'content/banner.js', 'content/main.js'];
}

/** Every http(s) site (not file:, not other extensions). */
export const ALL_SITES = '*://*/*';

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../extension/manifest.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  manifest.content_scripts[0].matches = contentScriptMatches();
  manifest.content_scripts[0].js = contentScripts();
  // The API's addresses (http://127.0.0.1, http://localhost) stay first, then every site: the
  // worker reads each tab's URL to look its domain up in the local prefix set, and injects the
  // banner on a listed or lookalike shop (docs/extension.md, "Modes"). The marketplaces' own
  // entries stay, so the content scripts' hosts are granted even where all sites are not.
  manifest.host_permissions = [...manifest.host_permissions.filter((host) => host.startsWith('http://')),
    ALL_SITES, ...hostPermissions()];
  delete manifest.optional_host_permissions; // every origin is granted already
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`${manifest.content_scripts[0].matches.length} match patterns written to ${file}`);
}
