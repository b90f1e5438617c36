/**
 * Deterministic synthetic inputs for the routing benchmark: a knowledge base
 * of Markdown articles, a policy (raw JSON data, to go through parsePolicy) and
 * visitor conversations. Everything comes from one seeded PRNG: no dev data, no
 * network, the same seed gives byte-identical output on every machine.
 *
 * The text is built to exercise the router the way real traffic does, not to be
 * readable: topic clusters of pseudo-words shared by articles and intents (so
 * retrieval and classification find real matches), common support words (so
 * document frequencies are skewed), numbers, prices and durations (so the
 * amount parser has work), and visitor messages that mix on-topic questions,
 * off-topic chatter, small talk, money, requests for a person, safety-like
 * sentences (and their harmless look-alikes) and short follow-ups.
 */
import type { Turn } from '../server/engine/assistant.ts';

// ---------------------------------------------------------------------------
// PRNG
// ---------------------------------------------------------------------------

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  /** Index in [0, n) with a Zipf-like skew (index 0 most frequent). */
  zipf(n: number): number;
}

/** mulberry32: small, fast, good enough for test data, fully deterministic. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
    chance: (p: number) => next() < p,
    // Inverse-CDF of a continuous 1/x density over [1, n+1): cheap and skewed enough.
    zipf: (n: number) => Math.min(n - 1, Math.floor(Math.exp(next() * Math.log(n + 1)) - 1)),
  };
}

// ---------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------

/** Common English support-chat words (content words; the tokeniser keeps them). */
export const SUPPORT_WORDS = (
  'account order refund payment card delivery shipping subscription plan invoice password login email address ' +
  'return exchange warranty discount coupon gift balance charge fee cancel upgrade downgrade trial billing receipt ' +
  'tracking parcel courier store app device settings profile notification verify code reset update change transfer ' +
  'bank wallet points reward membership renewal battery screen size colour stock item product package damaged ' +
  'missing late wrong broken replacement voucher price cost free premium basic family business team seat licence ' +
  'download install sync backup storage limit quota error message page button link form field upload export import ' +
  'report history statement tax vat currency country region language timezone phone number sms confirm booking ' +
  'reservation ticket seat flight hotel room checkout basket cart promo sale offer bundle annual monthly weekly ' +
  'daily customer support chat help guide manual tutorial feature option setting security privacy data delete ' +
  'close open pause resume restart schedule appointment slot window pickup collection locker address postcode ' +
  'label print scan photo video audio connect disconnect network wifi bluetooth pair unpair firmware version'
).split(' ');

/** Function words and stop words: they make sentences look like sentences and are filtered out by `terms`. */
const GLUE = 'the a an to of and for in on with your you we our is are be can will this that it if at by from or as not only'.split(' ');

const ONSETS = ['b', 'br', 'c', 'ch', 'd', 'dr', 'f', 'fl', 'g', 'gr', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'pl', 'qu', 'r', 's', 'sh', 'sk', 'st', 't', 'tr', 'v', 'w', 'z', 'th', 'cl', 'sp'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'ou', 'io', 'y'];
const CODAS = ['', '', '', 'n', 'r', 'l', 's', 't', 'm', 'nd', 'rk', 'x', 'ck', 'lt', 'mp'];

/** Real words a pseudo-word must not collide with: they would trigger signals the generator did not mean. */
const RESERVED = new Set(
  'human agent person people staff support sue suing court judge kill dying dead hello thanks bye cheers howdy ' +
    'talk speak call need want give contact transfer escalate operator advisor adviser rep'.split(' '),
);

export function pseudoWords(r: Rng, count: number): string[] {
  const out = new Set<string>();
  const support = new Set(SUPPORT_WORDS);
  while (out.size < count) {
    let w = '';
    const syllables = r.int(2, 3);
    for (let i = 0; i < syllables; i++) w += r.pick(ONSETS) + r.pick(VOWELS) + (i === syllables - 1 || r.chance(0.3) ? r.pick(CODAS) : '');
    // Length >= 5 keeps clear of stop words and of the stemmer's short-word cases.
    if (w.length >= 5 && w.length <= 11 && !RESERVED.has(w) && !support.has(w)) out.add(w);
  }
  return [...out];
}

