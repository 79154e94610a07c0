// Shared by the node tests: paths, the locale messages, and jsdom windows running the
// content scripts the way the browser does (classic scripts evaluated in the page).
import { readFileSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { JSDOM } from 'jsdom';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const EXTENSION = path.resolve(HERE, '../../extension');
export const CORPUS = path.resolve(HERE, '../../../shared/corpus/pages');
export const FIXTURES = path.join(HERE, 'fixtures');

export const manifest = JSON.parse(readFileSync(path.join(EXTENSION, 'manifest.json'), 'utf8'));
export const messages = JSON.parse(readFileSync(path.join(EXTENSION, '_locales/en/messages.json'), 'utf8'));

/** chrome.i18n.getMessage over _locales/en, failing loudly on a missing key. */
export function t(key, substitutions = []) {
  const entry = messages[key];
  if (!entry) throw new Error(`missing message ${key}`);
  const subs = [].concat(substitutions);
  return entry.message.replace(/\$([A-Z_]+)\$/g, (_, name) => {
    const content = entry.placeholders[name.toLowerCase()] ?? entry.placeholders[name];
    return content.content.replace(/\$(\d)/, (__, n) => subs[Number(n) - 1] ?? '');
  });
}

/** The content scripts that read pages, in the order the manifest loads them. */
export const CONTENT_SCRIPTS = manifest.content_scripts[0].js.filter((script) => !/\/(?:banner|main)\.js$/.test(script));

/** A jsdom window at url with the given content scripts evaluated in it. */
export function pageWindow(html, url, scripts = [...CONTENT_SCRIPTS, 'content/banner.js']) {
  const dom = new JSDOM(html, { url, runScripts: 'outside-only' });
  dom.window.TextEncoder ??= TextEncoder; // browsers have it; jsdom does not
  for (const script of scripts) dom.window.eval(readFileSync(path.join(EXTENSION, script), 'utf8'));
  return dom.window;
}

/** Corpus pages as [{file, url, marketplace, seller_id, ...}], [] when shared/ is absent. */
export function corpusPages() {
  const manifestPath = path.join(CORPUS, 'manifest.csv');
  if (!existsSync(manifestPath)) return [];
  const [header, ...rows] = readFileSync(manifestPath, 'utf8').trim().split('\n');
  const names = header.split(',');
  return rows.map((row) => {
    const cells = row.match(/("([^"]|"")*"|[^,]*)(,|$)/g).map((cell) => cell.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"'));
    return Object.fromEntries(names.map((name, index) => [name, cells[index] ?? '']));
  });
}

export function corpusHtml(file) {
  return gunzipSync(readFileSync(path.join(CORPUS, file))).toString('utf8');
}
