// `npx plop` in this repository: Node 20 cannot import plopfile.ts, and plop looks for
// plopfile.js first, so this runs the built plopfile (npm ci builds it; so does npm run build).
export { default } from './dist/plopfile.js';
