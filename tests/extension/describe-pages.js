// Runs the content scripts' describePage() in jsdom on pages named on stdin, for
// tests/test_extension_facts.py: reads [{url, path}] (path: an .html or .html.gz file), writes
// [{url, title, facts, html, liveFacts}] as JSON to stdout: facts and html as Full check mode
// reads them (from the allow-listed snapshot), liveFacts as private mode does (from the page).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { pageWindow, CONTENT_SCRIPTS } from './helpers.js';

const pages = JSON.parse(readFileSync(0, 'utf8'));
const results = [];
for (const { url, path } of pages) {
  const data = readFileSync(path);
  const html = (path.endsWith('.gz') ? gunzipSync(data) : data).toString('utf8');
  const window = pageWindow(html, url, CONTENT_SCRIPTS);
  const full = window.radarSnapshot.describePage(window.document, { snapshot: true, maxBytes: 256 * 1024 });
  const live = window.radarSnapshot.describePage(window.document, { snapshot: false });
  results.push({ ...full, liveFacts: live.facts, liveTitle: live.title, liveUrl: live.url });
  window.close();
}
process.stdout.write(JSON.stringify(results));
