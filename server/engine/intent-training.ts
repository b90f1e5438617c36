/**
 * Training a policy's intent model without blocking the server: the disk cache
 * answers at once when it holds the model; otherwise a worker thread trains it
 * (a 150-intent policy takes seconds) while the previous engine keeps serving.
 */
import { Worker } from 'node:worker_threads';
import { intentModelKey, modelsDir } from './intent-model.ts';
import type { Article } from './knowledge.ts';
import type { ClassifierData } from './ml/classifier.ts';
import { wordVectors } from './ml/load-vectors.ts';
import { readModel } from './ml/model-store.ts';
import { sibling } from './ml/sibling.ts';
import type { Policy } from './policy.ts';

const WORKER = sibling(import.meta.url, 'ml/train-worker');

export function trainInWorker(policy: Policy, articles: readonly Article[], dir = modelsDir()): Promise<ClassifierData> {
  const cached = readModel(dir, intentModelKey(policy, articles, wordVectors()));
  if (cached) return Promise.resolve(cached);
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: { policy, articles, dir } });
    worker.once('message', (data: ClassifierData) => {
      resolve(data);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`intent training worker exited with code ${code}`));
    });
  });
}
