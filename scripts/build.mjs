// Builds the package's dist/: everything the CLI and the plopfile run, so an install needs no
// dependency at all (a few megabytes instead of a hundred).
// - The CLI and the plopfile are bundled into ESM with their npm dependencies: start-up reads a few
//   modules instead of hundreds, and what only some commands need (the YAML parser, the prompts,
//   pg) is split into chunks loaded on first use. Both entries share one copy of the common code,
//   so `plop.load('create-alembic-migration')` writes exactly what the CLI writes.
// - The WASM parsers load their glue and .wasm from files: only those files (src/wasm-files.json)
//   are copied, into dist/wasm/PACKAGE/, where src/wasm-file.ts finds them in the bundle.
// - dist/THIRD-PARTY-LICENSES.md carries the license of every package whose code is in dist/.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const WASM_FILES = JSON.parse(readFileSync('src/wasm-files.json', 'utf8'));

// Chunk names carry a content hash: clear the old ones so dist/ holds only what this build made.
rmSync('dist', { recursive: true, force: true });
const { metafile } = await build({
  entryPoints: { cli: 'src/cli/bin.ts', plopfile: 'plopfile.ts' },
  outdir: 'dist',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // pg's optional native binding, and the Cloudflare socket only its Workers build imports.
  external: ['pg-native', 'cloudflare:sockets'],
  define: { CREATE_MIGRATION_BUNDLE: 'true' },
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  metafile: true,
  logLevel: 'warning',
});

for (const [name, files] of Object.entries(WASM_FILES)) {
  for (const file of files) {
    const target = join('dist', 'wasm', name, file);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join('node_modules', name, file), target);
  }
}
// The Emscripten glue files are CommonJS named .js, in a package whose .js files are ESM.
writeFileSync(join('dist', 'wasm', 'package.json'), '{ "type": "commonjs" }\n');

/** The package directory (node_modules/NAME or node_modules/@SCOPE/NAME) that holds `path`. */
function packageDirectory(path) {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(path);
  return match?.[1];
}

function licenseEntry(directory) {
  const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
  const licenseFile = readdirSync(directory).find((file) => /^(licen[sc]e|copying)(\.|$)/i.test(file));
  const text = licenseFile ? readFileSync(join(directory, licenseFile), 'utf8').trim() : `(no license file in the package; package.json says ${manifest.license})`;
  return `## ${manifest.name} ${manifest.version}\n\nLicense: ${manifest.license ?? 'see below'}\n\n\`\`\`\n${text}\n\`\`\`\n`;
}

const bundled = new Set(Object.keys(metafile.inputs).map(packageDirectory).filter(Boolean));
for (const name of Object.keys(WASM_FILES)) bundled.add(join('node_modules', name));
const packages = [...bundled].filter((directory) => existsSync(join(directory, 'package.json'))).sort();
writeFileSync(
  join('dist', 'THIRD-PARTY-LICENSES.md'),
  `# Third-party licenses\n\ndist/ holds code of these ${packages.length} packages (bundled JavaScript, and in dist/wasm/ the parsers' WASM builds).\n\n${packages.map(licenseEntry).join('\n')}`,
);
