/**
 * Money amounts in a visitor message, for the `humanAboveAmount` policy rule
 * (docs: "a number with a currency sign, code or word; where there are several,
 * the largest counts; amounts compare by their number whatever the currency").
 *
 * What counts as an amount: a number (digits, or number words such as "two
 * hundred and fifty") next to a currency sign ($ £ € ¥ ₹ … A$ US$ R$ …), an ISO
 * code (EUR, usd, GBP1200, 80eur) or a currency word (dollars, bucks, quid,
 * euros, pence, rupees …), before or after it. A bare number is never an amount.
 *
 * Rules for the ambiguous cases:
 * - Separators: spaces, no-break spaces and apostrophes always group thousands
 *   (1 200,50 / 1'200.50); with both "." and "," the last one is the decimal mark
 *   (1,200.50 / 1.200,50); one kind used several times groups thousands
 *   (1,200,000 / 1.200.000 / Indian 1,20,000). A single "." or "," followed by
 *   exactly three digits groups thousands ("$1,200", "1.200 €" are 1200) unless the
 *   whole part is 0 or has more than three digits, or the currency has three
 *   decimals (KWD, BHD, OMR, JOD, TND, LYD: "KWD 1.250" is 1.25); any other single
 *   separator is the decimal mark ("12,50 €" is 12.5, "$1.5" is 1.5).
 *   A plain space groups thousands only before a decimal part, a sign, a code or
 *   the end ("12 500 €", "€1 200,50"), so "2 100 dollar bills" is 100, not 2100.
 * - Magnitudes: k, m/mn/mil/million, b/bn/billion, hundred, thousand, grand,
 *   lakh, crore ("$2k" 2000, "£1.2m" 1200000, "₹5 lakh" 500000). "5 grand" and
 *   "two grand" are money without a currency (currency 'XXX'); "a grand" only at
 *   the end of a clause ("a grand total" is not money).
 * - Minor units are converted to major ones: 50 cents = 0.5, 500 pence = 5, 50p = 0.5
 *   ("p" only straight after the digits, so "1080p" reads as 10.80, too small to matter).
 * - Signs are dropped: "-$20" and "$-20" are 20.
 * - Ranges sharing one currency give both ends: "$100-300", "$100 to 300",
 *   "100-300 dollars", "between 100 and 300 euros", "$1-2k" (both scaled). The
 *   first end counts only when it is smaller and the second is at most 20 times
 *   it, so "order 12345 - 40 dollars" and "send $50 to 1234567" give one amount.
 * - "pound(s)" is weight, not money, when followed by "of", "weight", "lbs",
 *   "heavy", "bag", "sack", "box", or preceded by a form of "weigh" a few words
 *   before ("5 pounds of coffee", "it weighs 40 pounds"). "lost 10 pounds" is money.
 * - "a few hundred" / "a couple of thousand" / "several hundred" read as 300 /
 *   2000 / 300; "hundreds of dollars", "thousands of pounds" as 100 / 1000 (lower
 *   bounds). "a few dollars" is not an amount.
 * - Currency codes: the ISO code where the text says or implies one. Presumed
 *   where it is open: "$" and "dollars" and "bucks" → USD, "cents" → USD,
 *   "¥" → JPY, "kr" and "krona" → SEK, "krone"/"kroner" → NOK, "pesos" → MXN,
 *   "francs" → CHF, "rupees" → INR; 'XXX' (ISO "no currency") for "grand" alone.
 *   Codes that are also English words are only codes in capitals (TRY, MAD, PHP,
 *   RON, RUB, COP, PEN, ARS, GEL); ALL, TOP, BOB, CUP are not recognised; a lone
 *   "R" (rand) is not recognised (R150 looks like a reference), R$ (real) is;
 *   "Rs"/"Rp" need a capital R; "won", "real" and "dong" as words are left out.
 */

export interface MoneyAmount {
  /** The amount in major units of its currency (cents and pence divided by 100), never negative. */
  value: number;
  /** ISO 4217 code, stated or presumed (see the module comment); 'XXX' when only "grand" says it is money. */
  currency: string;
  /** The matched span, as written in the text. */
  text: string;
}

