/**
 * Text to features for the trained classifiers: hashed word 1-2-grams and
 * character 3-5-grams (inside word boundaries, so "refund" and "refunds" share
 * most), weighted by TF-IDF and L2-normalised per block, plus the mean word
 * vector when vectors are loaded. The vocabulary is what the training texts
 * hold: a hash bucket never seen in training has no weight to add, so only
 * seen buckets get a column.
 */
import { fnv1aString } from './hash.ts';
import type { WordVectors } from './vectors.ts';

/** Hash space for feature strings: collisions are rare at this size and cost a column, not memory. */
const BUCKETS = 1 << 22;
const CHAR_MIN = 3;
/** Words of a message read at most. */
const MAX_WORDS = 120;
const CHAR_MAX = 5;
/** Words too common to say what a message is about; the mean vector leaves them out. */
const VECTOR_STOP = new Set('a an the and or but of to in on at for with by from is are was were be been am i me my you your it its this that we our they them their he she his her do does did can could would should will shall have has had not no so if as'.split(' '));

export interface BlockWeights {
  words: number;
  chars: number;
  vectors: number;
}

export const DEFAULT_BLOCKS: BlockWeights = { words: 1, chars: 1, vectors: 1 };

/** Lower case, letters and digits; apostrophes join ("don't" is "dont"). */
export function tokens(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^\p{L}\p{N}\p{Extended_Pictographic}]+/u)
    .filter(Boolean);
}

const FNV_PRIME = 0x01000193;
/** FNV-1a carried on over a string's code units from state `h`: the same value as hashing the joined string. */
function carry(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}
const step = (h: number, code: number) => Math.imul(h ^ code, FNV_PRIME);
const WORD = fnv1aString('w ') | 0;
const PAIR = fnv1aString('b ') | 0;
const CHAR = fnv1aString('c ') | 0;
const SPACE = 32;
const OPEN = '<'.charCodeAt(0);
const CLOSE = '>'.charCodeAt(0);

/**
 * Hash buckets of one text, by block: word 1-2-grams ("w refund", "b my refund"),
 * then character 3-5-grams of each word between boundary marks ("c <re", "c fund>").
 * Hashed as it goes, with no substring built: the same buckets as hashing each feature's string.
 */
/** Exported for the test that checks it against hashing each feature string. */
export function grams(words: readonly string[]): { word: number[]; char: number[] } {
  const word: number[] = [];
  const char: number[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    word.push((carry(WORD, w) >>> 0) % BUCKETS);
    if (i > 0) word.push((carry(step(carry(PAIR, words[i - 1]!), SPACE), w) >>> 0) % BUCKETS);
    // The padded word "<w>" read from each start, extending to 3, 4 and 5 characters.
    const length = w.length + 2;
    const at = (k: number) => (k === 0 ? OPEN : k === length - 1 ? CLOSE : w.charCodeAt(k - 1));
    for (let start = 0; start + CHAR_MIN <= length; start++) {
      let h = CHAR;
      for (let n = 1; n <= CHAR_MAX && start + n <= length; n++) {
        h = step(h, at(start + n - 1));
        if (n >= CHAR_MIN) char.push((h >>> 0) % BUCKETS);
      }
    }
  }
  // An empty message still says something: the bucket of "nothing" (an emoji alone, punctuation).
  if (words.length === 0) word.push((WORD >>> 0) % BUCKETS);
  return { word, char };
}

/** Two blocks' columns (each ascending) merged ascending, a column in both (a hash shared by a word and a character n-gram) summed. */
function merged(a: Block, b: Block): { cols: Int32Array; vals: Float32Array } {
  const cols = new Int32Array(a.cols.length + b.cols.length);
  const vals = new Float32Array(cols.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.cols.length || j < b.cols.length) {
    const ca = i < a.cols.length ? a.cols[i]! : Infinity;
    const cb = j < b.cols.length ? b.cols[j]! : Infinity;
    const c = Math.min(ca, cb);
    let v = 0;
    if (ca === c) v += a.vals[i++]!;
    if (cb === c) v += b.vals[j++]!;
    cols[n] = c;
    vals[n++] = v;
  }
  return { cols: cols.subarray(0, n), vals: vals.subarray(0, n) };
}

interface Block {
  cols: number[];
  vals: number[];
}

/**
 * The last message's words, hash buckets and mean vector: the acts model and
 * the intent model read the same message one after the other, each with its
 * own vocabulary but the same tokens.
 */
let last: { text: string; words: string[]; grams: ReturnType<typeof grams>; vectors: WordVectors | null; mean: Float32Array | null } | null = null;

