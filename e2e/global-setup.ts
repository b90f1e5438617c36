import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The journeys run the built server and widget, as a user would: say so plainly when there is no build. */
export default function globalSetup(): void {
  for (const file of ['dist/public/widget.js', 'dist/public/widget/app.js', 'dist/public/console/index.html', 'dist/node/server/main.js']) {
    if (!existsSync(join(process.cwd(), file))) throw new Error(`${file} is missing: run \`npm run build\` first (npm test does)`);
  }
}