interface Currency {
  code: string;
  /** 100 for minor units (cents, pence), else 1. */
  divisor: number;
}

// ---------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------

const SYMBOLS: Record<string, Currency> = {
  $: { code: 'USD', divisor: 1 },
  '£': { code: 'GBP', divisor: 1 },
  '€': { code: 'EUR', divisor: 1 },
  '¥': { code: 'JPY', divisor: 1 },
  '￥': { code: 'JPY', divisor: 1 },
  '円': { code: 'JPY', divisor: 1 },
  '元': { code: 'CNY', divisor: 1 },
  '₹': { code: 'INR', divisor: 1 },
  '₩': { code: 'KRW', divisor: 1 },
  '₽': { code: 'RUB', divisor: 1 },
  '₺': { code: 'TRY', divisor: 1 },
  '₪': { code: 'ILS', divisor: 1 },
  '₱': { code: 'PHP', divisor: 1 },
  '₦': { code: 'NGN', divisor: 1 },
  '₫': { code: 'VND', divisor: 1 },
  '฿': { code: 'THB', divisor: 1 },
  '₴': { code: 'UAH', divisor: 1 },
  '₡': { code: 'CRC', divisor: 1 },
  '₸': { code: 'KZT', divisor: 1 },
  '₾': { code: 'GEL', divisor: 1 },
  '¢': { code: 'USD', divisor: 100 },
};
/** Signs that only ever follow the number. */
const SUFFIX_ONLY_SYMBOLS = new Set(['¢', '円', '元']);

/** Letters written straight before "$": US$, A$, C$, NZ$, R$ … */
const DOLLAR_PREFIXES: Record<string, string> = {
  us: 'USD', 'u.s.': 'USD', usd: 'USD',
  a: 'AUD', au: 'AUD', aud: 'AUD',
  c: 'CAD', ca: 'CAD', can: 'CAD', cad: 'CAD',
  nz: 'NZD', nzd: 'NZD',
  hk: 'HKD', hkd: 'HKD',
  s: 'SGD', sg: 'SGD', sgd: 'SGD',
  r: 'BRL', mx: 'MXN', mxn: 'MXN', nt: 'TWD', twd: 'TWD',
};

/** ISO codes recognised in any case. */
const CODES_ANY_CASE = (
  'USD EUR GBP JPY CNY RMB INR AUD CAD NZD CHF SEK NOK DKK ISK PLN CZK HUF BGN UAH ZAR BRL MXN CLP ' +
  'SGD HKD TWD KRW THB MYR IDR VND ILS NIS AED SAR QAR KWD BHD OMR JOD EGP NGN KES GHS PKR BDT LKR ' +
  'TND LYD KZT CRC UYU DOP JMD'
).split(' ');
/** ISO codes that are also English words: codes only when written in capitals. */
const CODES_UPPER_ONLY = 'TRY MAD PHP RON RUB COP PEN ARS GEL'.split(' ');
const CODE_ALIASES: Record<string, string> = { RMB: 'CNY', NIS: 'ILS' };
const THREE_DECIMALS = new Set(['KWD', 'BHD', 'OMR', 'JOD', 'TND', 'LYD']);
const CODES = new Set([...CODES_ANY_CASE, ...CODES_UPPER_ONLY]);
const UPPER_ONLY = new Set(CODES_UPPER_ONLY);

/** Letter signs written before the number ("Rs. 500", "Rp 50.000", "kr 200"); value: code, needs capital first letter. */
const LETTER_PREFIXES: Record<string, [string, boolean]> = {
  rs: ['INR', true], 'rs.': ['INR', true],
  rp: ['IDR', true], 'rp.': ['IDR', true],
  kr: ['SEK', false], 'kr.': ['SEK', false],
  'zł': ['PLN', false],
};

