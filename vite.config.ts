/**
 * Three builds from one file, picked by --mode:
 *   loader  -> dist/public/widget.js          the one-line embed (IIFE, no dependencies)
 *   widget  -> dist/public/widget/app.js      the lazily loaded app (ES module + chunks)
 *   console -> dist/public/console/           the agent console (a plain SPA)
 *   widget-bare -> dist/size/widget-bare/     the app without the frustration detector and its DOM
 *                                             adapter (widget/detector/off.ts), for the size budget only
 * The server serves dist/public.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';

const jsx = { oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } } } as const;
const production = { 'process.env.NODE_ENV': JSON.stringify('production') };

/** The lazily loaded widget app, built into `outDir`. */
function widgetApp(outDir: string): UserConfig {
  return {
    ...jsx,
    define: production,
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2020',
      // Lib mode leaves ES output unminified (whitespace and all); the bytes matter in a host page.
      rolldownOptions: { output: { minify: true } },
      lib: { entry: 'widget/app/main.tsx', formats: ['es'], fileName: () => 'app.js' },
    },
  };
}

const builds: Record<string, UserConfig> = {
  loader: {
    define: production,
    build: {
      outDir: 'dist/public',
      emptyOutDir: false,
      target: 'es2020',
      lib: { entry: 'widget/loader/index.ts', formats: ['iife'], name: 'BatonLoader', fileName: () => 'widget.js' },
    },
  },
  widget: widgetApp('dist/public/widget'),
  // The same app, the detector and adapter swapped for no-ops: only the difference is measured.
  'widget-bare': {
    ...widgetApp('dist/size/widget-bare'),
    resolve: {
      alias: [{ find: /^(?:\.\.\/)+(?:shared\/frustration\/detector|detector\/adapter)\.ts$/, replacement: fileURLToPath(new URL('widget/detector/off.ts', import.meta.url)) }],
    },
  },
  console: {
    ...jsx,
    root: 'console',
    base: '/console/',
    build: { outDir: '../dist/public/console', emptyOutDir: true, target: 'es2022' },
  },
};

export default defineConfig(({ mode }) => {
  const config = builds[mode];
  if (!config) throw new Error(`vite: unknown --mode "${mode}"; use loader, widget, widget-bare or console`);
  return config;
});
