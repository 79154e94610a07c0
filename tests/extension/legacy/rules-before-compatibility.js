// extension/lib/rules.js as extensions were built before the rule file's `compatibility` section
// (commit 54b8dc5), frozen: tests/test_brand_compatibility.py and tests/extension/rules.test.js
// run the current rule file through it, to prove such an install still gets its price floors
// (from `brands[].fits`, docs/extension.md "The rule file"). Only the import paths differ.
// The page-content rules of private mode, run in the extension from the backend's rule file
// (GET /api/v1/rulefile; backend/rulefile.py). evaluate() gives the reasons that
// backend/check.py's title_reasons, price_reasons and site_reasons give for the same facts
// (same codes, severities, messages, evidence URLs and order), with the brand found in the
// title as check.py finds it; verdictOf() and scoreOf() are backend/matching/scoring.py.
// tests/test_rulefile_parity.py proves the two agree. Listed, reported and relisted reasons
// are not here: they come from the private lookups (/hashes) and the server.
import { Pattern, PatternError, codePoints, stepBudget } from '../../../extension/lib/rules-regex.js';
import { createText, formatNumber } from '../../../extension/lib/rules-text.js';
import { createLookalike } from '../../../extension/lib/rules-lookalike.js';

export const RULE_FILE_FORMAT = 1;

/** What a rule file may hold at most (a compromised server cannot make evaluation slow). */
export const RULE_FILE_LIMITS = Object.freeze({
  maxBytes: 4 * 1024 * 1024,
  maxRulesPerKind: 5000,
  maxBrands: 20000,
  maxBrandForms: 100000,
  maxFormLength: 200,
  maxTokenLength: 100,
  maxInstructionsTotal: 400000,
  maxTitleLength: 1000, // the backend's own limit on a title
  maxHostLength: 253,
  // Pattern-matching steps one evaluate() may take in all (a usual page takes well under 1 %):
  // past it, the remaining patterns answer no match, so no rule file can hang the worker.
  maxStepsPerPage: 20_000_000,
});

export class RuleFileError extends Error {
  constructor(message) {
    super(message);
    this.name = 'RuleFileError';
  }
}

const WORD = /[\p{L}\p{N}_]/u;
const BOUNDED = (source) => `(?:^|[^\\p{L}\\p{N}_])(${source})(?:$|[^\\p{L}\\p{N}_])`;
const compiled = new WeakMap();

