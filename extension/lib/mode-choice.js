// The choice between the two modes, worded the same on the first-run page and the options
// page: what each does and what leaves the browser in each (docs/privacy.md). Pure DOM
// building; the pages wire it to the worker.
import { MODES, PRIVACY_POLICY_PAGE } from './config.js';

const TEXT = {
  private: { label: 'modePrivateLabel', summary: 'modePrivateSummary', sends: 'modePrivateSends' },
  full: { label: 'modeFullLabel', summary: 'modeFullSummary', sends: 'modeFullSends' },
};

function element(doc, tag, attributes = {}, text) {
  const node = doc.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * A <fieldset> with one radio per mode (id mode-<mode>, name "mode"), `selected` checked,
 * each explained; then what holds in both modes and the privacy policy link (policyUrl).
 */
export function modeChoice(doc, t, { selected = 'private', policyUrl = PRIVACY_POLICY_PAGE } = {}) {
  const fieldset = element(doc, 'fieldset', { class: 'mode-choice' });
  fieldset.append(element(doc, 'legend', {}, t('modeLegend')));
  for (const mode of MODES) {
    const text = TEXT[mode];
    const option = element(doc, 'div', { class: `mode-option mode-${mode}` });
    const input = element(doc, 'input', { type: 'radio', name: 'mode', value: mode, id: `mode-${mode}`,
      'aria-describedby': `mode-${mode}-summary mode-${mode}-sends` });
    input.checked = mode === selected;
    const label = element(doc, 'label', { for: `mode-${mode}` });
    label.append(input, ' ', element(doc, 'span', {}, t(text.label)));
    option.append(label,
      element(doc, 'p', { id: `mode-${mode}-summary`, class: 'mode-summary' }, t(text.summary)),
      element(doc, 'p', { id: `mode-${mode}-sends`, class: 'mode-sends' }, t(text.sends)));
    fieldset.append(option);
  }
  fieldset.append(element(doc, 'p', { class: 'mode-both' }, t('modeBoth')));
  const policy = element(doc, 'p', { class: 'privacy-link' });
  policy.append(element(doc, 'a', { id: 'privacy-link', href: policyUrl, target: '_blank',
    rel: 'noopener' }, t('privacyLink')));
  fieldset.append(policy);
  return fieldset;
}

/** The mode checked in a modeChoice fieldset. */
export function chosenMode(fieldset) {
  const checked = fieldset.querySelector('input[name="mode"]:checked');
  return checked && MODES.includes(checked.value) ? checked.value : null;
}
