// The entry of dist/cli-worker.js: a thread the command line starts to analyse files (see cli-pool.ts).
import { serveAnalysis } from './cli-pool';

serveAnalysis();
