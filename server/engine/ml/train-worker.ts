/**
 * The worker that trains a policy's intent model off the server's event loop
 * (intent-training.ts starts it): it loads the word vectors itself, trains or
 * reads the disk cache, writes the cache, and posts the model back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { intentModelData } from '../intent-model.ts';
import type { Article } from '../knowledge.ts';
import type { Policy } from '../policy.ts';
import { wordVectors } from './load-vectors.ts';

const { policy, articles, dir } = workerData as { policy: Policy; articles: Article[]; dir: string };
parentPort?.postMessage(intentModelData(policy, articles, wordVectors(), dir));
