/**
 * Turns a Python file's bytes into text the way Python does: a UTF-8 BOM or a PEP 263 coding
 * declaration on one of the first two lines chooses the encoding, UTF-8 otherwise.
 */
export type Decoded = { ok: true; text: string; encoding: string } | { ok: false; message: string };

export function decodeSource(bytes: Uint8Array): Decoded {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return decodeWith(bytes.subarray(3), 'utf-8');
  }
  const declared = codingCookie(bytes);
  return decodeWith(bytes, declared ?? 'utf-8');
}

function decodeWith(bytes: Uint8Array, encoding: string): Decoded {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    return { ok: false, message: `declares an unknown encoding '${encoding}'` };
  }
  try {
    const text = decoder.decode(bytes);
    if (text.includes('\u0000')) return { ok: false, message: 'contains NUL bytes, so it is not Python source' };
    return { ok: true, text, encoding };
  } catch {
    const at = firstInvalidUtf8(bytes);
    return { ok: false, message: encoding === 'utf-8' && at >= 0 ? `is not valid UTF-8 (byte ${at}) and declares no other encoding` : `is not valid ${encoding}` };
  }
}

/** The encoding named by `# -*- coding: NAME -*-` on line 1 or 2 (PEP 263). */
function codingCookie(bytes: Uint8Array): string | undefined {
  let end = 0;
  let lines = 0;
  while (end < bytes.length && end < 400 && lines < 2) {
    if (bytes[end] === 10) lines++;
    end++;
  }
  const head = String.fromCharCode(...bytes.subarray(0, end));
  for (const line of head.split(/\r?\n/).slice(0, 2)) {
    if (!/^[ \t\f]*#/.test(line)) continue;
    const m = /coding[:=][ \t]*([-\w.]+)/.exec(line);
    if (m) return whatwgLabel(m[1]);
  }
  return undefined;
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const n = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (n === 0) return i;
    for (let k = 1; k < n; k++) if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return i;
    i += n;
  }
  return -1;
}

/** Python's codec names as WHATWG encoding labels (which TextDecoder takes): "latin-1" -> "latin1". */
function whatwgLabel(pythonName: string): string {
  const name = pythonName.toLowerCase().replace(/_/g, '-');
  if (/^(latin-?1|l1|iso-?8859-1|8859|cp819)$/.test(name)) return 'latin1';
  if (/^utf-?8(-sig)?$/.test(name)) return 'utf-8';
  if (/^cp(\d+)$/.test(name)) return `windows-${name.slice(2)}`;
  return name;
}
