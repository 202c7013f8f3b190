// Bundles the console (TypeScript + uPlot from node_modules) into the jar's static resources:
// target/classes/META-INF/resources/console/, which Spring MVC serves at /console/.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const out = join('target', 'classes', 'META-INF', 'resources', 'console');
mkdirSync(out, { recursive: true });
await build({
  entryPoints: { app: 'src/main/web/main.ts' },
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'esm',
  target: ['es2022'],
  outdir: out,
  loader: { '.css': 'css' },
  logLevel: 'warning'
});
copyFileSync(join('src', 'main', 'web', 'index.html'), join(out, 'index.html'));
copyFileSync(join('node_modules', 'uplot', 'dist', 'uPlot.min.css'), join(out, 'uplot.css'));
copyFileSync(join('src', 'main', 'web', 'styles.css'), join(out, 'styles.css'));
console.log(`console bundled into ${out}`);
