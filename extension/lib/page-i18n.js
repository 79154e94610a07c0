// Fills the popup's and options page's text from _locales: elements carry data-i18n (text),
// data-i18n-placeholder, data-i18n-aria-label or data-i18n-title with a message name.

const ATTRIBUTES = [['i18nPlaceholder', 'placeholder'], ['i18nAriaLabel', 'aria-label'],
  ['i18nTitle', 'title']];

/** Replace marked text in root using t(key), the localized-message lookup. */
export function localize(root, t) {
  for (const element of root.querySelectorAll('[data-i18n]')) {
    element.textContent = t(element.dataset.i18n);
  }
  for (const [dataName, attribute] of ATTRIBUTES) {
    const selector = `[data-${dataName.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}]`;
    for (const element of root.querySelectorAll(selector)) {
      element.setAttribute(attribute, t(element.dataset[dataName]));
    }
  }
}
