/**
 * Hallucination validation: the checkable facts in an answer (money, numbers,
 * percentages, durations, dates, times, URLs, emails, phone numbers) must appear
 * in the passages it rests on. `unsupportedClaims` lists the ones that do not;
 * a reply with any is not sent.
 *
 * How a claim is supported: one passage holds the same value, compared after
 * normalising both sides with the same extractor.
 * - money: same value and currency (findAmounts, so "$40" = "$40.00" = "40 dollars",
 *   "50 cents" = "$0.50"). "€40" does not support "$40". A plain "$"/"dollars"
 *   (no US/USD/U.S.) is any dollar, so it matches A$, C$, NZ$, US$ … either way;
 *   "grand" alone (currency XXX) matches any currency. A bare number never supports money.
 * - percent: "3%" = "3 percent" = "3 per cent" = "three percent".
 * - duration: seconds/minutes/hours/days/weeks/fortnights compare in seconds
 *   ("two weeks" = "14 days", "48 hours" = "2 days"), months/years in months
 *   ("1 year" = "12 months"); months are never days. Business/working days and
 *   weekdays are their own unit; an answer's plain "N days" is accepted from a
 *   passage's "N business days" (it drops a qualifier, invents no number), not
 *   the other way round. "a/an <unit>" is one unit ("within an hour"); in an answer
 *   only after within/in/after/for/about/under/over/than/least/to/take(s)/last(s)
 *   ("once a week" is a rate, not a claim); "half an hour" is 30 minutes.
 * - time: minutes of the day; "10am" = "10:00" = "10 a.m."; a time without am/pm
 *   and an hour 1-12 may be either ("5:00" matches "5pm"); noon, midnight. A time
 *   zone (ET, PT, UTC …) must agree only when both sides give one.
 * - date: "1 March" = "March 1st" = "the 1st of March"; ISO 2025-03-01; d/m/y and
 *   m/d/y both readings when ambiguous. Month names need a capital ("may 1" is a
 *   verb). A year in the answer must be on the passage's date, or in the passage
 *   when its date has none; an answer may leave out the year or the day.
 * - url: host (case-insensitive, "www." dropped) + path (case-sensitive) + query;
 *   scheme, fragment and trailing slash are ignored. Bare domains are URLs only with
 *   a common TLD (.com, .io, .example …), so "Node.js" and "e.g." are not. A host-only
 *   URL is supported by any passage URL or email on that host.
 * - email: case-insensitive. phone: digits only, a leading 0/00 trunk prefix or a
 *   1-3 digit country code may differ ("+44 20 7946 0958" = "020 7946 0958").
 * - number: a bare number is supported by the same value anywhere in the passage,
 *   in digits or words (so "$40" supports "40", "two-step" supports "2"). With a
 *   measure unit (GB, ml, kg, °C, 3x …) the passage needs the same unit.
 *   Versions ("2.3.1") must appear verbatim; "24/7" needs 24/7, 24x7, "24 hours a
 *   day" or "around the clock".
 * - ranges and lists sharing one unit ("5 to 10 business days", "5-10%",
 *   "$100-300", "9-5pm", "1, 2 or 4 weeks", "1-5 March") are one claim: every end
 *   must be supported in the same passage. An end without its own unit (the 5 of
 *   "5 to 10 business days") is also supported by the bare number, so "5 to 10
 *   business days" is supported by "5-10 business days" or by "5" and "10 business
 *   days" in one passage.
 *
 * Not claims (same rules on both sides): list numbering at line start ("1.",
 * "2)"), citation markers ("[1]", "(2)"), numbers after a label word ("Step 1",
 * "Option 2", "Section 4.2"), a bare "one" ("one of", "the one"), number words
 * joined by a hyphen to a word ("two-factor"), digits glued to letters (2FA, v2,
 * 4K, H2O) and numbers after "letters-" (ABC-123). Ordinals in digits ("the 15th")
 * are numbers. Reference numbers ("#12345") are claims too: an answer that echoes
 * a number from the visitor's message is flagged, since only passages count.
 * Numbers are English-style: commas group thousands, the dot is the decimal mark
 * (money amounts follow findAmounts' wider rules).
 */
import { findAmounts } from './amounts.ts';

export type ClaimKind = 'money' | 'number' | 'percent' | 'duration' | 'date' | 'time' | 'url' | 'email' | 'phone';

export interface Claim {
  kind: ClaimKind;
  /** As written in the answer. */
  text: string;
}

// ---------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------

interface DateParts {
  m: number;
  d: number | null;
  y: number | null;
}

type Value =
  | { k: 'money'; v: number; cur: string; generic: boolean }
  | { k: 'number'; v: number; unit: string | null }
  | { k: 'tag'; s: string }
  | { k: 'percent'; v: number }
  | { k: 'duration'; v: number; base: 's' | 'mo' | 'bd' }
  | { k: 'date'; opts: readonly DateParts[] }
  | { k: 'time'; opts: readonly number[]; tz: string | null }
  | { k: 'url'; host: string; rest: string }
  | { k: 'email'; s: string }
  | { k: 'phone'; digits: string };

