// A rule file in GET /api/v1/rulefile's shape for the node tests of lib/rules.js and the
// private check (one fictional brand, Zorblax, and a rule of each kind).

export const NOT_WORD = '[\\p{L}\\p{N}_]';

/** A small valid rule file (one fictional brand, Zorblax); changes replace its sections. */
export function ruleFile(changes = {}) {
  return {
    format: 1,
    list_version: 7,
    text: { casefold: { ß: 'ss' }, combining: [[0x300, 0x36f]], spaces: '\u00a0',
      whitespace: ' \t\n\r\f\v\u00a0' },
    // fits: for extensions older than `compatibility` (tests/extension/legacy/); newer ones ignore it.
    brands: [{ name: 'Zorblax', domains: ['zorblax.com'],
      fits: { source: `(?<!${NOT_WORD})(?:for|fits)[ ]+zorblax(?!${NOT_WORD})`, flags: 'u' } }],
    compatibility: { opener: { source: `(?<!${NOT_WORD})(?:for|fits)[ ]+`, flags: 'u' },
      list_step: { source: '([ ]*[,/][ ]*)|[;()]', flags: 'u' }, wording_first: { source: '(?:for|fits)[ ]+', flags: 'u' },
      max_item: 40, step_window: 60, max_openers: 20 },
    brand_forms: [['zorblax', 0]],
    title_rules: {
      prohibited_item: [{ name: 'Zap badges', pattern: { source: 'zap[ ]+badges?', flags: 'iu' },
        except: { source: 'toy', flags: 'iu' }, needs_brand: false, case_sensitive: false, evidence_url: 'https://law.example/zap' }],
      replica_phrase: [{ name: 'replica', pattern: { source: 'replicas?', flags: 'iu' }, except: null,
        needs_brand: true, evidence_url: null }],
      ...changes.title_rules,
    },
    price: {
      floors: { Zorblax: [{ product_type: 'watch',
        keywords: { source: `(?<!${NOT_WORD})(?:watch)(?!${NOT_WORD})`, flags: 'u' }, min_price: 100, currency: 'USD' }] },
      units_per_usd: { USD: 1, JPY: 144 },
      second_hand: { source: `(?<!${NOT_WORD})used(?!${NOT_WORD})`, flags: 'iu' },
      accessory: { source: `(?<!${NOT_WORD})strap(?!${NOT_WORD})`, flags: 'iu' },
      included: { source: 'with[ ]+box', flags: 'u' },
    },
    sites: { official: { 'zorblax.com': 0 }, markets: [{ name: 'Bazaar', review_year: 2024, evidence_url: null }],
      notorious_by_domain: { 'bazaar.example': 0 }, notorious_by_marketplace: {} },
    lookalike: {
      token_brand: [['zorblax', 0]], hyphenated: {}, by_domain: { 'zorblax.com': 0 },
      words: { SHOP_WORDS: ['outlet', 'shop'], COMMON_WORD_TOKENS: [], NOT_SHOP_WORDS: ['fans'],
        NEUTRAL_WORDS: ['us'], THROWAWAY_TLDS: ['shop'], SHOP_PLATFORM_SUFFIXES: [], TYPO_LOOKALIKE_WORDS: [],
        SHOP_SIGNALS: ['outlet', 'shop'] },
      digit_letters: { 0: 'o' }, letters: { о: ['o', true] }, max_variants: 64, max_subdomain_labels: 6,
      typo_min_brand: 5,
    },
    reasons: {
      severity: { prohibited_item: 'high', counterfeit_phrase: 'medium', price_below_floor: 'medium',
        official_site: 'info', lookalike_domain: 'medium', notorious_market: 'low' },
      rank: { high: 0, medium: 1, low: 2, info: 3 },
      messages: {
        prohibited_item: 'The title offers "{matched}": {rule} are never sold legitimately.',
        counterfeit_phrase: 'The title uses "{matched}", wording that sellers of replicas use.',
        price_below_floor: 'Priced at {amount} {currency}, far below the lowest plausible price of a genuine {brand} {product_type} (about {min_price} {floor_currency}).',
        official_site: "This is {brand}'s official website ({domain}).",
        notorious_market: "{name} is named in the U.S. Trade Representative's {year} Review of Notorious Markets for Counterfeiting and Piracy.",
        lookalike_domain: "This shop's address ({shown}) {trick}, but it is not one of {brand}'s own websites{own}.",
        lookalike_shown_as: '{shown}, shown as {unicode}',
        lookalike_own: ' ({domains})',
      },
      lookalike_tricks: { name: 'uses the name {brand}', letters: 'spells {brand} with look-alike letters from another alphabet',
        digits: 'spells {brand} with numbers in place of letters', subdomain: 'puts the name {brand} in front of another website\'s address ({domain})',
        hyphens: 'splits the name {brand} with hyphens', typo: 'uses a misspelling of {brand}' },
    },
    ...changes,
  };
}