function check(condition, what) {
  if (!condition) throw new RuleFileError(`The rule file is malformed: ${what}.`);
}

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function own(object, key) {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

/** Check a rule file's shape and sizes; throws RuleFileError. Patterns are checked as they compile. */
export function validateRuleFile(ruleFile, limits = RULE_FILE_LIMITS) {
  check(isObject(ruleFile), 'not an object');
  check(ruleFile.format === RULE_FILE_FORMAT, `format ${ruleFile.format} is not ${RULE_FILE_FORMAT}`);
  check(Number.isInteger(ruleFile.list_version), 'no list_version');
  const { text, brands, brand_forms: forms, title_rules: rules, price, sites, reasons } = ruleFile;
  check(isObject(text) && isObject(text.casefold) && Array.isArray(text.combining)
    && typeof text.spaces === 'string' && typeof text.whitespace === 'string', 'text tables');
  check(Array.isArray(brands) && brands.length <= limits.maxBrands
    && brands.every((brand) => isObject(brand) && typeof brand.name === 'string'
      && Array.isArray(brand.domains)), 'brands');
  check(Array.isArray(forms) && forms.length <= limits.maxBrandForms && forms.every(
    (pair) => Array.isArray(pair) && typeof pair[0] === 'string' && pair[0].length <= limits.maxFormLength
      && Number.isInteger(pair[1]) && pair[1] >= 0 && pair[1] < brands.length), 'brand_forms');
  check(isObject(rules), 'title_rules');
  for (const kind of ['prohibited_item', 'replica_phrase']) {
    check(Array.isArray(rules[kind]) && rules[kind].length <= limits.maxRulesPerKind
      && rules[kind].every((rule) => isObject(rule) && isObject(rule.pattern)), `title_rules.${kind}`);
  }
  check(isObject(price) && isObject(price.floors) && isObject(price.units_per_usd), 'price');
  check(isObject(sites) && isObject(sites.official) && Array.isArray(sites.markets), 'sites');
  check(isObject(reasons) && isObject(reasons.messages) && isObject(reasons.severity), 'reasons');
  const lookalike = ruleFile.lookalike;
  if (lookalike !== null) {
    check(isObject(lookalike) && Array.isArray(lookalike.token_brand) && isObject(lookalike.words)
      && lookalike.token_brand.every(([token, brand]) => typeof token === 'string'
        && token.length <= limits.maxTokenLength && Number.isInteger(brand) && brand >= 0
        && brand < brands.length), 'lookalike');
  }
}

/** The rule file compiled for evaluation (once per rule file object); throws RuleFileError. */
export function compileRuleFile(ruleFile, limits = RULE_FILE_LIMITS) {
  let found = compiled.get(ruleFile);
  if (found) return found;
  validateRuleFile(ruleFile, limits);
  let budget = limits.maxInstructionsTotal;
  // Patterns compile when first needed (a page needs few of them); a pattern that does not
  // parse, or exceeds the file's instruction budget, is left out, as the backend leaves out
  // a broken rule.
  const lazy = (spec, bounded = false) => {
    let pattern;
    return () => {
      if (pattern === undefined) {
        try {
          if (!isObject(spec)) throw new PatternError('no pattern');
          pattern = new Pattern(bounded ? { source: BOUNDED(spec.source), flags: spec.flags } : spec);
          budget -= pattern.program.length;
          if (budget < 0) throw new PatternError('the rule file holds too many patterns');
        } catch (error) {
          if (!(error instanceof PatternError)) throw error;
          console.warn('Counterfeit Radar: a rule file pattern is left out:', error.message);
          pattern = null;
        }
      }
      return pattern;
    };
  };
  const brands = ruleFile.brands.map((brand) => ({ ...brand, fitsPattern: lazy(brand.fits) }));
  const byForm = new Map();
  const lengths = new Set();
  for (const [form, index] of ruleFile.brand_forms) {
    if (!byForm.has(form)) byForm.set(form, brands[index]);
    lengths.add(Array.from(form).length);
  }
  const titleRule = (rule) => ({ ...rule, caseSensitive: rule.case_sensitive === true,
    bounded: lazy(rule.pattern, true), unless: rule.except ? lazy(rule.except) : () => null });
  const floors = new Map(Object.entries(ruleFile.price.floors).map(([brand, list]) => [brand,
    (Array.isArray(list) ? list : []).map((floor) => ({ ...floor, keywordPattern: lazy(floor.keywords) }))]));
  found = {
    ruleFile,
    text: createText(ruleFile.text),
    brands,
    byForm,
    lengths: [...lengths].sort((a, b) => b - a),
    prohibited: ruleFile.title_rules.prohibited_item.map(titleRule),
    phrases: ruleFile.title_rules.replica_phrase.map(titleRule),
    floors,
    secondHand: lazy(ruleFile.price.second_hand),
    accessory: lazy(ruleFile.price.accessory),
    included: lazy(ruleFile.price.included),
    lookalike: ruleFile.lookalike ? createLookalike(ruleFile.lookalike, brands) : null,
  };
  compiled.set(ruleFile, found);
  return found;
}

function fill(template, values) {
  return String(template).replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

function reason(rules, code, message, evidenceUrl = null) {
  const severity = own(rules.ruleFile.reasons.severity, code);
  return { code, severity, message, evidence_url: evidenceUrl ?? null };
}

/** check.py's brand: the one named exactly, else the first named in the title. */
export function findBrand(rules, title) {
  if (!title) return null;
  const codes = codePoints(rules.text.matchForm(title));
  for (let start = 0; start < codes.length; start += 1) {
    if (start > 0 && WORD.test(codes[start - 1])) continue;
    for (const length of rules.lengths) {
      const end = start + length;
      if (end > codes.length || (end < codes.length && WORD.test(codes[end]))) continue;
      const brand = rules.byForm.get(codes.slice(start, end).join(''));
      if (brand) return brand;
    }
  }
  return null;
}

function brandNamed(rules, name) {
  return name ? rules.byForm.get(rules.text.matchForm(rules.text.strip(name))) ?? null : null;
}

function firstMatch(rules, titleRules, title, folded, brandKnown, budget) {
  const subjects = { true: codePoints(title), false: codePoints(folded) };
  for (const rule of titleRules) {
    if (rule.needs_brand && !brandKnown) continue;
    const bounded = rule.bounded();
    const subject = subjects[rule.caseSensitive];
    const found = bounded && bounded.search(subject, 0, budget);
    if (!found || !found.groups[1]) continue;
    const unless = rule.unless();
    if (rule.except && (!unless || unless.test(subjects.false, budget))) continue;
    const matched = rules.text.strip(subject.slice(...found.groups[1]).join(''));
    if (matched) return [rule, matched];
  }
  return null;
}

function titleReasons(rules, title, brandKnown, budget) {
  if (!title) return [];
  const spaced = rules.text.translateSpaces(title);
  const folded = rules.text.matchForm(spaced);
  const { messages } = rules.ruleFile.reasons;
  const found = [];
  const prohibited = firstMatch(rules, rules.prohibited, spaced, folded, brandKnown, budget);
  if (prohibited) {
    const [rule, matched] = prohibited;
    found.push(reason(rules, 'prohibited_item', fill(messages.prohibited_item, { matched, rule: rule.name }),
      rule.evidence_url));
  }
  const phrase = firstMatch(rules, rules.phrases, spaced, folded, brandKnown, budget);
  if (phrase) {
    const [rule, matched] = phrase;
    found.push(reason(rules, 'counterfeit_phrase', fill(messages.counterfeit_phrase, { matched }), rule.evidence_url));
  }
  return found;
}

function toUsd(rules, amount, currency) {
  const rate = own(rules.ruleFile.price.units_per_usd, String(currency).toUpperCase());
  return typeof rate === 'number' && rate ? amount / rate : null;
}

/** Python's re.sub(pattern, " ", text) with a compiled Pattern, on code points. */
function replaceAll(pattern, codes, budget) {
  const out = [];
  let at = 0;
  while (at <= codes.length) {
    const found = pattern.search(codes, at, budget);
    if (!found) break;
    out.push(...codes.slice(at, found.start), ' ');
    if (found.end > found.start) at = found.end;
    else {
      if (found.start < codes.length) out.push(codes[found.start]);
      at = found.start + 1;
    }
  }
  return out.concat(codes.slice(at));
}

function priceReasons(rules, title, price, brand, budget) {
  if (!brand || !price || !title) return [];
  const folded = codePoints(rules.text.matchForm(title));
  const [secondHand, fits, accessory, included] = [rules.secondHand(), brand.fitsPattern(),
    rules.accessory(), rules.included()];
  if (!secondHand || !fits || !accessory || !included) return [];
  if (secondHand.test(folded, budget) || fits.test(folded, budget)) return [];
  if (accessory.test(replaceAll(included, folded, budget), budget)) return [];
  if (budget.exhausted) return [];
  const priceUsd = toUsd(rules, price.amount, price.currency);
  if (priceUsd === null) return [];
  let best = null;
  let bestKey = null;
  for (const floor of rules.floors.get(brand.name) ?? []) {
    const keywords = floor.keywordPattern();
    const found = keywords && keywords.search(folded, 0, budget);
    if (!found) continue;
    const key = [-(found.end - found.start), floor.min_price];
    if (bestKey === null || key[0] < bestKey[0] || (key[0] === bestKey[0] && key[1] < bestKey[1])) {
      [best, bestKey] = [floor, key];
    }
  }
  if (best === null) return [];
  const floorUsd = toUsd(rules, best.min_price, best.currency);
  if (floorUsd === null || priceUsd >= floorUsd) return [];
  return [reason(rules, 'price_below_floor', fill(rules.ruleFile.reasons.messages.price_below_floor, {
    amount: formatNumber(price.amount, 2), currency: price.currency, brand: brand.name,
    product_type: best.product_type, min_price: formatNumber(best.min_price, 0), floor_currency: best.currency,
  }))];
}

function lookalikeMessage(rules, found, host, domain) {
  const { messages, lookalike_tricks: tricks } = rules.ruleFile.reasons;
  const brand = rules.brands[found.brand];
  let shown = found.trick === 'subdomain' ? host : domain;
  if (shown.includes('xn--')) shown = fill(messages.lookalike_shown_as, { shown, unicode: rules.lookalike.unicodeHost(shown) });
  const trick = fill(own(tricks, found.trick) ?? tricks.name, { brand: brand.name, domain });
  const ownSites = brand.domains.slice(0, 3);
  return fill(messages.lookalike_domain, { shown, trick, brand: brand.name,
    own: ownSites.length ? fill(messages.lookalike_own, { domains: ownSites.join(', ') }) : '' });
}

function siteReasons(rules, { host, domain, marketplace }) {
  const { sites, reasons: { messages } } = rules.ruleFile;
  const found = [];
  const official = own(sites.official, domain);
  if (official !== undefined && rules.brands[official]) {
    found.push(reason(rules, 'official_site', fill(messages.official_site, { brand: rules.brands[official].name, domain })));
  } else if (!marketplace && rules.lookalike && host.length <= RULE_FILE_LIMITS.maxHostLength) {
    const lookalike = rules.lookalike.find(host, domain);
    if (lookalike && rules.brands[lookalike.brand]) {
      found.push(reason(rules, 'lookalike_domain', lookalikeMessage(rules, lookalike, host, domain)));
    }
  }
  const market = sites.markets[own(sites.notorious_by_domain, domain)
    ?? (marketplace ? own(sites.notorious_by_marketplace, marketplace) : undefined)];
  if (market) {
    found.push(reason(rules, 'notorious_market', fill(messages.notorious_market,
      { name: market.name, year: market.review_year }), market.evidence_url));
  }
  return found;
}

/** Facts cleaned as the backend's request validation cleans them (api/validation.py). */
function cleanFacts(rules, facts) {
  const text = (value, limit) => {
    if (typeof value !== 'string') return null;
    const stripped = rules.text.strip(value);
    return stripped && value.length <= limit ? stripped : null;
  };
  let price = null;
  const amount = facts.price?.amount;
  const currency = typeof facts.price?.currency === 'string' ? facts.price.currency.trim().toUpperCase() : '';
  if (typeof amount === 'number' && Number.isFinite(amount) && amount >= 0 && amount <= 1e12
    && /^[A-Z]{3}$/.test(currency)) price = { amount, currency };
  return {
    host: String(facts.host || '').toLowerCase(),
    domain: String(facts.domain || '').toLowerCase(),
    marketplace: facts.marketplace || null,
    title: text(facts.title, RULE_FILE_LIMITS.maxTitleLength),
    brand: text(facts.brand, 100),
    price,
  };
}

/**
 * The reasons the page's content gives, most severe first, for facts {url, host, domain,
 * marketplace, title, brand, price: {amount, currency}|null}; throws RuleFileError for a
 * malformed rule file (worker/rulefile.js only keeps valid ones).
 */
export function evaluate(ruleFile, facts) {
  const rules = compileRuleFile(ruleFile);
  const page = cleanFacts(rules, facts || {});
  const brand = brandNamed(rules, page.brand) || findBrand(rules, page.title);
  const budget = stepBudget(RULE_FILE_LIMITS.maxStepsPerPage);
  const found = [
    ...titleReasons(rules, page.title, brand !== null || Boolean(page.brand), budget),
    ...priceReasons(rules, page.title, page.price, brand, budget),
    ...siteReasons(rules, page),
  ];
  if (budget.exhausted) console.warn('Counterfeit Radar: the rule file took too many steps on this page.');
  const rank = ruleFile.reasons.rank;
  return found.sort((a, b) => rank[a.severity] - rank[b.severity]);
}

/** The brand evaluate() reasons about: the one named in facts.brand, else found in the title. */
export function brandOf(ruleFile, facts) {
  const rules = compileRuleFile(ruleFile);
  const page = cleanFacts(rules, facts || {});
  return (brandNamed(rules, page.brand) || findBrand(rules, page.title))?.name ?? page.brand ?? null;
}

const WEIGHT = { high: 0.9, medium: 0.45, low: 0.1, info: 0.0 };
const AUTHORIZED_CODES = ['authorized_seller', 'official_site'];

/** scoring.verdict_of: any high → counterfeit; any medium → suspicious; else authorized/unknown. */
export function verdictOf(reasons) {
  const severities = new Set(reasons.map((item) => item.severity));
  if (severities.has('high')) return 'counterfeit';
  if (severities.has('medium')) return 'suspicious';
  if (reasons.some((item) => AUTHORIZED_CODES.includes(item.code))) return 'authorized';
  return 'unknown';
}

/** scoring.score_of: 0 (no sign of counterfeit) to 100, reasons as independent evidence. */
export function scoreOf(reasons) {
  let miss = 1.0;
  for (const item of reasons) miss *= 1.0 - (WEIGHT[item.severity] ?? 0);
  return pyRound(100 * (1.0 - miss));
}

/** Python's round() to an integer: halves to even. */
function pyRound(value) {
  const floor = Math.floor(value);
  const diff = value - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}