/** One value of a claim; ranges and lists have several. */
interface End {
  v: Value;
  /** Written without its own unit (the 5 of "5-10 days"): a bare number supports it too. */
  implicit: boolean;
  /** The number as written, for implicit ends. */
  written: number | null;
}

interface Found {
  kind: ClaimKind;
  text: string;
  start: number;
  end: number;
  ends: End[];
}

const explicit = (v: Value): End => ({ v, implicit: false, written: null });
const tidy = (n: number) => Number(n.toPrecision(12));

// ---------------------------------------------------------------------------
// Patterns (compiled once)
// ---------------------------------------------------------------------------

const SPC = String.raw`[ \u00A0\u202F]`;
/** Not inside a word, a number or an identifier. */
const LEFT = String.raw`(?<![\p{L}\p{N}_.,:/#$€£¥@-])`;
const DIGITS = String.raw`\d+(?:,\d{3}(?!\d))*(?:\.\d+)?`;
const U = String.raw`(?:one|two|three|four|five|six|seven|eight|nine)(?![\p{L}])`;
const T = String.raw`(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)(?![\p{L}])`;
const D = String.raw`(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?![\p{L}])`;
const SUB100 = String.raw`(?:${D}(?:[ -]${U})?|${T}|${U}|zero(?![\p{L}]))`;
const WORD_NUM = String.raw`(?<![\p{L}])(?:(?:${U}|a)[ -]hundred(?![\p{L}])(?:(?:[ ]and)?[ -]${SUB100})?|${SUB100})`;
const NUM = `(?:${DIGITS}|${WORD_NUM})`;
/** Between the items of a range or list: "5-10", "5 to 10", "1, 2 or 4", "between 5 and 10" (a comma needs a space, so "1,000" is never split;
 * a hyphen without spaces only after digits, so "twenty-one" is never split: the list regexes stay linear). */
const LIST_SEP = String.raw`(?:(?:(?<=\d)-|${SPC}+-|${SPC}*[–—])${SPC}*|,${SPC}+(?:(?:or|and)${SPC}+)?|${SPC}+(?:to|or)${SPC}+|(?<!hundred)${SPC}+and${SPC}+)`;

/** A number inside an already matched span. */
const TOKEN_RE = new RegExp(`(?<d>${DIGITS})|(?<w>${WORD_NUM})`, 'giu');
/** Every number in a passage, glued to letters or not. */
const NUMSET_RE = new RegExp(`${DIGITS}|${WORD_NUM}`, 'giu');

const EMAIL_RE = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;

const TLDS =
  'com|org|net|edu|gov|io|co|ai|app|dev|info|biz|us|uk|ca|au|de|fr|nl|es|it|eu|ch|se|dk|fi|ie|nz|jp|br|mx|at|be|pl|' +
  'help|support|shop|store|online|site|tech|cloud|xyz|example|page|link|blog|email|travel|bank|health|care';
const URL_CHARS = String.raw`[^\s<>"'\x60\[\]{}|\\^]`;
const URL_RE = new RegExp(
  String.raw`(?<![\p{L}\p{N}@._/-])(?:(?:https?:\/\/|www\.)${URL_CHARS}+|(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+(?:${TLDS})(?![\p{L}\p{N}-])(?:[/?#]${URL_CHARS}*)?)`,
  'giu',
);

