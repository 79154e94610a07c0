// eBay: item numbers and seller names, the seller card (item and store pages), item specifics' brand, ported from
// backend/marketplaces/ebay.py. A classic content script (after content/marketplace-pages.js):
// registers its entry on globalThis.radarMarketplacePages.
(function defineEbay(root) {
  'use strict';

  const { register, firstMatch, queryOf } = root.radarMarketplacePages;
  const { currencyOfDomain, parsePrice, structuredPrice } = root.radarPrices;
  const { emptyFacts } = root.radarFacts;

  const EBAY_USER = '([A-Za-z0-9][A-Za-z0-9._*-]{0,63})';
  const EBAY_BRAND_LABEL = "//td[contains(@class, 'attrLabels')][starts-with(normalize-space(), 'Brand') or "
    + "starts-with(normalize-space(), 'Marke') or starts-with(normalize-space(), 'Marque') or "
    + "starts-with(normalize-space(), 'Marca') or starts-with(normalize-space(), 'Merk')]";

  // A store page's seller card (backend _STORE_CARD): the first on the page, its links outside
  // any description.
  const EBAY_STORE_CARD = "(//*[contains(concat(' ', normalize-space(@class), ' '), ' str-seller-card ')])[1]";
  const EBAY_STORE_CARD_LINKS = ".//a[not(ancestor::*[contains(@class, 'description')])]/@href";
  const EBAY_STORE_NAME = ".//*[contains(@class, 'str-seller-card__store-name')]";
  const EBAY_SELLER_SHAPE = root.radarMarketplaceData.find((known) => known.id === 'ebay').sellerShape;

  function ebayUser(href) {
    if (!href) return null;
    let text = href;
    try {
      text = decodeURIComponent(href);
    } catch { /* keep it encoded */ }
    for (const pattern of [new RegExp(`/usr/${EBAY_USER}(?=[/?#]|$)`),
      new RegExp(`/fdbk/(?:feedback_profile|mweb_profile)/${EBAY_USER}(?=[/?#]|$)`)]) {
      const match = pattern.exec(text);
      if (match) return match[1];
    }
    const params = queryOf(text);
    for (const key of ['_ssn', 'requested', 'sid']) if (params.get(key)) return params.get(key);
    return null;
  }

  function ebaySeller(reader) {
    const card = reader.first("//*[contains(@class, 'x-sellercard-atf')]");
    if (card) {
      const about = reader.first(".//*[contains(@class, 'x-sellercard-atf__info__about-seller')]", card);
      const name = reader.firstTextIn(card, [
        ".//*[contains(@class, 'x-sellercard-atf__info__about-seller')]//*[contains(@class, 'ux-textspans--BOLD')]",
        ".//*[contains(@class, 'x-sellercard-atf__info__about-seller')]//a"]);
      let user = null;
      for (const href of reader.xpath('.//a/@href', card).slice(0, 20)) {
        user = ebayUser(href);
        if (user) break;
      }
      if (user === null && about && about.getAttribute('title')) user = about.getAttribute('title').trim();
      return [user, name || user];
    }
    const storeCard = reader.first(EBAY_STORE_CARD);
    if (storeCard) return ebayStoreSeller(reader, storeCard);
    let link = reader.byId('mbgLink');
    if (!link) link = reader.first("//*[contains(@class, 'si-inner')]//a[contains(@href, '/usr/')]");
    let user = link ? ebayUser(link.getAttribute('href')) : null;
    const name = reader.firstText(["//span[@class='mbg-nw']"], 100);
    if (user === null && name) user = name;
    return [user, name || user];
  }

  /** [user id, store name] of a store page's seller card; no id if its links name two users. */
  function ebayStoreSeller(reader, card) {
    const users = new Set();
    for (const href of reader.xpath(EBAY_STORE_CARD_LINKS, card).slice(0, 40)) {
      const user = (ebayUser(href) || '').toLowerCase();
      if (EBAY_SELLER_SHAPE.test(user)) users.add(user);
    }
    const user = users.size === 1 ? [...users][0] : null;
    const name = reader.firstTextIn(card, [EBAY_STORE_NAME], 100);
    return [user, name || user];
  }

  function ebayPrice(reader) {
    const fallback = currencyOfDomain(reader.domain);
    const currency = reader.itemprop('priceCurrency').map((element) => element.getAttribute('content')).find(Boolean) || null;
    for (const element of reader.itemprop('price').slice(0, 3)) {
      const content = element.getAttribute('content');
      const price = content ? structuredPrice(content, currency, fallback)
        : parsePrice(reader.text(element, 60) || '', fallback, currency);
      if (price) return price;
    }
    const text = reader.firstText(["//*[contains(@class, 'x-price-primary')]//*[contains(@class, 'ux-textspans')]",
      "//*[contains(@class, 'x-price-primary')]"], 80)
      || reader.text(reader.firstId('prcIsum', 'mm-saleDscPrc', 'prcIsum_bidPrice'), 80);
    return text ? parsePrice(text, fallback) : null;
  }

  function ebayBrand(reader) {
    const brand = reader.firstText(["//*[contains(@class, 'ux-labels-values--brand')]//*[contains(@class, 'ux-labels-values__values')]"], 100)
      || reader.firstText([`${EBAY_BRAND_LABEL}/following-sibling::td[1]`], 100);
    if (brand) return brand;
    const element = reader.itemprop('brand')[0];
    if (!element) return null;
    return reader.text(reader.first(".//*[@itemprop='name']", element) || element, 100);
  }

  function ebayTitle(reader) {
    const current = reader.firstText(["//h1[contains(@class, 'x-item-title__mainTitle')]"], 300);
    if (current) return current;
    const older = reader.byId('itemTitle');
    const title = older && reader.ownText(older, 300);
    if (title) return title;
    const og = reader.meta('og:title');
    return og ? og.replace(/\s*\|\s*eBay\s*$/i, '') : null;
  }

  const ebay = {
    id: 'ebay',
    linkParams: ['requested'],
    region: [
      "#descItemNumber, [class*='ux-layout-section__textual-display--itemId']",
      "[class*='x-sellercard-atf'], #mbgLink, [class*='si-inner'] a[href*='/usr/'], span[class='mbg-nw']",
      "h1[class*='x-item-title__mainTitle'], #itemTitle",
      "[class*='x-price-primary'], #prcIsum, #mm-saleDscPrc, #prcIsum_bidPrice",
      "[class*='ux-labels-values--brand']",
    ],
    // Of the item specifics, the "Brand:" row only; of a store page, its own seller card.
    keepIf: [[`${EBAY_BRAND_LABEL} | ${EBAY_BRAND_LABEL}/following-sibling::td[1]`], [EBAY_STORE_CARD]],
    read(reader) {
      const found = emptyFacts();
      const itemText = reader.text(reader.byId('descItemNumber'), 80) || reader.firstText([
        "//*[contains(@class, 'ux-layout-section__textual-display--itemId')]//*[contains(@class, 'ux-textspans--BOLD')]",
        "//*[contains(@class, 'ux-layout-section__textual-display--itemId')]"], 80);
      const item = firstMatch(itemText, /\b(\d{9,15})\b/);
      found.listingId = item ? item[1] : null;
      [found.sellerId, found.sellerName] = ebaySeller(reader);
      found.title = ebayTitle(reader);
      found.price = ebayPrice(reader);
      found.brand = ebayBrand(reader);
      return found;
    },
  };

  register(ebay);
}(globalThis));
