// Writes extension/privacy.html from docs/privacy.md, so the extension ships the policy it
// links on its first-run and options pages (it works offline and always matches the code).
// Run after changing docs/privacy.md (a test fails until you do):
//   node tests/extension/sync-privacy.js
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const POLICY_SOURCE = path.join(ROOT, 'docs/privacy.md');
export const POLICY_PAGE = path.join(ROOT, 'extension/privacy.html');

function escape(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Inline markdown: `code`, **bold**, *emphasis* (the policy uses nothing else). */
function inline(text) {
  return escape(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/\*([^*]+)\*/g, '<em>$1</em>');
}

/** The HTML body of the policy's markdown: headings, paragraphs and bullet lists. */
export function policyHtml(markdown) {
  const out = [];
  let paragraph = [];
  let items = null;
  const flush = () => {
    if (paragraph.length) out.push(`<p>${inline(paragraph.join(' '))}</p>`);
    paragraph = [];
    if (items) out.push(`<ul>\n${items.map((item) => `  <li>${inline(item.join(' '))}</li>`).join('\n')}\n</ul>`);
    items = null;
  };
  for (const line of markdown.split('\n')) {
    const heading = line.match(/^(#{1,3}) (.*)$/);
    if (heading) {
      flush();
      out.push(`<h${heading[1].length}>${inline(heading[2])}</h${heading[1].length}>`);
    } else if (/^- /.test(line)) {
      if (paragraph.length) { out.push(`<p>${inline(paragraph.join(' '))}</p>`); paragraph = []; }
      items ??= [];
      items.push([line.slice(2).trim()]);
    } else if (!line.trim()) {
      flush();
    } else if (items && /^\s/.test(line)) {
      items[items.length - 1].push(line.trim());
    } else {
      if (items) flush();
      paragraph.push(line.trim());
    }
  }
  flush();
  return out.join('\n');
}

/** The whole extension/privacy.html for the policy's markdown. */
export function policyPage(markdown) {
  return `<!DOCTYPE html>
<!-- Generated from docs/privacy.md by tests/extension/sync-privacy.js; do not edit. -->
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Counterfeit Radar privacy policy</title>
  <link rel="stylesheet" href="popup.css">
  <style>body { width: auto; max-width: 720px; margin: 24px auto; padding: 0 16px; }
    h1 { font-size: 22px; } h2 { font-size: 17px; display: block; margin-top: 20px; }
    p, li { line-height: 1.5; }</style>
</head>
<body>
${policyHtml(markdown)}
</body>
</html>
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(POLICY_PAGE, policyPage(readFileSync(POLICY_SOURCE, 'utf8')));
  console.log(`wrote ${POLICY_PAGE}`);
}