const word = (code: string, divisor = 1): Currency => ({ code, divisor });
/** Currency words and letter signs written after the number. */
const WORDS: Record<string, Currency> = {};
const addWords = (forms: string, c: Currency) => {
  for (const f of forms.split(' ')) WORDS[f] = c;
};
addWords('dollar dollars buck bucks', word('USD'));
addWords('euro euros', word('EUR'));
addWords('pound pounds quid sterling', word('GBP'));
addWords('pence', word('GBP', 100));
addWords('cent cents', word('USD', 100));
addWords('centime centimes', word('EUR', 100));
addWords('paise', word('INR', 100));
addWords('kopek kopeks kopeck kopecks', word('RUB', 100));
addWords('yen', word('JPY'));
addWords('yuan renminbi', word('CNY'));
addWords('rupee rupees', word('INR'));
addWords('peso pesos', word('MXN'));
addWords('franc francs', word('CHF'));
addWords('rand rands', word('ZAR'));
addWords('reais', word('BRL'));
addWords('zloty zlotys złoty złotys zlotych złotych zł', word('PLN'));
addWords('krona kronor kr kr.', word('SEK'));
addWords('krone kroner', word('NOK'));
addWords('koruna korun kč', word('CZK'));
addWords('lira liras lire', word('TRY'));
addWords('ruble rubles rouble roubles', word('RUB'));
addWords('shekel shekels sheqel sheqels', word('ILS'));
addWords('dirham dirhams', word('AED'));
addWords('riyal riyals rial rials', word('SAR'));
addWords('naira', word('NGN'));
addWords('cedi cedis', word('GHS'));
addWords('baht', word('THB'));
addWords('ringgit', word('MYR'));
addWords('rupiah', word('IDR'));
addWords('forint forints', word('HUF'));
addWords('lei leu', word('RON'));
addWords('hryvnia hryvnias', word('UAH'));
addWords('shilling shillings', word('KES'));

/** Words naming the country of a currency word: "50 US dollars", "20 euro cents". */
const ADJECTIVES: Record<string, string> = {
  us: 'USD', 'u.s.': 'USD', american: 'USD',
  canadian: 'CAD', australian: 'AUD', aussie: 'AUD',
  'new zealand': 'NZD', nz: 'NZD', kiwi: 'NZD',
  'hong kong': 'HKD', hk: 'HKD', singapore: 'SGD', singaporean: 'SGD',
  euro: 'EUR', swiss: 'CHF', british: 'GBP', uk: 'GBP',
  indian: 'INR', pakistani: 'PKR', mexican: 'MXN', japanese: 'JPY', chinese: 'CNY',
  'south african': 'ZAR', brazilian: 'BRL', danish: 'DKK', norwegian: 'NOK', swedish: 'SEK',
  turkish: 'TRY', russian: 'RUB', philippine: 'PHP', argentine: 'ARS', chilean: 'CLP',
  colombian: 'COP', jamaican: 'JMD', taiwan: 'TWD', taiwanese: 'TWD', 'new taiwan': 'TWD',
};

const MAGNITUDES: Record<string, number> = {
  k: 1e3, m: 1e6, mn: 1e6, mil: 1e6, mill: 1e6, million: 1e6, b: 1e9, bn: 1e9, billion: 1e9,
  trillion: 1e12, hundred: 100, thousand: 1e3, grand: 1e3, lakh: 1e5, lakhs: 1e5, crore: 1e7, crores: 1e7,
};

const SMALL_NUMBERS: Record<string, number> = {};
'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen'
  .split(' ')
  .forEach((w, i) => (SMALL_NUMBERS[w] = i));
'twenty thirty forty fifty sixty seventy eighty ninety'.split(' ').forEach((w, i) => (SMALL_NUMBERS[w] = 20 + 10 * i));
SMALL_NUMBERS['fourty'] = 40;
/** Vague counts, read as lower bounds, and only before a scale word ("a few hundred"). */
const VAGUE: Record<string, number> = { couple: 2, few: 3, several: 3 };
const WORD_SCALES: Record<string, number> = {
  thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12, lakh: 1e5, lakhs: 1e5, crore: 1e7, crores: 1e7,
};
const PLURAL_SCALES: Record<string, number> = { hundreds: 100, thousands: 1e3, millions: 1e6, billions: 1e9 };

// ---------------------------------------------------------------------------
// Patterns (compiled once)
// ---------------------------------------------------------------------------

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternation = (keys: Iterable<string>) =>
  [...keys]
    .sort((a, b) => b.length - a.length)
    .map((k) => escape(k).replace(/ /g, '[ ]+'))
    .join('|');