function read(text: string): { words: string[]; grams: ReturnType<typeof grams> } {
  if (last?.text !== text) {
    // Past MAX_WORDS a message's subject is settled; reading the rest of a pasted email only costs time.
    const words = tokens(text).slice(0, MAX_WORDS);
    last = { text, words, grams: grams(words), vectors: null, mean: null };
  }
  return last;
}

/** The unit-length mean vector of the message's words (zeros when none is known). */
function meanVector(text: string, words: readonly string[], vectors: WordVectors): Float32Array {
  const memo = last?.text === text ? last : null;
  if (memo?.mean && memo.vectors === vectors) return memo.mean;
  const out = new Float32Array(vectors.dims);
  let found = 0;
  for (const w of words) if (!VECTOR_STOP.has(w) && vectors.addTo(w, out)) found++;
  if (found > 0) {
    let norm = 0;
    for (const x of out) norm += x * x;
    const scale = 1 / Math.sqrt(norm);
    for (let d = 0; d < out.length; d++) out[d]! *= scale;
  }
  if (memo) Object.assign(memo, { vectors, mean: out });
  return out;
}

export interface Encoded {
  /** Column indices, ascending, and their values. */
  cols: Int32Array;
  vals: Float32Array;
  /** The weighted mean word vector (unit length times its block weight), or null. */
  dense: Float32Array | null;
}

export interface FeatureSpace {
  /** Hash bucket -> column, for every bucket seen in training. */
  buckets: Int32Array;
  idf: Float32Array;
  blocks: BlockWeights;
  dims: number;
}

export class Featurizer {
  readonly #columns: Map<number, number>;
  readonly #idf: Float32Array;
  readonly #blocks: BlockWeights;
  readonly #vectors: WordVectors | null;
  readonly #buckets: Int32Array;

  constructor(space: FeatureSpace, vectors: WordVectors | null) {
    this.#buckets = space.buckets;
    this.#columns = new Map(Array.from(space.buckets, (b, i) => [b, i]));
    this.#idf = space.idf;
    this.#blocks = space.blocks;
    // Vectors of another width than the model was trained with would misread it.
    this.#vectors = vectors && vectors.dims === space.dims ? vectors : null;
  }

  /** Learns the vocabulary and IDF of the training texts. */
  static fit(texts: readonly string[], vectors: WordVectors | null, blocks: BlockWeights = DEFAULT_BLOCKS): Featurizer {
    const df = new Map<number, number>();
    for (const t of texts) {
      const g = grams(tokens(t));
      for (const b of new Set([...g.word, ...g.char])) df.set(b, (df.get(b) ?? 0) + 1);
    }
    const buckets = Int32Array.from([...df.keys()].sort((a, b) => a - b));
    const idf = Float32Array.from(buckets, (b) => Math.log((1 + texts.length) / (1 + df.get(b)!)) + 1);
    return new Featurizer({ buckets, idf, blocks, dims: vectors?.dims ?? 0 }, vectors);
  }

  get space(): FeatureSpace {
    return { buckets: this.#buckets, idf: this.#idf, blocks: this.#blocks, dims: this.#vectors?.dims ?? 0 };
  }

  get columns(): number {
    return this.#buckets.length;
  }

  get denseDims(): number {
    return this.#vectors?.dims ?? 0;
  }

  encode(text: string): Encoded {
    const { words, grams: g } = read(text);
    return { ...merged(this.#block(g.word, this.#blocks.words), this.#block(g.char, this.#blocks.chars)), dense: this.#dense(text, words) };
  }

  /** Sublinear TF times IDF over the block's seen buckets, L2-normalised, times the block weight; columns ascending. */
  #block(buckets: readonly number[], weight: number): Block {
    const cols: number[] = [];
    const vals: number[] = [];
    const seen: number[] = [];
    for (const b of buckets) {
      const c = this.#columns.get(b);
      if (c !== undefined) seen.push(c);
    }
    // Sorted, a column's repeats sit together: its term frequency is the length of its run.
    const own = Int32Array.from(seen).sort();
    let norm = 0;
    for (let i = 0; i < own.length; ) {
      const c = own[i]!;
      let n = 0;
      while (i < own.length && own[i] === c) (n++, i++);
      const x = (1 + Math.log(n)) * this.#idf[c]!;
      cols.push(c);
      vals.push(x);
      norm += x * x;
    }
    if (norm === 0) return { cols, vals };
    const scale = weight / Math.sqrt(norm);
    for (let k = 0; k < vals.length; k++) vals[k]! *= scale;
    return { cols, vals };
  }

  #dense(text: string, words: readonly string[]): Float32Array | null {
    const vectors = this.#vectors;
    if (!vectors) return null;
    const unit = meanVector(text, words, vectors);
    const out = new Float32Array(unit.length);
    for (let d = 0; d < out.length; d++) out[d] = unit[d]! * this.#blocks.vectors;
    return out;
  }
}
