"""Low-level TLS helpers written for an older Python, as they are often found."""
import socket
import ssl

LEGACY_CIPHERS = "HIGH:MEDIUM:!aNULL"


def connect(host, port=443):
    raw = socket.create_connection((host, port))
    return ssl.wrap_socket(raw, ciphers=LEGACY_CIPHERS)


def modern_context():
    ctx = ssl.create_default_context()
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    return ctx


def compressed_context():
    ctx = ssl.create_default_context()
    ctx.options &= ~ssl.OP_NO_COMPRESSION
    return ctx