const SP = String.raw`[ \u00A0\u202F]`;
const END_OF_WORD = String.raw`(?![\p{L}\p{N}'’])`;
const SYM_ALL = `[${Object.keys(SYMBOLS).join('')}]`;
const SYM_PREFIX = `[${Object.keys(SYMBOLS)
  .filter((s) => !SUFFIX_ONLY_SYMBOLS.has(s))
  .join('')}]`;
const CODES_ALT = alternation(CODES);
const WORDS_ALT = alternation(Object.keys(WORDS));
const ADJ_ALT = alternation(Object.keys(ADJECTIVES));

/** A currency after a number: "€", "EUR", "euros", "US dollars", "kr." */
const CUR_AFTER = String.raw`(?:${SYM_ALL}(?!\d)|(?:(?:${ADJ_ALT})[ ]+)?(?:${WORDS_ALT})${END_OF_WORD}|(?:${CODES_ALT})${END_OF_WORD})`;

const D3 = String.raw`\d{3}(?!\d)`;
/** A number as written, separators included; interpreted by parseNumber. */
const NUM = String.raw`(?:\d{1,2}(?:,\d{2})+,${D3}(?:\.\d{1,2})?|\d{1,3}(?:,${D3})+(?:\.\d+)?|\d{1,3}(?:\.${D3})+(?:,\d+)?|\d{1,3}(?:['’]${D3})+(?:[.,]\d+)?|\d{1,3}(?:[\u00A0\u202F\u2009]${D3})+(?:[.,]\d+)?|\d{1,3}(?: ${D3})+(?=[.,]\d|[ ]?[^\s\p{L}\p{N}%]|[ ]?(?:${CODES_ALT})(?![\p{L}])|$)(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?![.,]?\d)(?:[.,]-(?!\p{N}))?`;
/** "k", "m", "bn" straight after the number, or scale words after a space. */
const MAG = String.raw`(?:(?:k|mn|m|bn|b)(?![\p{L}\p{N}])|(?:[ ](?:hundred|thousand|million|billion|trillion|grand|lakhs?|crores?|mill?)(?![\p{L}]))+)`;
const NUMBER_WORD = `(?:${alternation([...Object.keys(SMALL_NUMBERS), ...Object.keys(VAGUE), 'hundred', ...Object.keys(WORD_SCALES)])})(?![\\p{L}])`;
const NOT_AFTER_NUMBER = String.raw`(?<![\p{L}\p{N}_#@]|\d[.,:/'’])`;
const BEFORE_CUR = String.raw`(?:${SP}{1,2}|-)?`;

const PREFIX = String.raw`(?<pcur>(?<![\p{L}\p{N}])(?:${alternation(Object.keys(DOLLAR_PREFIXES))})\$|(?<![\p{L}\p{N}])(?:${CODES_ALT}|${alternation(Object.keys(LETTER_PREFIXES))})(?![\p{L}])|${SYM_PREFIX})${SP}{0,2}(?:[-−]${SP}?)?(?<pnum>${NUM})(?<pmag>${MAG})?(?![\p{N}%])(?:(?![\p{L}])|(?=${CUR_AFTER}))`;
const PLURAL = String.raw`(?<![\p{L}\p{N}])(?<plural>hundreds|thousands|millions|billions)[ ]+of[ ]+(?<plcur>${CUR_AFTER})`;
const A_GRAND = String.raw`(?<![\p{L}\p{N}])(?<agrand>an?[ ]+grand)(?=[ ]*(?:[.,!?;:)]|$))`;
const WORDS_NUMBER = String.raw`(?<![\p{L}\p{N}])(?<wnum>(?:an?[ ]+)?${NUMBER_WORD}(?:(?:[ ]+(?:and[ ]+)?|[ ]*-[ ]*)(?:of[ ]+)?${NUMBER_WORD})*)(?=[ ]+grand(?![\p{L}])|${BEFORE_CUR}${CUR_AFTER})(?:[ ]+(?<wgrand>grand)(?![\p{L}]))?(?:${BEFORE_CUR}(?<wcur>${CUR_AFTER}))?`;
const SUFFIX = String.raw`${NOT_AFTER_NUMBER}(?:(?<anum>${NUM})(?<amag>${MAG})?(?:[ ]*(?<rsep>[-–—])[ ]*|[ ]+(?<rword>to|and)[ ]+))?(?<snum>${NUM})(?<smag>${MAG})?(?:${BEFORE_CUR}(?<scur>${CUR_AFTER})|(?<spence>p)${END_OF_WORD})`;
const GRAND = String.raw`${NOT_AFTER_NUMBER}(?<gnum>${NUM})[ ]grand(?![\p{L}\p{N}])`;

