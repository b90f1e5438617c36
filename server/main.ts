/** `npm start`: load the configuration, start Baton, print where everything is. */
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from './config.ts';
import { startBaton } from './app.ts';
import { PolicyError } from './engine/policy.ts';

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
  if (error instanceof ConfigError || error instanceof PolicyError) {
    process.stderr.write(`baton: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
