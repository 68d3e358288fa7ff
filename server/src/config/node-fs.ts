import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ConfigFileSystem } from './discovery';

/** Reads configuration files from disk. */
export class NodeFileSystem implements ConfigFileSystem {
  readText(path: string): string | undefined {
    try {
      return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  }
  dirname(path: string): string {
    return dirname(path);
  }
  join(dir: string, name: string): string {
    return join(dir, name);
  }
}