const AMOUNT_RE = new RegExp([PREFIX, PLURAL, A_GRAND, WORDS_NUMBER, SUFFIX, GRAND].join('|'), 'giu');
/** The rest of a range after a prefixed amount: "$100-300", "$100 to 300", "between $100 and 300". */
const RANGE_TAIL = new RegExp(String.raw`(?:[ ]*(?<sep>[-–—])[ ]*|[ ]+(?<word>to|and)[ ]+)(?<num>${NUM})(?<mag>${MAG})?`, 'iuy');
const CUR_FOLLOWS = new RegExp(String.raw`${BEFORE_CUR}${CUR_AFTER}|p${END_OF_WORD}`, 'iuy');
/** After "to"/"and", the range end must close the phrase: "$100 to 300." but not "$5 to 12 people". */
const RANGE_END_OK = /^(?:[ ]*(?:[^\p{L}\p{N}\s]|$)|[ ]+(?:and|or|per|each|a|an|for|in|max|maximum|total|tops)(?![\p{L}])|[ ]*\n)/iu;
const BETWEEN_BEFORE = /between[ ]+(?:about[ ]+|around[ ]+)?$/i;
const WEIGHT_AFTER = /^[ ]*(?:of|in weight|weight|heavy|heavier|overweight|lbs?|bags?|sacks?|box|boxes)(?![\p{L}])/iu;
const WEIGHT_BEFORE = /\bweigh\w*\W+(?:\w+\W+){0,3}$/i;
const POUND_WORD = /\bpounds?$/i;
/** Cheap test before the full scan: messages with no currency sign, code or word have no amount. */
const MAYBE_MONEY = new RegExp(
  String.raw`${SYM_ALL}|\$|\dp|(?<![\p{L}])(?:${CODES_ALT}|${WORDS_ALT}|grand|rs|rp)(?![\p{L}])`,
  'iu',
);

// ---------------------------------------------------------------------------
// Interpretation
// ---------------------------------------------------------------------------

