// The "access to shopping sites" section of the options and first-run pages. It shows when the
// browser does not grant the sites the manifest asks for: Firefox lets shoppers withdraw them and
// may not grant them at install. Its button asks from the click itself.

/**
 * Wire the section (#site-access, #site-access-grant, #site-access-status) in doc and show it
 * when access is missing. `browser` is lib/browser.js (hasSiteAccess, requestSiteAccess, t).
 */
export async function showSiteAccess(doc, browser) {
  const section = doc.getElementById('site-access');
  const status = doc.getElementById('site-access-status');
  doc.getElementById('site-access-grant').addEventListener('click', () => {
    // No await before the request: Firefox takes it as the shopper's only within the click.
    browser.requestSiteAccess().then((granted) => {
      status.textContent = browser.t(granted ? 'siteAccessGranted' : 'siteAccessDenied');
      section.dataset.granted = String(granted);
    }, (error) => {
      status.textContent = error.message;
    });
  });
  section.hidden = await browser.hasSiteAccess();
}
