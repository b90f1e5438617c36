/**
 * A small support-domain thesaurus, general English and no company's wording:
 * visitors say "money back", "sign in", "smashed" where a knowledge base and a
 * policy say "refund", "log in", "damaged". Each entry adds a shared concept
 * term next to the words said (it never replaces them), in documents and
 * messages alike, so an exact word still scores higher than a synonym.
 * Spelling variants (UK/US) fold to one form.
 */

/** Concept term → single words that express it (compared after apostrophes are dropped). */
const WORD_CONCEPTS: Record<string, readonly string[]> = {
  refund: ['reimburse', 'reimbursed', 'reimbursement', 'refunded', 'refunding'],
  damaged: ['broken', 'smashed', 'cracked', 'faulty', 'defective', 'shattered', 'dented', 'busted', 'damage', 'damaged'],
  stolen: ['stole', 'steal', 'theft', 'thief', 'robbed', 'mugged', 'pickpocketed', 'stolen'],
  hacked: ['hacked', 'hacker', 'compromised', 'breached', 'hijacked'],
  unauthorised: ['unauthorised', 'unauthorized', 'unrecognised', 'unrecognized', 'fraudulent'],
  hardship: ['afford', 'debt', 'debts', 'broke', 'skint', 'struggling', 'hardship', 'unemployed', 'redundant', 'redundancy', 'bankrupt', 'arrears'],
  close: ['close', 'closing', 'closure', 'shut', 'terminate', 'deactivate'],
  delete: ['delete', 'erase', 'wipe'],
  cancel: ['cancel', 'cancellation', 'cancelation', 'canceled', 'cancelled', 'cancelling', 'canceling'],
  postpone: ['postpone', 'delay', 'defer', 'reschedule', 'postponed', 'delayed', 'deferred'],
  phone: ['mobile', 'cellphone', 'smartphone', 'phone'],
  parcel: ['package', 'packet', 'shipment', 'parcel'],
  identity: ['id', 'identification', 'passport', 'selfie', 'identity'],
  failed: ['bounced', 'bounce', 'failed', 'fail'],
  code: ['otp', 'passcode', 'code'],
  bill: ['invoice', 'bill'],
  exchange: ['swap', 'swapped', 'swapping', 'exchange', 'exchanged', 'exchanging'],
  colleague: ['coworker', 'coworkers', 'colleague', 'colleagues', 'teammate', 'teammates', 'workmate', 'workmates', 'staff', 'employee', 'employees'],
  instalment: ['installment', 'installments', 'instalments', 'instalment'],
};

/** Concept term → phrases (lower case, apostrophes dropped, words separated by single spaces; regular-expression syntax allowed). */
const PHRASE_CONCEPTS: Record<string, readonly string[]> = {
  refund: ['money back', 'paid back', 'got back'],
  return: ['send back', 'sent back', 'send it back', 'post back', 'posted back', 'ship back', 'shipped back', 'take back', 'took back', 'bring back'],
  login: ['log in', 'logged in', 'logging in', 'log on', 'sign in', 'signing in', 'signed in', 'log into', 'sign into', 'signin', 'logon', 'login'],
  logout: ['log out', 'sign out', 'logged out', 'signed out'],
  unauthorised: ['didnt make', 'did not make', 'never made', 'dont recognise', 'dont recognize', 'do not recognise', 'do not recognize', 'wasnt me', 'not me'],
  hardship: [
    'cant pay',
    'cannot pay',
    'never be able to pay',
    'wont be able to pay',
    'not be able to pay',
    'struggling to pay',
    'cant afford',
    'short (?:of|on|for) (?:money|cash|food|rent|bills|groceries|essentials)',
    '(?:leaving|left|leaves) me (?:short|broke|skint|with nothing)',
    'cant make (?:the |my )?payments?',
    'behind on (?:my )?(?:payments|bills|rent)',
    'unable to pay',
    'not able to pay',
    'cant cover',
    'cannot cover',
    'lost my job',
    'lost our jobs',
    'laid off',
    'out of work',
    'make ends meet',
    'money is tight',
    'money is really tight',
    'moneys tight',
    'short of money',
    'short on money',
    'cant keep up',
  ],
  postpone: [
    'push (?:\\w+ ){0,3}back',
    'pushed (?:\\w+ ){0,3}back',
    'put off',
    'later date',
    '(?:move|moving|moved|shift|change|changing) (?:\\w+ ){0,2}(?:payment(?! (?:method|card|details|option|account))|instalment|installment|due date|payment date|the date|bill date|billing date)',
  ],
  hacked: ['taken over', 'got into my account', 'broke into'],
  identity: ['driving licence', 'driving license', 'drivers license', 'driver license'],
  colleague: ['co worker', 'co workers', 'team members?'],
  credit_report: ['credit file', 'credit report', 'credit score', 'credit rating', 'credit history', 'credit record'],
};

const BY_WORD = new Map<string, string>(Object.entries(WORD_CONCEPTS).flatMap(([concept, list]) => list.map((w) => [w, concept] as const)));

/** One pattern per concept (an alternation of its phrases): tokenising runs on every message and every indexed text. */
const PHRASES: readonly { concept: string; pattern: RegExp }[] = Object.entries(PHRASE_CONCEPTS).map(([concept, list]) => ({
  concept,
  pattern: new RegExp(`(?:^| )(?:${list.join('|')})(?= |$)`),
}));

/** Folds UK/US spelling pairs to one form so either matches the other. */
export function foldSpelling(word: string): string {
  if (word.length > 5 && /[^aeiou]our$/.test(word)) return word.slice(0, -2) + 'r'; // colour → color
  if (word.length > 5 && /(is|ys)(e|ed|es|ing|ation)$/.test(word)) return word.replace(/(i|y)s(e|ed|es|ing|ation)$/, '$1z$2'); // organise → organize
  if (word.endsWith('lled') || word.endsWith('lling')) return word.replace(/ll(ed|ing)$/, 'l$1'); // cancelled → canceled
  if (word === 'licence') return 'license';
  if (word.endsWith('tre') && word.length > 5) return word.slice(0, -3) + 'ter'; // centre → center
  return word;
}

/** The concept terms a text expresses, beyond its own words. `plain` is its words joined by single spaces. */
export function concepts(words: readonly string[]): string[] {
  const found = new Set<string>();
  for (const w of words) {
    const c = BY_WORD.get(w);
    if (c) found.add(c);
  }
  const plain = words.join(' ');
  for (const { concept, pattern } of PHRASES) if (pattern.test(plain)) found.add(concept);
  return [...found];
}
