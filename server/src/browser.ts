import {
  AbstractMessageReader,
  BrowserMessageReader,
  BrowserMessageWriter,
  createConnection,
  type DataCallback,
  type Disposable,
  type Message,
  type MessageReader,
} from 'vscode-languageserver/browser';
import { initParser, type WasmLocation } from './python/parser';
import { startServer } from './server';

/**
 * Entry point of the language server in a browser web worker (vscode.dev, github.dev).
 *
 * tree-sitter needs its two WebAssembly files before the first document is parsed. The extension
 * passes their URLs in the `initialize` request's initializationOptions (`{ wasm: { treeSitter, python } }`)
 * because VS Code starts extension workers from a blob: URL, where relative URLs mean nothing.
 * Messages are held back until the parser is ready, so the server itself never sees a document it cannot parse.
 * Without those options the files are looked up next to this script (`dist/tree-sitter.wasm`).
 */
function main(): void {
  const reader = new ParserReadyReader(new BrowserMessageReader(worker));
  const connection = createConnection(reader, new BrowserMessageWriter(worker));
  startServer(connection, {});
}

/** Initialization options the browser extension sends. */
export interface BrowserInitializationOptions {
  wasm?: WasmLocation;
}

/** Forwards messages once tree-sitter is loaded; the first message (initialize) says where from. */
class ParserReadyReader extends AbstractMessageReader implements MessageReader {
  private held: Message[] | undefined = [];
  private callback: DataCallback | undefined;

  constructor(private readonly inner: MessageReader) {
    super();
    inner.onError((e) => this.fireError(e));
    inner.onClose(() => this.fireClose());
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    return this.inner.listen((message) => {
      if (!this.held) return callback(message);
      const loading = this.held.length === 0;
      this.held.push(message);
      if (loading) void this.load(message);
    });
  }

  private async load(first: Message): Promise<void> {
    try {
      await initParser(wasmLocation(first));
    } catch (error) {
      // Let initialize go through anyway: the server then reports each file it cannot parse instead of hanging.
      console.error(`SSL Lens: could not load tree-sitter: ${error instanceof Error ? error.stack : String(error)}`);
    }
    const held = this.held ?? [];
    this.held = undefined;
    for (const message of held) this.callback?.(message);
  }
}

const worker = self as unknown as DedicatedWorkerGlobalScope;

function wasmLocation(first: Message): WasmLocation {
  const params = (first as { method?: string; params?: { initializationOptions?: BrowserInitializationOptions } }).params;
  const given = (first as { method?: string }).method === 'initialize' ? params?.initializationOptions?.wasm : undefined;
  if (given?.treeSitter && given.python) return given;
  const here = worker.location.href;
  return { treeSitter: new URL('../tree-sitter.wasm', here).href, python: new URL('../tree-sitter-python.wasm', here).href };
}

main();