const LABEL_RE = new RegExp(
  String.raw`(?<![\p{L}])(?:steps?|options?|methods?|parts?|sections?|chapters?|tips?|items?|questions?|phases?|stages?|appendix|figures?|tables?|notes?|examples?|scenarios?|ways?)${SPC}+#?(?<n>(?:\d+(?:\.\d+)*|${WORD_NUM})(?:(?:${SPC}*[-–&,]${SPC}*|${SPC}+(?:to|and|or)${SPC}+)(?:\d+(?:\.\d+)*|${WORD_NUM})){0,6})(?![\p{L}\p{N}])`,
  'giud',
);
const LINE_NUMBER_RE = /^[ \t]*(?:[>*+-][ \t]*|#{1,6}[ \t]*)*(?<n>\d{1,3}|[A-Za-z])[.)](?=[ \t])/dgm;
const CITATION_RE = /\[\^?\d{1,3}\]|【\d{1,3}】|\((?:\d{1,2}|[a-z])\)/g;

const TWENTY_FOUR_SEVEN_RE = /(?<![\p{N}/])24[ ]?[/x×][ ]?7(?:[ ]?\/[ ]?365)?(?![\p{N}])/giu;
const TWENTY_FOUR_SEVEN_SUPPORT = /24[ ]?[/x×][ ]?7|24 hours a day|round[ -]the[ -]clock/i;

const ISO_DATE_RE = /(?<![\p{N}/.-])(?<y>(?:19|20)\d{2})-(?<m>0?[1-9]|1[0-2])-(?<d>0?[1-9]|[12]\d|3[01])(?![\p{N}])/gu;
const NUMERIC_DATE_RE = /(?<![\p{N}/.,-])(?<a>\d{1,2})(?<sep>[/.])(?<b>\d{1,2})\k<sep>(?<y>\d{4}|\d{2})(?![\p{N}]|[/.]\d)/gu;

const PHONE_RE = /(?<![\p{L}\p{N}_+/.,:$€£¥#-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]\d{2,5}){1,5}(?![\p{N}]|[.-]\d)/gu;

const H = String.raw`(?:[01]?\d|2[0-3])`;
const AMPM = String.raw`${SPC}?(?:[aApP]\.[mM]\.?|[aApP][mM])(?![\p{L}])`;
const TIME_ATOM = String.raw`(?:${H}(?:[:.][0-5]\d)?${AMPM}|${H}:[0-5]\d(?::[0-5]\d)?(?![\p{N}])|12${SPC}noon|[Nn]oon|[Mm]idnight)(?![\p{L}\p{N}])`;
const TIME_SEP = String.raw`(?:${SPC}*[-–—]${SPC}*|${SPC}+(?:to|until|till|and)${SPC}+)`;
const TZ = 'ET|EST|EDT|PT|PST|PDT|CT|CST|CDT|MT|MST|MDT|GMT|UTC|BST|CET|CEST|IST|AEST|AEDT|JST|Eastern|Pacific|Central|Mountain';
const TIME_RE = new RegExp(
  String.raw`(?<![\p{L}\p{N}_.,:/#$€£¥-])(?:(?<a>${TIME_ATOM})|(?<bare>${H}(?:[:.][0-5]\d)?)(?=${TIME_SEP}${H}(?:[:.][0-5]\d)?${AMPM}))(?:${TIME_SEP}(?<b>${TIME_ATOM}))?(?:${SPC}?\(?(?<tz>${TZ})\)?(?![\p{L}]))?`,
  'gu',
);
const TIME_PARTS_RE = /^(\d{1,2})(?:[:.](\d{2}))?(?::\d{2})?[ \u00A0\u202F]?(?:([aApP])\.?[mM]\.?)?$/;
const TZ_FAMILY: Record<string, string> = {
  ET: 'ET', EST: 'ET', EDT: 'ET', Eastern: 'ET',
  PT: 'PT', PST: 'PT', PDT: 'PT', Pacific: 'PT',
  CT: 'CT', CST: 'CT', CDT: 'CT', Central: 'CT',
  MT: 'MT', MST: 'MT', MDT: 'MT', Mountain: 'MT',
  GMT: 'UTC', UTC: 'UTC',
};

const MONTH = String.raw`(?<mon>January|February|March|April|May|June|July|August|September|October|November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)(?![\p{L}])`;
const DAY = (name: string) => String.raw`(?<${name}>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\p{L}\p{N}])`;
const YEAR = String.raw`(?<y>(?:19|20)\d{2})(?![\p{N}])`;
const DAY_SEP = String.raw`(?:${SPC}*[-–—]${SPC}*|${SPC}+to${SPC}+)`;
const DAY_MONTH_RE = new RegExp(
  String.raw`${LEFT}(?:the${SPC}+)?${DAY('d1')}(?:${DAY_SEP}(?:the${SPC}+)?${DAY('d2')})?(?:${SPC}+of)?${SPC}+${MONTH}(?:,?${SPC}+${YEAR})?`,
  'gu',
);
const MONTH_DAY_RE = new RegExp(
  String.raw`(?<![\p{L}])${MONTH}${SPC}+(?:the${SPC}+)?${DAY('d1')}(?:${DAY_SEP}${DAY('d2')})?(?:,?${SPC}+${YEAR})?`,
  'gu',
);
const MONTH_YEAR_RE = new RegExp(String.raw`(?<![\p{L}])${MONTH},?${SPC}+${YEAR}`, 'gu');
const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };

const PERCENT_RE = new RegExp(
  String.raw`${LEFT}(?<nums>(?:${NUM}(?:${SPC}?%)?${LIST_SEP}){0,6}${NUM})${SPC}?(?:%|per${SPC}?cent(?![\p{L}])|pct(?![\p{L}]))`,
  'giu',
);
const PERCENT_SIGN_AT = /^[ \u00A0\u202F]?%/;

const DUR_UNIT = String.raw`(?:business|working|work)[ -]days?|week[ -]?days?|fortnights?|seconds?|secs?|minutes?|mins?|hours?|hrs?|h|days?|weeks?|wks?|months?|mos?|years?|yrs?`;
const DURATION_RE = new RegExp(
  String.raw`${LEFT}(?<nums>(?:${NUM}${LIST_SEP}){0,6}${NUM})(?<sep>${SPC}|${SPC}?-${SPC}?)?(?:calendar${SPC}+)?(?<unit>${DUR_UNIT})(?![\p{L}\p{N}])`,
  'giu',
);
const A_DURATION_RE = new RegExp(
  String.raw`(?<![\p{L}])(?:(?<pre>within|in|after|for|about|around|under|over|than|least|to|takes?|took|lasts?)${SPC}+)?(?<q>an?|half${SPC}+an?)${SPC}+(?<unit>(?:business|working)[ -]day|second|minute|hour|day|week|fortnight|month|year)(?![\p{L}\p{N}])`,
  'giud',
);

const VERSION_RE = /(?<![\p{L}\p{N}_.,])\d+(?:\.\d+){2,}(?![\p{N}]|\.\d)/gu;
const ORDINAL_AT = /(?:st|nd|rd|th)(?![\p{L}\p{N}])/uy;
const UNIT_SPACED_AT =
  /[ \u00A0]?(?<u>[kmgt]b|gigabytes?|megabytes?|terabytes?|kilobytes?|kg|grams?|kilograms?|lbs?|oz|ml|millilit(?:re|er)s?|lit(?:re|er)s?|km|kilomet(?:re|er)s?|miles?|mi|cm|mm|ft|feet|inch(?:es)?|°[cf]|degrees|kwh|mah|mbps|gbps|mhz|ghz|px|mp)(?![\p{L}\p{N}])/iuy;
const UNIT_GLUED_AT = /(?<u>g|x|×)(?![\p{L}\p{N}])/uy;
const UNIT_NAMES: Record<string, string> = {
  gigabyte: 'gb', gigabytes: 'gb', megabyte: 'mb', megabytes: 'mb', terabyte: 'tb', terabytes: 'tb', kilobyte: 'kb', kilobytes: 'kb',
  gram: 'g', grams: 'g', kilogram: 'kg', kilograms: 'kg', lb: 'lb', lbs: 'lb',
  millilitre: 'ml', milliliter: 'ml', millilitres: 'ml', milliliters: 'ml', litre: 'l', liter: 'l', litres: 'l', liters: 'l',
  kilometre: 'km', kilometer: 'km', kilometres: 'km', kilometers: 'km', mile: 'mi', miles: 'mi', feet: 'ft', inch: 'in', inches: 'in',
  '×': 'x',
};
const BARE_RANGE_GAP = /^(?:[ \u00A0]*[-–—][ \u00A0]*|[ \u00A0]+to[ \u00A0]+)$/i;
const MONEY_RANGE_GAP = /^(?:[ \u00A0]*(?:[-–—]|to|and)[ \u00A0]*)$/i;
const MONEY_IMPLICIT = /^[\d.,\s]+(?:k|m|mn|b|bn)?$/i;
const US_MARK = /US|U\.S\.|american/i;
const DOLLAR_FAMILY = new Set(['USD', 'AUD', 'CAD', 'NZD', 'HKD', 'SGD', 'TWD', 'MXN', 'BRL']);

// ---------------------------------------------------------------------------
// Reading numbers
// ---------------------------------------------------------------------------

const WORD_VALUES: Record<string, number> = { zero: 0, a: 1 };
'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen'
  .split(' ')
  .forEach((w, i) => (WORD_VALUES[w] = i + 1));
'twenty thirty forty fifty sixty seventy eighty ninety'.split(' ').forEach((w, i) => (WORD_VALUES[w] = 20 + 10 * i));

function parseWords(phrase: string): number {
  let total = 0;
  for (const token of phrase.toLowerCase().split(/[\s-]+/)) {
    if (token === 'hundred') total = (total || 1) * 100;
    else total += token === 'and' ? 0 : (WORD_VALUES[token] ?? 0);
  }
  return total;
}

/** Ordinal words in a passage support ordinal digits in an answer ("the first" → "the 1st"). */
const ORDINAL_WORDS = 'first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth'.split(' ');
const ORDINAL_WORDS_RE = new RegExp(`(?<![\\p{L}])(?:${ORDINAL_WORDS.join('|')})(?![\\p{L}])`, 'giu');

const parseDigits = (raw: string) => tidy(Number(raw.replace(/,/g, '')));
const parseNum = (raw: string) => (/^\d/.test(raw) ? parseDigits(raw) : parseWords(raw));

interface Token {
  value: number;
  start: number;
  end: number;
  words: boolean;
}

/** The numbers written in `part` (a substring of a match starting at `offset`). */
function tokens(part: string, offset: number): Token[] {
  const out: Token[] = [];
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(part); m !== null; m = TOKEN_RE.exec(part)) {
    const words = m.groups?.['w'] !== undefined;
    out.push({ value: parseNum(m[0]), start: offset + m.index, end: offset + m.index + m[0].length, words });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Scanning: stages claim spans in priority order; a masked character is taken
// ---------------------------------------------------------------------------

interface Ctx {
  text: string;
  mask: Uint8Array;
  out: Found[];
  /** Passages are read slightly more generously ("a week" anywhere). */
  passage: boolean;
}

type Span = readonly [number, number];

function isFree(mask: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (mask[i] === 1) return false;
  return true;
}

/** Runs `re` over the text; `handle` returns the span it takes, or null to pass (the scan then resumes one character on). */
function sweep(re: RegExp, ctx: Ctx, handle: (m: RegExpExecArray) => Span | null): void {
  re.lastIndex = 0;
  for (let m = re.exec(ctx.text); m !== null; m = re.exec(ctx.text)) {
    const start = m.index;
    const span = m[0].length > 0 && isFree(ctx.mask, start, start + m[0].length) ? handle(m) : null;
    if (span === null) {
      re.lastIndex = start + 1;
      continue;
    }
    ctx.mask.fill(1, span[0], span[1]);
    re.lastIndex = Math.max(span[1], start + 1);
  }
}

function emit(ctx: Ctx, kind: ClaimKind, start: number, end: number, ends: End[]): Span {
  ctx.out.push({ kind, text: ctx.text.slice(start, end), start, end, ends });
  return [start, end];
}

/** Masks the `n` group (numbers that are labels, not claims); the regex has the `d` flag. */
const maskGroup = (m: RegExpExecArray): Span => m.indices?.groups?.['n'] ?? [m.index, m.index + m[0].length];

function normaliseUrl(url: string): { host: string; rest: string } | null {
  const noScheme = url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const cut = noScheme.search(/[/?#]/);
  const host = (cut < 0 ? noScheme : noScheme.slice(0, cut)).toLowerCase().replace(/^www\./, '').replace(/\.$/, '');
  if (!host.includes('.')) return null;
  const tail = (cut < 0 ? '' : noScheme.slice(cut)).replace(/#.*$/, '');
  const q = tail.indexOf('?');
  const path = (q < 0 ? tail : tail.slice(0, q)).replace(/\/+$/, '');
  const query = q < 0 ? '' : tail.slice(q + 1);
  return { host, rest: path + (query ? `?${query}` : '') };
}

/** Drops trailing punctuation and unbalanced closing brackets from a matched URL. */
function trimUrl(url: string): string {
  let s = url;
  for (;;) {
    const last = s.at(-1) ?? '';
    if (/[.,;:!?'"*_>]/.test(last)) s = s.slice(0, -1);
    else if (last === ')' && (s.match(/\(/g)?.length ?? 0) < (s.match(/\)/g)?.length ?? 0)) s = s.slice(0, -1);
    else return s;
  }
}

function timeOptions(atom: string): number[] | null {
  const a = atom.trim().toLowerCase();
  if (a === 'noon' || /^12\s+noon$/.test(a)) return [720];
  if (a === 'midnight') return [0];
  const m = TIME_PARTS_RE.exec(a);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2] ?? 0);
  const ap = m[3];
  if (ap !== undefined) {
    if (h < 1 || h > 12) return null;
    return [((h % 12) + (ap === 'p' ? 12 : 0)) * 60 + min];
  }
  if (h > 23) return null;
  if (h < 1 || h > 12) return [h * 60 + min];
  return [...new Set([h * 60 + min, (h % 12) * 60 + min, ((h % 12) + 12) * 60 + min])];
}

function durationUnit(unit: string, separated: boolean): { base: 's' | 'mo' | 'bd'; factor: number } | null {
  const u = unit.toLowerCase().replace(/[\s-]+/g, ' ');
  if (u === 'h' && (unit !== 'h' || separated)) return null;
  if (/^(?:business|working|work) days?$|^week ?days?$/.test(u)) return { base: 'bd', factor: 1 };
  if (/^sec/.test(u)) return { base: 's', factor: 1 };
  if (/^min/.test(u)) return { base: 's', factor: 60 };
  if (/^(?:h|hrs?|hours?)$/.test(u)) return { base: 's', factor: 3600 };
  if (/^days?$/.test(u)) return { base: 's', factor: 86400 };
  if (/^(?:weeks?|wks?)$/.test(u)) return { base: 's', factor: 604800 };
  if (/^fortnights?$/.test(u)) return { base: 's', factor: 1209600 };
  if (/^(?:months?|mos?)$/.test(u)) return { base: 'mo', factor: 1 };
  if (/^(?:years?|yrs?)$/.test(u)) return { base: 'mo', factor: 12 };
  return null;
}

/** Items of a list sharing one unit: the last is explicit, the others take its unit. */
function listEnds(items: Token[], make: (value: number) => Value, ownUnit: (t: Token) => boolean): End[] {
  return items.map((t, i) => {
    const implicit = i < items.length - 1 && !ownUnit(t);
    return { v: make(t.value), implicit, written: implicit ? t.value : null };
  });
}

function dateValue(mon: string, day: string | undefined, year: string | undefined): Value {
  const m = MONTHS[mon.slice(0, 3).toLowerCase()] ?? 0;
  return { k: 'date', opts: [{ m, d: day === undefined ? null : Number(day), y: year === undefined ? null : Number(year) }] };
}

function scan(text: string, passage: boolean): Found[] {
  const ctx: Ctx = { text, mask: new Uint8Array(text.length), out: [], passage };

  sweep(EMAIL_RE, ctx, (m) => emit(ctx, 'email', m.index, m.index + m[0].length, [explicit({ k: 'email', s: m[0].toLowerCase() })]));

  sweep(URL_RE, ctx, (m) => {
    const url = trimUrl(m[0]);
    const norm = normaliseUrl(url);
    if (norm === null) return null;
    return emit(ctx, 'url', m.index, m.index + url.length, [explicit({ k: 'url', ...norm })]);
  });

  sweep(LABEL_RE, ctx, maskGroup);
  sweep(LINE_NUMBER_RE, ctx, maskGroup);
  sweep(CITATION_RE, ctx, (m) => [m.index, m.index + m[0].length]);

  sweep(TWENTY_FOUR_SEVEN_RE, ctx, (m) => emit(ctx, 'number', m.index, m.index + m[0].length, [explicit({ k: 'tag', s: '24/7' })]));

  sweep(ISO_DATE_RE, ctx, (m) => {
    const g = m.groups ?? {};
    const v: Value = { k: 'date', opts: [{ m: Number(g['m']), d: Number(g['d']), y: Number(g['y']) }] };
    return emit(ctx, 'date', m.index, m.index + m[0].length, [explicit(v)]);
  });
  sweep(NUMERIC_DATE_RE, ctx, (m) => {
    const g = m.groups ?? {};
    const yRaw = g['y'] ?? '';
    if (g['sep'] === '.' && yRaw.length !== 4) return null;
    const a = Number(g['a']);
    const b = Number(g['b']);
    const y = yRaw.length === 2 ? 2000 + Number(yRaw) : Number(yRaw);
    const opts: DateParts[] = [];
    if (a >= 1 && a <= 12 && b >= 1 && b <= 31) opts.push({ m: a, d: b, y });
    if (b >= 1 && b <= 12 && a >= 1 && a <= 31 && a !== b) opts.push({ m: b, d: a, y });
    if (opts.length === 0) return null;
    return emit(ctx, 'date', m.index, m.index + m[0].length, [explicit({ k: 'date', opts })]);
  });

  sweep(PHONE_RE, ctx, (m) => {
    const raw = m[0];
    const digits = raw.replace(/\D/g, '');
    if (digits.length < 7 || digits.length > 15) return null;
    const separators = raw.match(/[ .-]/g)?.length ?? 0;
    if (!/^[+(]/.test(raw) && separators < 2 && !/^\d{3}[-. ]\d{4}$/.test(raw)) return null;
    return emit(ctx, 'phone', m.index, m.index + raw.length, [explicit({ k: 'phone', digits })]);
  });

  sweep(TIME_RE, ctx, (m) => {
    const g = m.groups ?? {};
    const tzRaw = g['tz'];
    const tz = tzRaw === undefined ? null : (TZ_FAMILY[tzRaw] ?? tzRaw);
    const ends: End[] = [];
    if (g['a'] !== undefined) {
      const opts = timeOptions(g['a']);
      if (opts === null) return null;
      ends.push(explicit({ k: 'time', opts, tz }));
    } else if (g['bare'] !== undefined) {
      const opts = timeOptions(g['bare']);
      if (opts === null || g['b'] === undefined) return null;
      const h = Number(/^\d+/.exec(g['bare'])?.[0]);
      const both = h >= 1 && h <= 12 ? [...new Set([...opts, (h % 12) * 60, (h % 12 + 12) * 60])] : opts;
      ends.push({ v: { k: 'time', opts: both, tz }, implicit: true, written: parseDigits(g['bare']) });
    }
    if (g['b'] !== undefined) {
      const opts = timeOptions(g['b']);
      if (opts === null) return null;
      ends.push(explicit({ k: 'time', opts, tz }));
    }
    return emit(ctx, 'time', m.index, m.index + m[0].length, ends);
  });

  const dayMonth = (m: RegExpExecArray): Span | null => {
    const g = m.groups ?? {};
    const mon = g['mon'] ?? '';
    const ends: End[] = [];
    if (g['d2'] !== undefined) {
      ends.push({ v: dateValue(mon, g['d1'], g['y']), implicit: true, written: Number(g['d1']) });
      ends.push(explicit(dateValue(mon, g['d2'], g['y'])));
    } else {
      ends.push(explicit(dateValue(mon, g['d1'], g['y'])));
    }
    return emit(ctx, 'date', m.index, m.index + m[0].length, ends);
  };
  sweep(DAY_MONTH_RE, ctx, dayMonth);
  sweep(MONTH_DAY_RE, ctx, dayMonth);
  sweep(MONTH_YEAR_RE, ctx, (m) => {
    const g = m.groups ?? {};
    return emit(ctx, 'date', m.index, m.index + m[0].length, [explicit(dateValue(g['mon'] ?? '', undefined, g['y']))]);
  });

  moneyStage(ctx);

  sweep(PERCENT_RE, ctx, (m) => {
    const nums = m.groups?.['nums'] ?? '';
    const items = tokens(nums, 0);
    const ownSign = (t: Token) => PERCENT_SIGN_AT.test(nums.slice(t.end));
    const ends = listEnds(items, (v) => ({ k: 'percent', v }), ownSign);
    return emit(ctx, 'percent', m.index, m.index + m[0].length, ends);
  });

  sweep(DURATION_RE, ctx, (m) => {
    const g = m.groups ?? {};
    const unit = durationUnit(g['unit'] ?? '', (g['sep'] ?? '') !== '');
    if (unit === null) return null;
    const items = tokens(g['nums'] ?? '', 0);
    const ends = listEnds(items, (v) => ({ k: 'duration', v: tidy(v * unit.factor), base: unit.base }), () => false);
    return emit(ctx, 'duration', m.index, m.index + m[0].length, ends);
  });

  sweep(A_DURATION_RE, ctx, (m) => {
    const g = m.groups ?? {};
    const q = (g['q'] ?? '').toLowerCase();
    const half = q.startsWith('half');
    if (!ctx.passage && g['pre'] === undefined && !half) return null;
    const unit = durationUnit(g['unit'] ?? '', true);
    if (unit === null) return null;
    const start = m.indices?.groups?.['q']?.[0] ?? m.index;
    const v: Value = { k: 'duration', v: tidy((half ? 0.5 : 1) * unit.factor), base: unit.base };
    return emit(ctx, 'duration', start, m.index + m[0].length, [explicit(v)]);
  });

  sweep(VERSION_RE, ctx, (m) => emit(ctx, 'number', m.index, m.index + m[0].length, [explicit({ k: 'tag', s: m[0] })]));

  numberStage(ctx);

  return ctx.out.sort((a, b) => a.start - b.start);
}

function moneyStage(ctx: Ctx): void {
  const { text } = ctx;
  const amounts = findAmounts(text);
  if (amounts.length === 0) return;
  interface Located {
    start: number;
    end: number;
    value: number;
    currency: string;
    text: string;
  }
  const located: Located[] = [];
  let cursor = 0;
  for (const a of amounts) {
    const i = text.indexOf(a.text, cursor);
    if (i < 0) continue;
    located.push({ start: i, end: i + a.text.length, value: a.value, currency: a.currency, text: a.text });
    cursor = i + a.text.length;
  }
  const groups: Located[][] = [];
  for (const l of located) {
    const group = groups.at(-1);
    const last = group?.at(-1);
    if (group && last && last.currency === l.currency && MONEY_RANGE_GAP.test(text.slice(last.end, l.start))) group.push(l);
    else groups.push([l]);
  }
  for (const group of groups) {
    const first = group[0];
    const last = group.at(-1);
    if (!first || !last || !isFree(ctx.mask, first.start, last.end)) continue;
    const whole = text.slice(first.start, last.end);
    const generic = first.currency === 'USD' && !US_MARK.test(whole);
    const ends = group.map((l): End => {
      const implicit = group.length > 1 && MONEY_IMPLICIT.test(l.text);
      const written = implicit ? parseDigits(l.text.replace(/[^\d.,]/g, '')) : null;
      return { v: { k: 'money', v: l.value, cur: l.currency, generic }, implicit, written };
    });
    ctx.mask.fill(1, first.start, last.end);
    emit(ctx, 'money', first.start, last.end, ends);
  }
}

function numberStage(ctx: Ctx): void {
  const { text, mask } = ctx;
  interface Num {
    start: number;
    end: number;
    value: number;
    unit: string | null;
    plain: boolean;
  }
  const nums: Num[] = [];
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(text); m !== null; m = TOKEN_RE.exec(text)) {
    const start = m.index;
    let end = start + m[0].length;
    if (!isFree(mask, start, end)) continue;
    const before = text[start - 1] ?? '';
    if (m.groups?.['w'] !== undefined) {
      // Words: "one" alone is an article more than a number; "two-factor" is a name.
      if (m[0].toLowerCase() === 'one' || /^-\p{L}/u.test(text.slice(end, end + 2))) continue;
      nums.push({ start, end, value: parseWords(m[0]), unit: null, plain: false });
      continue;
    }
    if (/[\p{L}\p{N}_.,]/u.test(before)) continue;
    if (before === '-' && /\p{L}/u.test(text[start - 2] ?? '')) continue;
    let unit: string | null = null;
    let plain = true;
    ORDINAL_AT.lastIndex = end;
    UNIT_SPACED_AT.lastIndex = end;
    UNIT_GLUED_AT.lastIndex = end;
    const ordinal = ORDINAL_AT.exec(text);
    const spaced = ordinal ? null : UNIT_SPACED_AT.exec(text);
    const glued = ordinal || spaced ? null : UNIT_GLUED_AT.exec(text);
    if (ordinal) {
      end += ordinal[0].length;
      plain = false;
    } else if (spaced || glued) {
      const u = ((spaced ?? glued)?.groups?.['u'] ?? '').toLowerCase();
      unit = UNIT_NAMES[u] ?? u;
      end += (spaced ?? glued)?.[0].length ?? 0;
      plain = false;
    } else if (/[\p{L}\p{N}]/u.test(text[end] ?? '')) {
      continue; // 2FA, 4K, 5G
    }
    nums.push({ start, end, value: parseDigits(m[0]), unit, plain });
  }
  for (let i = 0; i < nums.length; i++) {
    const a = nums[i];
    if (!a) continue;
    const b = nums[i + 1];
    if (a.plain && b?.plain && BARE_RANGE_GAP.test(text.slice(a.end, b.start))) {
      emit(ctx, 'number', a.start, b.end, [
        explicit({ k: 'number', v: a.value, unit: null }),
        explicit({ k: 'number', v: b.value, unit: null }),
      ]);
      i++;
      continue;
    }
    emit(ctx, 'number', a.start, a.end, [explicit({ k: 'number', v: a.value, unit: a.unit })]);
  }
}

// ---------------------------------------------------------------------------
// Support
// ---------------------------------------------------------------------------

interface Facts {
  vals: Value[];
  numbers: Set<number>;
  text: string;
  lower: string;
  hosts: Set<string>;
}

function factsOf(passage: string): Facts {
  const vals: Value[] = [];
  const hosts = new Set<string>();
  for (const f of scan(passage, true)) {
    for (const e of f.ends) {
      vals.push(e.v);
      if (e.v.k === 'url') hosts.add(e.v.host);
      if (e.v.k === 'email') hosts.add(e.v.s.slice(e.v.s.lastIndexOf('@') + 1).replace(/^www\./, ''));
    }
  }
  const numbers = new Set<number>();
  NUMSET_RE.lastIndex = 0;
  for (let m = NUMSET_RE.exec(passage); m !== null; m = NUMSET_RE.exec(passage)) numbers.add(parseNum(m[0]));
  ORDINAL_WORDS_RE.lastIndex = 0;
  for (let m = ORDINAL_WORDS_RE.exec(passage); m !== null; m = ORDINAL_WORDS_RE.exec(passage)) {
    numbers.add(ORDINAL_WORDS.indexOf(m[0].toLowerCase()) + 1);
  }
  for (const v of vals) if (v.k === 'money') numbers.add(v.v);
  return { vals, numbers, text: passage, lower: passage.toLowerCase(), hosts };
}

const same = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));

function samePhone(a: string, b: string): boolean {
  const x = a.replace(/^0+/, '');
  const y = b.replace(/^0+/, '');
  if (x === y) return true;
  const [long, short] = x.length >= y.length ? [x, y] : [y, x];
  return short.length >= 7 && long.length - short.length <= 3 && long.endsWith(short);
}

function matches(a: Value, p: Value, f: Facts): boolean {
  switch (a.k) {
    case 'money':
      return (
        p.k === 'money' &&
        same(a.v, p.v) &&
        (a.cur === p.cur ||
          a.cur === 'XXX' ||
          p.cur === 'XXX' ||
          (a.generic && DOLLAR_FAMILY.has(p.cur)) ||
          (p.generic && DOLLAR_FAMILY.has(a.cur)))
      );
    case 'number':
      return p.k === 'number' && p.unit === a.unit && same(a.v, p.v);
    case 'percent':
      return p.k === 'percent' && same(a.v, p.v);
    case 'duration':
      return p.k === 'duration' && ((p.base === a.base && same(a.v, p.v)) || (a.base === 's' && p.base === 'bd' && same(a.v, p.v * 86400)));
    case 'date':
      return (
        p.k === 'date' &&
        a.opts.some((x) =>
          p.opts.some((y) => x.m === y.m && (x.d === null || x.d === y.d) && (x.y === null || x.y === y.y || (y.y === null && f.numbers.has(x.y)))),
        )
      );
    case 'time':
      return p.k === 'time' && (a.tz === null || p.tz === null || a.tz === p.tz) && a.opts.some((t) => p.opts.includes(t));
    case 'url':
      return p.k === 'url' && p.host === a.host && p.rest === a.rest;
    case 'email':
      return p.k === 'email' && p.s === a.s;
    case 'phone':
      return p.k === 'phone' && samePhone(a.digits, p.digits);
    case 'tag':
      return false;
  }
}

function supported(end: End, f: Facts): boolean {
  const v = end.v;
  if (end.implicit && end.written !== null && f.numbers.has(end.written)) return true;
  if (v.k === 'number' && v.unit === null) return f.numbers.has(v.v);
  if (v.k === 'tag') return v.s === '24/7' ? TWENTY_FOUR_SEVEN_SUPPORT.test(f.text) : f.lower.includes(v.s.toLowerCase());
  if (v.k === 'url' && v.rest === '' && f.hosts.has(v.host)) return true;
  return f.vals.some((p) => matches(v, p, f));
}

/** The checkable claims of a text, in order of appearance. */
export function extractClaims(text: string): Claim[] {
  return scan(text, false).map(({ kind, text: written }) => ({ kind, text: written }));
}

/** Claims of `answer` that no passage supports; [] when all are supported. */
export function unsupportedClaims(answer: string, passages: readonly string[]): string[] {
  const claims = scan(answer, false);
  if (claims.length === 0) return [];
  const facts: (Facts | undefined)[] = new Array(passages.length);
  const factsAt = (i: number): Facts => (facts[i] ??= factsOf(passages[i] ?? ''));
  const missing: string[] = [];
  for (const claim of claims) {
    let ok = false;
    for (let i = 0; i < passages.length && !ok; i++) {
      const f = factsAt(i);
      ok = claim.ends.every((e) => supported(e, f));
    }
    if (!ok && !missing.includes(claim.text)) missing.push(claim.text);
  }
  return missing;
}
