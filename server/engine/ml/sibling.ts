/** A script next to the caller, as it runs: `x.ts` from source, `x.js` from dist (tsc rewrites imports, not URLs). */
export function sibling(base: string, name: string): URL {
  return new URL(`./${name}${base.endsWith('.ts') ? '.ts' : '.js'}`, base);
}
