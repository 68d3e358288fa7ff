// Generates Python modules that use ssl heavily, for the editor latency and memory benchmarks.
// The text is deterministic: the same line count always gives the same file.

const HEADER = `"""Generated module: TLS clients and servers written the many ways real code writes them."""
import socket
import smtplib
import ssl
from ssl import CERT_REQUIRED, PROTOCOL_TLS_CLIENT

`;

/** One block of about 50 lines: mostly sound TLS code, with two findings. */
function block(i: number): string {
  return `
def client_context_${i}(cafile=None):
    ctx = ssl.create_default_context(cafile=cafile)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.set_ciphers("ECDHE+AESGCM:ECDHE+CHACHA20:!aNULL")
    ctx.load_default_certs()
    return ctx


def server_context_${i}(certfile, keyfile):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(certfile, keyfile)
    ctx.verify_mode = ssl.CERT_NONE
    ctx.options |= ssl.OP_NO_COMPRESSION
    return ctx


class Client${i}:
    """A client that keeps its context on the instance."""

    def __init__(self, host, port=443):
        self.host = host
        self.port = port
        self._ctx = ssl.SSLContext(PROTOCOL_TLS_CLIENT)
        self._ctx.verify_mode = CERT_REQUIRED
        self._ctx.check_hostname = True

    def connect(self):
        raw = socket.create_connection((self.host, self.port), timeout=10)
        return self._ctx.wrap_socket(raw, server_hostname=self.host)

    def fetch(self, path):
        with self.connect() as sock:
            sock.sendall(b"GET " + path.encode() + b" HTTP/1.0\\r\\n\\r\\n")
            return sock.recv(65536)


def legacy_device_${i}(host):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)
    ctx.check_hostname = False
    with socket.create_connection((host, 8443)) as raw:
        with ctx.wrap_socket(raw, server_hostname=host) as tls:
            return tls.version()


def send_mail_${i}(host, user, password, body):
    context = ssl.create_default_context()
    with smtplib.SMTP_SSL(host, 465, context=context) as smtp:
        smtp.login(user, password)
        smtp.sendmail(user, [user], body)
`;
}

/** A module of at least `lines` lines (whole blocks, then trimmed padding comments to the exact count). */
export function generateModule(lines: number): string {
  const parts = [HEADER];
  let count = countLines(HEADER);
  for (let i = 0; count < lines; i++) {
    const b = block(i);
    parts.push(b);
    count += countLines(b);
  }
  const all = parts.join('').split('\n');
  if (all[all.length - 1] === '') all.pop();
  return all.slice(0, lines).join('\n') + '\n';
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
