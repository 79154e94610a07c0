// Reading prices as the backend does (backend/extraction/prices.py and currencies.py, ported
// line for line; tests/test_extension_facts.py compares the two on the shared corpus).
// Structured data is a plain decimal ("1299.000" is 1299); display text follows the locale's
// separators and the currency's minor units ("1.234,56 €", "KWD 12.500"). A classic content
// script: it defines globalThis.radarPrices and touches no extension API.
(function definePrices(root) {
  'use strict';

  const CODES = `AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD
    BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD
    EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD
    IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL
    MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN
    PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN
    SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES
    VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG`.split(/\s+/);
  const MINOR_UNITS = new Map(CODES.map((code) => [code, 2]));
  for (const [digits, codes] of [[0, 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF'],
    [3, 'BHD IQD JOD KWD LYD OMR TND'], [4, 'CLF UYW']]) {
    for (const code of codes.split(' ')) MINOR_UNITS.set(code, digits);
  }
  // Codes that are also words ("ALL sizes", "AMD Ryzen"): not a currency in display text.
  const WORDS = new Set('ALL AMD ANG BOB CUP GEL MAD MOP SOS TOP USN BOV CHE CHW COU MXV UYI'.split(' '));
  const SYMBOLS = [
    ['US$', 'USD'], ['US $', 'USD'], ['USD$', 'USD'], ['C$', 'CAD'], ['C $', 'CAD'],
    ['CA$', 'CAD'], ['CA $', 'CAD'], ['CAD$', 'CAD'], ['AU$', 'AUD'], ['AU $', 'AUD'],
    ['A$', 'AUD'], ['A $', 'AUD'], ['NZ$', 'NZD'], ['HK$', 'HKD'], ['S$', 'SGD'],
    ['SG$', 'SGD'], ['R$', 'BRL'], ['MX$', 'MXN'], ['NT$', 'TWD'],
    ['£', 'GBP'], ['€', 'EUR'], ['₹', 'INR'], ['₩', 'KRW'], ['₺', 'TRY'], ['₽', 'RUB'],
    ['₱', 'PHP'], ['₪', 'ILS'], ['₫', 'VND'], ['zł', 'PLN'], ['Kč', 'CZK'], ['CHF', 'CHF'],
    ['円', 'JPY'], ['元', 'CNY'], ['RMB', 'CNY'],
    ['د.ك', 'KWD'], ['د.ب', 'BHD'], ['ر.ع', 'OMR'], ['د.ا', 'JOD'], ['د.ت', 'TND'],
    ['د.إ', 'AED'], ['ر.س', 'SAR'], ['ر.ق', 'QAR'],
  ];
  const AMBIGUOUS = [['$', ['USD', 'CAD', 'AUD', 'NZD', 'MXN', 'SGD', 'HKD', 'TWD'], 'USD'],
    ['¥', ['JPY', 'CNY'], 'JPY'], ['￥', ['JPY', 'CNY'], 'JPY'], ['kr', ['SEK', 'NOK', 'DKK', 'ISK'], 'SEK']];
  const CODE = /(?<![A-Za-z])([A-Z]{3})(?![A-Za-z])/g;
  const GROUP_ONLY = ' \u00a0\u202f\u2009\'’\u066c';
  const ARABIC_DECIMAL = '\u066b';
  const SEPARATOR = `[${GROUP_ONLY}.,]`;
  const NUMBER = new RegExp('(?<![0-9])(?:'
    + `[0-9]{1,2}(?:,[0-9]{2})+,[0-9]{3}(?:[.${ARABIC_DECIMAL}][0-9]+)?`
    + `|[0-9]{1,3}(?<group>${SEPARATOR})[0-9]{3}(?:\\k<group>[0-9]{3})*(?:[.,${ARABIC_DECIMAL}][0-9]+)?`
    + `|[0-9]+(?:[.,${ARABIC_DECIMAL}][0-9]+)?`
    + ')(?![0-9])');
  const SCHEMA_NUMBER = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
  const DOMAIN_CURRENCY = [
    ['.co.uk', 'GBP'], ['.com.au', 'AUD'], ['.com.mx', 'MXN'], ['.com.br', 'BRL'],
    ['.co.jp', 'JPY'], ['.com.tr', 'TRY'], ['.com.sg', 'SGD'], ['.com.hk', 'HKD'],
    ['.co.nz', 'NZD'], ['.in', 'INR'], ['.ca', 'CAD'], ['.se', 'SEK'], ['.pl', 'PLN'],
    ['.ch', 'CHF'], ['.ae', 'AED'], ['.sa', 'SAR'], ['.cn', 'CNY'], ['.nl', 'EUR'],
    ['.de', 'EUR'], ['.fr', 'EUR'], ['.it', 'EUR'], ['.es', 'EUR'], ['.ie', 'EUR'],
    ['.at', 'EUR'], ['.be', 'EUR'], ['.com.kw', 'KWD'], ['.com', 'USD'], ['.us', 'USD'],
  ];
  const MAX_AMOUNT = 10000000;
  const DIGIT = /\p{Nd}/u;

  const minorUnits = (currency) => MINOR_UNITS.get(currency || '') ?? 2;
  const isCurrency = (code) => MINOR_UNITS.has(code);

  /** The currency a site in this country shows prices in (www.amazon.co.uk → GBP). */
  function currencyOfDomain(domain) {
    if (!domain) return null;
    const name = `.${domain.toLowerCase()}`;
    const found = DOMAIN_CURRENCY.find(([ending]) => name.endsWith(ending));
    return found ? found[1] : null;
  }

  const bounded = (amount) => (Number.isFinite(amount) && amount > 0 && amount < MAX_AMOUNT ? amount : null);

  /** A schema.org number: a JSON number as is, or a plain decimal string ("1299.000"). */
  function structuredAmount(value) {
    if (typeof value === 'number') return bounded(value);
    if (typeof value === 'string' && SCHEMA_NUMBER.test(value.trim())) return bounded(Number(value.trim()));
    return null;
  }

  /** Text with every decimal digit of any script as 0-9. */
  function asciiDigits(text) {
    if (/^[\x00-\x7f]*$/.test(text)) return text;
    return Array.from(text, (char) => {
      if (!DIGIT.test(char)) return char;
      const point = char.codePointAt(0);
      let start = point;
      while (DIGIT.test(String.fromCodePoint(start - 1))) start -= 1;
      return String((point - start) % 10);
    }).join('');
  }

  /** Which separator in a number token ends its whole part, or null if all group digits. */
  function decimalMark(token, currency) {
    const separators = Array.from(token).filter((char) => !/[0-9]/.test(char));
    if (!separators.length) return null;
    const last = separators[separators.length - 1];
    if (last === ARABIC_DECIMAL) return last;
    if (GROUP_ONLY.includes(last)) return null;
    if (new Set(separators).size > 1) return last;
    if (separators.length > 1) return null;
    const [whole, fraction] = [token.slice(0, token.indexOf(last)), token.slice(token.indexOf(last) + 1)];
    if (fraction.length !== 3 || whole.length > 3 || whole.startsWith('0')) return last;
    return minorUnits(currency) === 3 ? last : null;
  }

  /** The first number of a display text, read with the currency's decimals, or null. */
  function parseAmount(text, currency) {
    if (text === null || text === undefined) return null;
    if (typeof text === 'number') return structuredAmount(text);
    const found = NUMBER.exec(asciiDigits(Array.from(String(text)).slice(0, 200).join('')));
    if (!found) return null;
    const token = found[0];
    const mark = decimalMark(token, currency);
    let number;
    if (mark === null) {
      number = token.replace(/[^0-9]/g, '');
    } else {
      const at = token.lastIndexOf(mark);
      number = `${token.slice(0, at).replace(/[^0-9]/g, '')}.${token.slice(at + 1)}`;
    }
    const amount = bounded(Number(number));
    return amount ? roundHalfEven(amount, minorUnits(currency)) || null : null;
  }

  /** Python's round(): halves go to the even neighbour (round(0.5) is 0). */
  function roundHalfEven(value, digits) {
    const scale = 10 ** digits;
    const scaled = value * scale;
    const floor = Math.floor(scaled);
    const rounded = scaled - floor === 0.5 ? (floor % 2 === 0 ? floor : floor + 1) : Math.round(scaled);
    return rounded / scale;
  }

  /** The currency text names by ISO code or symbol; defaultCurrency for a bare "$" in its family. */
  function currencyIn(text, defaultCurrency) {
    const head = Array.from(String(text)).slice(0, 200).join('');
    for (const [, code] of head.matchAll(CODE)) if (isCurrency(code) && !WORDS.has(code)) return code;
    for (const [symbol, code] of SYMBOLS) if (head.includes(symbol)) return code;
    for (const [symbol, family, fallback] of AMBIGUOUS) {
      if (head.includes(symbol)) return family.includes(defaultCurrency) ? defaultCurrency : fallback;
    }
    return null;
  }

  function namedCurrency(currency) {
    if (typeof currency !== 'string' || !currency.trim()) return null;
    const code = currency.trim().toUpperCase();
    if (isCurrency(code)) return code;
    return currency.length <= 20 ? currencyIn(currency.trim().slice(0, 20)) : null;
  }

  /** {amount, currency} from display text: currency given, else named in the text, else the default. */
  function parsePrice(text, defaultCurrency, currency) {
    if (text === null || text === undefined) return null;
    const value = String(text);
    const found = namedCurrency(currency) || currencyIn(value, defaultCurrency) || namedCurrency(defaultCurrency);
    const amount = parseAmount(value, found);
    return amount === null || !found ? null : { amount, currency: found };
  }

  /** {amount, currency} from structured data; text that is no schema.org number is read as display text. */
  function structuredPrice(value, currency, defaultCurrency) {
    const amount = typeof value === 'boolean' ? null : structuredAmount(value);
    if (amount === null) {
      if (typeof value === 'string' && !SCHEMA_NUMBER.test(value.trim())) {
        return parsePrice(value, defaultCurrency, currency);
      }
      return null;
    }
    const found = namedCurrency(currency) || namedCurrency(defaultCurrency);
    return found ? { amount, currency: found } : null;
  }

  root.radarPrices = Object.freeze({ currencyOfDomain, parseAmount, parsePrice, structuredPrice, currencyIn });
}(globalThis));