// ---------------------------------------------------------------------------
// Numbers, prices, durations
// ---------------------------------------------------------------------------

function price(r: Rng): string {
  const whole = r.pick([r.int(1, 99), r.int(100, 999), r.int(1000, 9999)]);
  const cents = r.chance(0.5) ? `.${String(r.int(0, 99)).padStart(2, '0')}` : '';
  const grouped = whole >= 1000 && r.chance(0.5) ? whole.toLocaleString('en-US') : String(whole);
  switch (r.int(0, 6)) {
    case 0:
      return `$${grouped}${cents}`;
    case 1:
      return `£${grouped}${cents}`;
    case 2:
      return `€${grouped}${cents}`;
    case 3:
      return `${grouped} EUR`;
    case 4:
      return `${whole} dollars`;
    case 5:
      return `USD ${grouped}${cents}`;
    default:
      return `${r.int(2, 50)}k`; // a bare magnitude: not money without a currency
  }
}

function duration(r: Rng): string {
  return r.pick([
    `${r.int(1, 14)} days`,
    `${r.int(2, 5)}-${r.int(6, 10)} business days`,
    `${r.int(1, 72)} hours`,
    `${r.int(5, 90)} minutes`,
    `${r.int(1, 12)} months`,
    `${r.int(1, 4)} weeks`,
    'one year',
    '24/7',
  ]);
}

function number(r: Rng): string {
  return r.pick([String(r.int(1, 100)), String(r.int(1000, 99999)), `#${r.int(100000, 999999)}`, `${r.int(1, 99)}%`, `v${r.int(1, 9)}.${r.int(0, 20)}`]);
}

// ---------------------------------------------------------------------------
// Topics: what articles and intents share
// ---------------------------------------------------------------------------

export interface Topic {
  /** snake_case, unique: the intent name. */
  name: string;
  /** Words that mark the topic (pseudo-words and support words). */
  words: string[];
}

interface World {
  r: Rng;
  vocab: string[];
  topics: Topic[];
}

function world(seed: number, topicCount: number, vocabSize: number): World {
  const r = rng(seed);
  const vocab = pseudoWords(r, vocabSize);
  const topics: Topic[] = [];
  const names = new Set<string>();
  for (let i = 0; i < topicCount; i++) {
    const support = [r.pick(SUPPORT_WORDS), r.pick(SUPPORT_WORDS)];
    // Topic words come from the rarer part of the vocabulary, so topics are told apart.
    const own = Array.from({ length: 6 }, () => r.pick(vocab.slice(200)));
    let name = `${support[0]}_${own[0]}`;
    while (names.has(name)) name += '_x';
    names.add(name);
    topics.push({ name, words: [...support, ...own] });
  }
  return { r, vocab, topics };
}

// ---------------------------------------------------------------------------
// Knowledge base
// ---------------------------------------------------------------------------

function proseWord(w: World, topic: Topic): string {
  const x = w.r.next();
  if (x < 0.3) return w.r.pick(GLUE);
  if (x < 0.5) return w.r.pick(topic.words);
  if (x < 0.68) return SUPPORT_WORDS[w.r.zipf(SUPPORT_WORDS.length)] ?? 'help';
  if (x < 0.95) return w.vocab[w.r.zipf(w.vocab.length)] ?? 'blorn';
  return w.r.pick([price(w.r), duration(w.r), number(w.r)]);
}

/** 40-120 words of prose in sentences, with a little Markdown (bold, links, code, a list). */
function sectionBody(w: World, topic: Topic): string {
  const target = w.r.int(40, 120);
  const lines: string[] = [];
  let sentence: string[] = [];
  let count = 0;
  let length = w.r.int(6, 16);
  while (count < target) {
    let word = proseWord(w, topic);
    if (w.r.chance(0.02)) word = `**${word}**`;
    else if (w.r.chance(0.01)) word = `[${word}](https://help.example.com/${word.replace(/\W/g, '')})`;
    else if (w.r.chance(0.01)) word = `\`${word}\``;
    sentence.push(word);
    count += word.split(' ').length;
    if (sentence.length >= length || count >= target) {
      const text = sentence.join(' ');
      const line = text.charAt(0).toUpperCase() + text.slice(1) + '.';
      lines.push(w.r.chance(0.1) ? `- ${line}` : w.r.chance(0.15) ? `${line}\n` : line);
      sentence = [];
      length = w.r.int(6, 16);
    }
  }
  return lines.join('\n');
}

