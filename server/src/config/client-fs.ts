import type { ConfigFileSystem } from './discovery';

/** The configuration files discovery looks for in each folder. */
export const CONFIG_FILES = ['pyproject.toml', 'setup.cfg', 'setup.py', '.python-version'];

/**
 * Configuration files read through the editor, for workspaces with no disk (vscode.dev, github.dev,
 * remote file systems). Paths are document URIs. Discovery reads synchronously, so the files of a
 * document's folders are fetched first (`prefetch`) and served from memory afterwards.
 */
export class ClientFileSystem implements ConfigFileSystem {
  private readonly files = new Map<string, string | null>();

  constructor(private readonly read: (uri: string) => Promise<string | null>) {}

  readText(path: string): string | undefined {
    return this.files.get(path) ?? undefined;
  }

  dirname(path: string): string {
    const m = /^([a-z][a-z0-9+.-]*:\/\/[^/]*)(\/.*)?$/i.exec(path);
    if (!m) return path;
    const rest = m[2] ?? '';
    const cut = rest.lastIndexOf('/');
    return cut <= 0 ? m[1] : m[1] + rest.slice(0, cut);
  }

  join(dir: string, name: string): string {
    return `${dir}/${name}`;
  }

  /** Fetches the configuration files of every folder from a document up to a root; true when something new arrived. */
  async prefetch(documentUri: string, roots: string[]): Promise<boolean> {
    const wanted: string[] = [];
    let dir = this.dirname(documentUri);
    for (let depth = 0; depth < 64; depth++) {
      for (const name of CONFIG_FILES) {
        const uri = this.join(dir, name);
        if (!this.files.has(uri)) wanted.push(uri);
      }
      if (roots.includes(dir)) break;
      const parent = this.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    const results = await Promise.all(wanted.map((uri) => this.read(uri).catch(() => null)));
    wanted.forEach((uri, i) => this.files.set(uri, results[i]));
    return results.some((r) => r !== null);
  }

  /** Forgets what was read, after the editor reports a changed configuration file. */
  clear(): void {
    this.files.clear();
  }
}