/** Reads a number written with any thousands/decimal convention (rules in the module comment). */
export function parseNumber(raw: string, threeDecimals = false): number {
  const s = raw.replace(/[\s'’]/g, '').replace(/[.,]-$/, '');
  const dot = s.lastIndexOf('.');
  const comma = s.lastIndexOf(',');
  if (dot < 0 && comma < 0) return Number(s);
  if (dot >= 0 && comma >= 0) {
    const decimal = dot > comma ? '.' : ',';
    const grouping = decimal === '.' ? ',' : '.';
    return Number(s.split(grouping).join('').replace(decimal, '.'));
  }
  const sep = dot >= 0 ? '.' : ',';
  const parts = s.split(sep);
  if (parts.length > 2) return Number(parts.join(''));
  const whole = parts[0] ?? '';
  const fraction = parts[1] ?? '';
  const grouping = fraction.length === 3 && whole !== '0' && whole.length <= 3 && !(threeDecimals && sep === '.');
  return Number(grouping ? whole + fraction : `${whole}.${fraction}`);
}

function magnitude(mag: string | undefined): number {
  if (!mag) return 1;
  let factor = 1;
  for (const token of mag.toLowerCase().trim().split(/ +/)) factor *= MAGNITUDES[token] ?? 1;
  return factor;
}

/** "two hundred and fifty" → 250, "twelve hundred" → 1200, "a few thousand" → 3000; null when vague without a scale. */
function parseNumberWords(phrase: string): number | null {
  let total = 0;
  let current = 0;
  let vaguePending = false;
  for (const token of phrase.toLowerCase().split(/[\s-]+/)) {
    if (token === '' || token === 'a' || token === 'an' || token === 'and' || token === 'of') continue;
    const small = SMALL_NUMBERS[token];
    const vague = VAGUE[token];
    const scale = WORD_SCALES[token];
    if (small !== undefined) current += small;
    else if (vague !== undefined) {
      current += vague;
      vaguePending = true;
    } else if (token === 'hundred') {
      current = (current || 1) * 100;
      vaguePending = false;
    } else if (scale !== undefined) {
      total += (current || 1) * scale;
      current = 0;
      vaguePending = false;
    }
  }
  return vaguePending ? null : total + current;
}

/** The currency a matched sign, code or word stands for; null when the match is not one (e.g. lowercase "try"). */
function currencyOf(raw: string): (Currency & { threeDecimals: boolean }) | null {
  const written = raw.trim().replace(/\s+/g, ' ');
  const key = written.toLowerCase();
  const result = (c: Currency) => ({ ...c, threeDecimals: THREE_DECIMALS.has(c.code) });
  if (key.length > 1 && key.endsWith('$')) {
    const code = DOLLAR_PREFIXES[key.slice(0, -1)];
    return code ? result({ code, divisor: 1 }) : null;
  }
  const symbol = SYMBOLS[key];
  if (symbol) return result(symbol);
  const upper = key.toUpperCase();
  if (CODES.has(upper)) {
    if (UPPER_ONLY.has(upper) && written !== upper) return null;
    return result({ code: CODE_ALIASES[upper] ?? upper, divisor: 1 });
  }
  const letters = LETTER_PREFIXES[key];
  if (letters && !WORDS[key]) {
    const [code, capital] = letters;
    if (capital && written[0] !== written[0]?.toUpperCase()) return null;
    return result({ code, divisor: 1 });
  }
  const w = WORDS[key];
  if (w) return result(w);
  for (const [adjective, code] of Object.entries(ADJECTIVES)) {
    if (key.startsWith(adjective + ' ')) {
      const rest = WORDS[key.slice(adjective.length + 1)];
      if (rest) return result({ code, divisor: rest.divisor });
    }
  }
  return null;
}

/** "5 pounds of coffee", "it weighs 40 pounds": the word is weight, not money. */
function isWeight(text: string, start: number, end: number, currencyText: string): boolean {
  if (!POUND_WORD.test(currencyText)) return false;
  return WEIGHT_AFTER.test(text.slice(end, end + 20)) || WEIGHT_BEFORE.test(text.slice(Math.max(0, start - 40), start));
}

const tidy = (v: number) => Number(v.toPrecision(15));
const rangeOk = (first: number, second: number) => first > 0 && first < second && second <= first * 20;

/** Amounts for one regex match, or null when the match turns out not to be money. */
function interpret(m: RegExpExecArray, text: string): { amounts: MoneyAmount[]; end: number } | null {
  const g = m.groups ?? {};
  const start = m.index;
  let end = start + m[0].length;

  if (g['pnum'] !== undefined) {
    const cur = currencyOf(g['pcur'] ?? '');
    if (!cur) return null;
    const raw = parseNumber(g['pnum'], cur.threeDecimals);
    const first: MoneyAmount = { value: tidy((raw * magnitude(g['pmag'])) / cur.divisor), currency: cur.code, text: m[0] };
    const amounts = [first];
    RANGE_TAIL.lastIndex = end;
    const tail = RANGE_TAIL.exec(text);
    if (tail?.groups?.['num'] !== undefined) {
      const tg = tail.groups;
      const tailEnd = end + tail[0].length;
      const after = text.slice(tailEnd, tailEnd + 24);
      CUR_FOLLOWS.lastIndex = tailEnd;
      const ownCurrency = CUR_FOLLOWS.test(text);
      const joined = tg['word'] === undefined || (RANGE_END_OK.test(after) && (tg['word'].toLowerCase() !== 'and' || BETWEEN_BEFORE.test(text.slice(Math.max(0, start - 30), start))));
      const tailRaw = parseNumber(tg['num'] ?? '', cur.threeDecimals);
      const firstMag = magnitude(g['pmag']);
      const tailMag = magnitude(tg['mag']);
      const comparable = g['pmag'] === undefined && tg['mag'] !== undefined ? rangeOk(raw, tailRaw) : rangeOk(raw * firstMag, tailRaw * tailMag);
      if (!ownCurrency && joined && !/^[\p{L}%]/u.test(after) && comparable) {
        if (g['pmag'] === undefined && tg['mag'] !== undefined) first.value = tidy((raw * tailMag) / cur.divisor);
        const numStart = tail[0].indexOf(tg['num'] ?? '');
        amounts.push({ value: tidy((tailRaw * tailMag) / cur.divisor), currency: cur.code, text: tail[0].slice(numStart) });
        end = tailEnd;
      }
    }
    return { amounts, end };
  }

  if (g['snum'] !== undefined) {
    const currencyText = g['scur'] ?? '';
    const cur = g['spence'] !== undefined ? { code: 'GBP', divisor: 100, threeDecimals: false } : currencyOf(currencyText);
    if (!cur || isWeight(text, start, end, currencyText)) return null;
    const raw = parseNumber(g['snum'], cur.threeDecimals);
    const mag = magnitude(g['smag']);
    const secondText = m[0].slice(m[0].lastIndexOf(g['snum']));
    const second: MoneyAmount = { value: tidy((raw * mag) / cur.divisor), currency: cur.code, text: secondText };
    const anum = g['anum'];
    if (anum !== undefined) {
      const firstRaw = parseNumber(anum, cur.threeDecimals);
      const firstMag = g['amag'] === undefined ? mag : magnitude(g['amag']);
      const comparable = g['amag'] === undefined ? rangeOk(firstRaw, raw) : rangeOk(firstRaw * firstMag, raw * mag);
      const joined = g['rword']?.toLowerCase() !== 'and' || BETWEEN_BEFORE.test(text.slice(Math.max(0, start - 30), start));
      if (comparable && joined) {
        return {
          amounts: [
            { value: tidy((firstRaw * firstMag) / cur.divisor), currency: cur.code, text: anum + (g['amag'] ?? '') },
            second,
          ],
          end,
        };
      }
    }
    return { amounts: [second], end };
  }

  if (g['wnum'] !== undefined) {
    const n = parseNumberWords(g['wnum']);
    const currencyText = g['wcur'];
    const grand = g['wgrand'] !== undefined;
    if (n === null || (currencyText === undefined && !grand)) return null;
    const cur = currencyText === undefined ? { code: 'XXX', divisor: 1 } : currencyOf(currencyText);
    if (!cur || (currencyText !== undefined && isWeight(text, start, end, currencyText))) return null;
    return { amounts: [{ value: tidy((n * (grand ? 1000 : 1)) / cur.divisor), currency: cur.code, text: m[0] }], end };
  }

  if (g['plural'] !== undefined) {
    const currencyText = g['plcur'] ?? '';
    const cur = currencyOf(currencyText);
    if (!cur || isWeight(text, start, end, currencyText)) return null;
    const n = PLURAL_SCALES[g['plural'].toLowerCase()] ?? 0;
    return { amounts: [{ value: tidy(n / cur.divisor), currency: cur.code, text: m[0] }], end };
  }

  if (g['agrand'] !== undefined) return { amounts: [{ value: 1000, currency: 'XXX', text: m[0] }], end };

  if (g['gnum'] !== undefined) {
    return { amounts: [{ value: tidy(parseNumber(g['gnum']) * 1000), currency: 'XXX', text: m[0] }], end };
  }
  return null;
}

/** Every money amount in the text, in order of appearance. */
export function findAmounts(text: string): MoneyAmount[] {
  const found: MoneyAmount[] = [];
  if (!MAYBE_MONEY.test(text)) return found;
  const re = AMOUNT_RE;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const result = interpret(m, text);
    if (result === null) {
      // Not money after all ("try 50 dollars", "5 pounds of"): look again from the next character.
      re.lastIndex = m.index + 1;
      continue;
    }
    found.push(...result.amounts);
    re.lastIndex = result.end;
  }
  return found;
}

/** The largest amount's value whatever its currency, or null when the text has none. */
export function largestAmount(text: string): number | null {
  let largest: number | null = null;
  for (const a of findAmounts(text)) if (largest === null || a.value > largest) largest = a.value;
  return largest;
}