function titleCase(words: string[]): string {
  return words.map((x) => x.charAt(0).toUpperCase() + x.slice(1)).join(' ');
}

export interface GeneratedArticle {
  id: string;
  markdown: string;
  topic: Topic;
}

function articles(w: World, count: number): GeneratedArticle[] {
  const out: GeneratedArticle[] = [];
  for (let i = 0; i < count; i++) {
    const topic = w.topics[i % w.topics.length] as Topic;
    const title = titleCase([w.r.pick(['how', 'about', 'managing', 'fixing', 'understanding']), ...Array.from({ length: w.r.int(2, 4) }, () => w.r.pick(topic.words))]);
    const parts = [`# ${title}`, ''];
    const sections = w.r.int(3, 6);
    for (let s = 0; s < sections; s++) {
      parts.push(`## ${titleCase([w.r.pick(topic.words), w.r.pick(SUPPORT_WORDS), ...(w.r.chance(0.5) ? [w.r.pick(w.vocab)] : [])])}`, '');
      parts.push(sectionBody(w, topic), '');
    }
    out.push({ id: `article-${String(i).padStart(3, '0')}`, markdown: parts.join('\n'), topic });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Policy
// ---------------------------------------------------------------------------

const QUESTION_STARTS = ['how do I', 'can I', 'why is my', 'where is my', 'what happens to my', 'is it possible to', 'I need help with my', 'my', 'how long does', 'when will my', 'why was I charged for', 'I cannot'];
const QUESTION_ENDS = ['?', '', ' please', ' not working', ' after the update', ' again', ' today?', ' for my account?'];

function question(w: World, pool: readonly string[], min: number, max: number): string {
  const body = Array.from({ length: w.r.int(min, max) }, () => (w.r.chance(0.2) ? w.r.pick(GLUE) : w.r.pick(pool)));
  return `${w.r.pick(QUESTION_STARTS)} ${body.join(' ')}${w.r.pick(QUESTION_ENDS)}`;
}

/** Safety-category intents carry example sentences for the floor's example matcher (detectSafety). */
const SAFETY_EXAMPLES: Record<string, string[]> = {
  legal_threat: [
    'my solicitor will write to your legal department about this',
    'I am preparing a claim against your company for the damaged goods',
    'expect paperwork from my attorney regarding the unpaid compensation',
    'this breach of contract will be settled by a judge',
    'my legal adviser says your terms are unenforceable and we will act',
    'I have instructed lawyers over the withheld deposit',
    'you will hear from my barrister about the cancelled booking',
    'consumer rights act claim coming your way over the faulty product',
  ],
  regulatory_complaint: [
    'raising a formal complaint with the financial ombudsman about the fees',
    'escalating this to the data protection authority over my personal data',
    'the energy regulator will get a full account of how you treated me',
    'writing to trading standards about the misleading advert price',
    'filing with the consumer watchdog about the hidden subscription charges',
    'lodging a dispute with the ombudsman regarding the unfair penalty',
    'complaint to the telecoms regulator about the broken contract terms',
    'informing the banking regulator about the blocked transfer',
  ],
  self_harm: [
    'I feel hopeless and see no point going on anymore',
    'everything feels pointless and I want it all to stop',
    'I keep thinking about hurting myself tonight',
    'nobody would notice if I disappeared forever',
    'I cannot cope with living like this any longer',
    'I have been hurting myself again since the debt letters',
    'I am scared of what I might do to myself',
    'the debt makes me want to stop existing',
  ],
};

export interface PolicyOptions {
  /** Topical intents, one per topic (the KB's first topics). */
  topical: number;
  /** Examples per topical intent: a number, or [min, max] drawn per intent. */
  examples: number | [number, number];
  /** Add the three safety-category intents (forced urgent by parsePolicy; their examples feed detectSafety). */
  safety: boolean;
}

function policyData(w: World, o: PolicyOptions): unknown {
  const intents: unknown[] = [];
  const safety = o.safety ? Object.keys(SAFETY_EXAMPLES) : [];
  const topical = w.topics.slice(0, o.topical);
  for (const [i, topic] of topical.entries()) {
    const n = typeof o.examples === 'number' ? o.examples : w.r.int(o.examples[0], o.examples[1]);
    const examples = Array.from({ length: n }, () => {
      const q = question(w, topic.words, 2, 6);
      return w.r.chance(0.1) ? `${q} ${w.r.pick([price(w.r), duration(w.r), number(w.r)])}` : q;
    });
    const mode = i % 10 < 7 ? 'auto' : 'human';
    const intent: Record<string, unknown> = {
      name: topic.name,
      mode,
      description: `${titleCase(topic.name.split('_'))}: questions about ${topic.words.slice(0, 4).join(', ')} and ${w.r.pick(SUPPORT_WORDS)}`,
      examples,
    };
    if (mode === 'auto' && i % 4 === 0) intent.humanAboveAmount = w.r.pick([50, 100, 250, 500, 1000]);
    if (mode === 'auto' && i % 5 === 0) intent.minConfidence = w.r.pick([0.5, 0.65, 0.75]);
    intents.push(intent);
  }
  for (const name of safety) intents.push({ name, mode: 'human', description: `safety floor: ${name.replace(/_/g, ' ')}`, examples: SAFETY_EXAMPLES[name] });
  return { version: 1, minConfidence: 0.6, intents, frustration: { offerHumanAt: 0.5, handoffAt: 0.8 } };
}

// ---------------------------------------------------------------------------
// Visitor messages
// ---------------------------------------------------------------------------

const OFF_TOPIC = [
  'what is the weather like in lisbon tomorrow',
  'can you recommend a good pizza place near the station',
  'who won the football last night',
  'tell me a joke about cats',
  'what is the capital of australia',
  'write me a poem about the sea',
  'is it going to rain this weekend',
  'what time does the sun set in oslo in december',
  'how many calories are in a banana',
  'do you like jazz music',
];
const SMALL_TALK = ['hi', 'hello', 'hey there', 'good morning', 'thanks', 'thank you so much', 'cheers', 'ok thanks', 'bye', 'hiya 🙂', 'thanks :)', 'hello!'];
const PERSON = ['can I talk to a human', 'agent', 'I want to speak to a real person please', 'get me someone from customer service', 'please transfer me to an operator'];
const SAFETY_LIKE = [
  "I'm going to sue you if this isn't fixed",
  'I will report you to the ombudsman about these fees',
  'my lawyer will be in touch about the refund',
  "I'll take you to small claims court over this",
  'I honestly cannot go on like this anymore',
  "I'm not going to sue, I just want my money back",
  'my solicitor is handling the house purchase, can you send the statement',
  'this form is killing me trying to find the button',
  'is your company FCA regulated?',
  'I am dying to know when the sale starts',
];
const AMOUNT_LEADS = ['I paid', 'I was charged', 'the refund should be', 'you took', 'the invoice says', 'my order cost', 'I spent'];
const FOLLOW_UPS = ['and how much does that cost?', 'ok and how long?', 'what about returns?', 'does that work abroad?', 'and for my family plan?', 'is it free?'];

export interface GeneratedMessage {
  kind: 'article_question' | 'intent_question' | 'off_topic' | 'small_talk' | 'amount' | 'person' | 'safety_like' | 'follow_up' | 'repeat' | 'long';
  turns: Turn[];
}

function contentWords(text: string): string[] {
  return text.split(/[^\p{L}\p{N}$£€.,#%/-]+/u).filter((x) => x.length > 3 && !GLUE.includes(x.toLowerCase()));
}

function articleQuestion(w: World, kb: readonly GeneratedArticle[]): string {
  const a = w.r.pick(kb);
  const pool = contentWords(a.markdown.replace(/^#.*$/gm, ''));
  return question(w, pool.length ? pool : a.topic.words, 3, 8).toLowerCase();
}

function messages(w: World, kb: readonly GeneratedArticle[], examples: readonly string[], count: number): GeneratedMessage[] {
  const out: GeneratedMessage[] = [];
  const user = (text: string): Turn => ({ role: 'user', text });
  const bot = (text: string): Turn => ({ role: 'assistant', text });
  for (let i = 0; i < count; i++) {
    const x = w.r.next();
    let m: GeneratedMessage;
    if (x < 0.38) m = { kind: 'article_question', turns: [user(articleQuestion(w, kb))] };
    else if (x < 0.5) {
      // A paraphrase of a policy example: one word dropped, one word added.
      const words = w.r.pick(examples).split(' ');
      words.splice(w.r.int(0, words.length - 1), 1);
      words.splice(w.r.int(0, words.length), 0, w.r.pick(SUPPORT_WORDS));
      m = { kind: 'intent_question', turns: [user(words.join(' '))] };
    } else if (x < 0.6) m = { kind: 'off_topic', turns: [user(w.r.pick(OFF_TOPIC) + w.r.pick(['?', '', '!']))] };
    else if (x < 0.68) m = { kind: 'small_talk', turns: [user(w.r.pick(SMALL_TALK))] };
    else if (x < 0.78) m = { kind: 'amount', turns: [user(`${articleQuestion(w, kb)} ${w.r.pick(AMOUNT_LEADS)} ${price(w.r)}`)] };
    else if (x < 0.82) m = { kind: 'person', turns: [user(w.r.pick(PERSON))] };
    else if (x < 0.88) m = { kind: 'safety_like', turns: [user(w.r.pick(SAFETY_LIKE))] };
    else if (x < 0.94) {
      const first = articleQuestion(w, kb);
      m = { kind: 'follow_up', turns: [user(first), bot('Here is what our help centre says about that.'), user(w.r.pick(FOLLOW_UPS))] };
    } else if (x < 0.98) {
      const first = articleQuestion(w, kb);
      m = { kind: 'repeat', turns: [user(first), bot('Here is what our help centre says about that.'), user(`that did not help, ${first}`)] };
    } else {
      // A pasted wall of text: 150-400 words.
      const parts: string[] = [];
      while (parts.join(' ').split(' ').length < w.r.int(150, 400)) parts.push(articleQuestion(w, kb), w.r.pick(GLUE), w.r.pick(OFF_TOPIC));
      m = { kind: 'long', turns: [user(parts.join(' '))] };
    }
    out.push(m);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------

export interface Workload {
  articles: GeneratedArticle[];
  /** Raw policy data (pass through parsePolicy). */
  policy: unknown;
  messages: GeneratedMessage[];
}

export interface WorkloadOptions {
  seed: number;
  /** Topic clusters; articles are spread evenly over them. */
  topics: number;
  articles: number;
  messages: number;
  vocabulary: number;
  policy: PolicyOptions;
}

/** 200 articles over 50 topics; 47 topical intents (8-12 examples) + 3 safety intents = 50; 2,000 messages. */
export const ROUTING_WORKLOAD: WorkloadOptions = {
  seed: 20240601,
  topics: 50,
  articles: 200,
  messages: 2000,
  vocabulary: 3000,
  policy: { topical: 47, examples: [8, 12], safety: true },
};

/** The routing workload: KB, the policy and the visitor messages. */
export function generate(o: WorkloadOptions = ROUTING_WORKLOAD): Workload {
  const w = world(o.seed, o.topics, o.vocabulary);
  const kb = articles(w, o.articles);
  const policy = policyData(w, o.policy);
  const examples = (policy as { intents: { examples: string[] }[] }).intents.flatMap((i) => i.examples);
  return { articles: kb, policy, messages: messages(w, kb, examples, o.messages) };
}

/**
 * A large policy over the same KB: one topical intent per topic with `examples`
 * examples each, plus the safety intents (50 x 300 = 15,000 topical examples).
 */
export function largePolicy(o: WorkloadOptions, examples: number): unknown {
  const w = world(o.seed, o.topics, o.vocabulary);
  articles(w, o.articles); // advance the PRNG as generate() does
  return policyData(w, { topical: o.topics, examples, safety: true });
}
