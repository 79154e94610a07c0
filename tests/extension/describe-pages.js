// Runs the content scripts' describePage() in jsdom on pages named on stdin, for
// tests/test_extension_facts.py: reads [{url, path}] (path: an .html or .html.gz file), writes
// [{url, title, facts, html}] (html: the Full check snapshot) as JSON to stdout.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { pageWindow, CONTENT_SCRIPTS } from './helpers.js';

const pages = JSON.parse(readFileSync(0, 'utf8'));
const results = [];
for (const { url, path } of pages) {
  const data = readFileSync(path);
  const html = (path.endsWith('.gz') ? gunzipSync(data) : data).toString('utf8');
  const window = pageWindow(html, url, CONTENT_SCRIPTS);
  results.push(window.radarSnapshot.describePage(window.document, { snapshot: true, maxBytes: 256 * 1024 }));
  window.close();
}
process.stdout.write(JSON.stringify(results));
