// Draws the warning banner from a model built by the service worker (lib/banner-model.js).
// It lives in a closed shadow root on its own element, so page styles cannot reach it and it
// cannot restyle the page, and the page's scripts cannot find its buttons (host.shadowRoot is
// null; this script runs in the extension's isolated world, so a page that patches
// attachShadow patches only its own copy). Its buttons act only on trusted events (a real
// click, tap or key press): a hostile shop's script cannot "Dismiss" its own warning.
// A classic script defining globalThis.radarBanner.
(function defineBanner(root) {
  'use strict';

  const HOST_TAG = 'counterfeit-radar-banner';

  // Colours keep at least 4.5:1 contrast (WCAG AA) for all text on its background.
  const STYLE = `
    :host { all: initial; display: block; }
    .banner { box-sizing: border-box; display: flex; gap: 12px; align-items: flex-start;
      width: 100%; padding: 12px 16px; border-bottom: 4px solid #000;
      font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
    .counterfeit { background: #FDECEE; color: #3B0009; border-color: #B00020; }
    .suspicious { background: #FFF4E0; color: #3D2600; border-color: #B35C00; }
    .mark { flex: none; width: 32px; height: 32px; border-radius: 50%; color: #FFF;
      font-weight: 700; font-size: 20px; line-height: 32px; text-align: center; }
    .counterfeit .mark { background: #B00020; }
    .suspicious .mark { background: #8A4500; }
    .body { flex: 1; min-width: 0; }
    h2 { margin: 0 0 2px; font-size: 17px; font-weight: 700; }
    p { margin: 0 0 4px; }
    ul { margin: 4px 0 0; padding-left: 20px; }
    li { margin: 2px 0; }
    a { color: inherit; font-weight: 600; text-decoration: underline; }
    .actions { flex: none; display: flex; gap: 8px; flex-wrap: wrap; }
    button { font: inherit; font-size: 14px; padding: 6px 12px; border-radius: 4px;
      border: 1px solid currentColor; background: #FFF; color: inherit; cursor: pointer; }
    button.primary { background: #1A1A1A; color: #FFF; border-color: #1A1A1A; }
    button:focus-visible, a:focus-visible { outline: 3px solid #1A73E8; outline-offset: 2px; }
  `;

  function element(doc, tag, attributes, text) {
    const node = doc.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function reasonItem(doc, reason, evidenceLabel) {
    const item = element(doc, 'li', { class: `reason ${reason.severity}` }, reason.message);
    if (reason.evidenceUrl) {
      item.append(' ');
      item.append(element(doc, 'a', { href: reason.evidenceUrl, target: '_blank',
        rel: 'noopener noreferrer' }, evidenceLabel));
    }
    return item;
  }

  /** Remove our banner, if any. */
  function remove(doc) {
    for (const host of doc.querySelectorAll(HOST_TAG)) host.remove();
  }

  /**
   * Show model ({verdict, heading, summary, seller, reasons, labels}) at the top of the page.
   * actions: {report(), details(), dismiss()}. Returns the host element.
   */
  function show(doc, model, actions) {
    remove(doc);
    const host = doc.createElement(HOST_TAG);
    host.setAttribute('data-radar-verdict', model.verdict);
    host.setAttribute('style', 'all: initial; display: block; position: relative; z-index: 2147483647;');
    const shadow = host.attachShadow({ mode: 'closed' });
    shadow.append(element(doc, 'style', {}, STYLE));

    const banner = element(doc, 'section', { class: `banner ${model.verdict}`, role: 'alert',
      'aria-label': model.labels.region });
    banner.append(element(doc, 'div', { class: 'mark', 'aria-hidden': 'true' }, '!'));
    const body = element(doc, 'div', { class: 'body' });
    body.append(element(doc, 'h2', {}, model.heading));
    body.append(element(doc, 'p', { class: 'summary' }, model.summary));
    if (model.seller) body.append(element(doc, 'p', { class: 'seller' }, model.seller));
    if (model.reasons.length) {
      const list = element(doc, 'ul', { class: 'reasons' });
      for (const reason of model.reasons) list.append(reasonItem(doc, reason, model.labels.evidence));
      body.append(list);
    }
    banner.append(body);

    const buttons = element(doc, 'div', { class: 'actions' });
    for (const [name, label, primary] of [['report', model.labels.report, true],
      ['details', model.labels.details], ['dismiss', model.labels.dismiss]]) {
      const button = element(doc, 'button', { type: 'button', 'data-action': name,
        class: primary ? 'primary' : '' }, label);
      button.addEventListener('click', (event) => {
        event.stopPropagation();
        if (!event.isTrusted) return; // made by a script, not by the shopper
        if (name === 'dismiss') host.remove();
        if (actions && actions[name]) actions[name]();
      });
      buttons.append(button);
    }
    banner.append(buttons);
    shadow.append(banner);

    (doc.body || doc.documentElement).prepend(host);
    return host;
  }

  root.radarBanner = Object.freeze({ show, remove, HOST_TAG });
}(globalThis));
