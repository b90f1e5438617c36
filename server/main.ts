/** `npm start`: load the configuration, start Baton, print where everything is. */
import { randomBytes } from 'node:crypto';
import { isRefusal } from '../shared/errors.ts';
import { loadConfig } from './config.ts';
import { startBaton } from './app.ts';

/**
 * A port taken by another program, or one below 1024 without the right to bind it, is the
 * user's to fix: the one line says which port and that PORT chooses another; null for others.
 */
function listenProblem(error: unknown): string | null {
  if (!(error instanceof Error) || !('code' in error) || !('port' in error) || typeof error.port !== 'number') return null;
  const { code, port } = error;
  if (code === 'EADDRINUSE') return `port ${port} is in use; set PORT to another port (PORT=${port < 65535 ? port + 1 : port - 1} npm start)`;
  if (code === 'EACCES') return `port ${port} needs privileges this user does not have; set PORT to 1024 or above (PORT=8787 npm start)`;
  return null;
}

try {
  const config = loadConfig();
  const demoPassword = config.demoAgent ? (config.demoPassword ?? randomBytes(9).toString('base64url')) : null;
  const baton = await startBaton(config, { demoPassword });
  const base = `http://localhost:${baton.port}`;
  const lines = [
    `Baton is running on port ${baton.port}`,
    `  demo page:  ${base}/`,
    `  console:    ${base}/console/`,
    `  widget:     <script src="${base}/widget.js" data-site="${config.sites[0]?.id ?? 'SITE'}" async></script>`,
    `  assistant:  ${config.llm ? `${config.llm.model} at ${config.llm.baseURL}` : 'offline (set OPENAI_API_KEY for a model)'}`,
  ];
  if (config.demoAgent && demoPassword) lines.push(`  demo agent: ${config.demoAgent.email} / ${demoPassword}`);
  process.stdout.write(lines.join('\n') + '\n');
  const stop = () => {
    void baton.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  if (isRefusal(error, 'bad_config', 'bad_policy')) {
    process.stderr.write(`baton: ${error.message}\n`);
    process.exit(2);
  }
  const problem = listenProblem(error);
  if (problem) {
    // Exit, not return: what startBaton opened before listening (file watchers, the queue sweep) would keep the process up.
    process.stderr.write(`baton: ${problem}\n`);
    process.exit(2);
  }
  throw error;
}
