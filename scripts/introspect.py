# -*- coding: utf-8 -*-
"""Report what this interpreter's ``ssl`` module and TLS clients offer, as JSON.

Run by scripts/verify-data.mjs under every Python it finds (2.7 and 3.6+).
It only imports standard-library modules, opens no network connection and
prints one JSON object on stdout.  Nothing from the workspace is imported:
the script's own directory is dropped from ``sys.path`` before any import.
"""
from __future__ import print_function

import os
import sys

_here = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if p and os.path.abspath(p) != _here]

import json  # noqa: E402
import numbers  # noqa: E402
import socket  # noqa: E402
import warnings  # noqa: E402

PY2 = sys.version_info[0] == 2

try:
    import inspect
except Exception:  # pragma: no cover
    inspect = None

import ssl  # noqa: E402

# Python 3 name -> Python 2 module that holds the same client.
PY2_MODULES = {
    "http.client": "httplib",
    "urllib.request": "urllib2",
    "xmlrpc.client": "xmlrpclib",
}


def import_module(name):
    """Import a module by its Python 3 name (or its 2.x equivalent); None if absent."""
    real = PY2_MODULES.get(name, name) if PY2 else name
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            __import__(real)
        except Exception:
            return None
    return sys.modules.get(real)


def resolve(qualified):
    """Find an object from its Python 3 qualified name ("smtplib.SMTP.starttls")."""
    parts = qualified.split(".")
    for i in range(len(parts), 0, -1):
        mod = import_module(".".join(parts[:i]))
        if mod is None:
            continue
        obj = mod
        for attr in parts[i:]:
            try:
                obj = getattr(obj, attr)
            except Exception:
                return None
        return obj
    return None


def names_of(obj):
    try:
        return sorted(set(dir(obj)))
    except Exception:
        return []


def signature_of(func):
    """List of [name, kind, has_default] without a leading self; None when unreadable."""
    if func is None:
        return None
    out = None
    if not PY2 and hasattr(inspect, "signature"):
        try:
            sig = inspect.signature(func)
        except Exception:
            return None
        out = [[p.name, str(p.kind).split(".")[-1], p.default is not p.empty]
               for p in sig.parameters.values()]
    else:
        # Python 2: only functions written in Python have an argspec.
        target = func.__init__ if inspect.isclass(func) else func
        try:
            spec = inspect.getargspec(target)
        except Exception:
            return None
        args = list(spec.args)
        ndef = len(spec.defaults or ())
        out = [[a, "POSITIONAL_OR_KEYWORD", i >= len(args) - ndef] for i, a in enumerate(args)]
        if spec.varargs:
            out.append([spec.varargs, "VAR_POSITIONAL", False])
        if spec.keywords:
            out.append([spec.keywords, "VAR_KEYWORD", False])
    if out and out[0][0] == "self":
        out = out[1:]
    return out


CALLABLES = [
    "http.client.HTTPSConnection",
    "urllib.request.urlopen",
    "urllib.request.HTTPSHandler",
    "xmlrpc.client.ServerProxy",
    "xmlrpc.client.SafeTransport",
    "smtplib.SMTP_SSL",
    "smtplib.SMTP.starttls",
    "smtplib.LMTP",
    "smtplib.LMTP.starttls",
    "imaplib.IMAP4_SSL",
    "imaplib.IMAP4.starttls",
    "poplib.POP3_SSL",
    "poplib.POP3.stls",
    "ftplib.FTP_TLS",
    "nntplib.NNTP_SSL",
    "nntplib.NNTP.starttls",
    "asyncio.BaseEventLoop.create_connection",
    "asyncio.BaseEventLoop.create_server",
    "asyncio.BaseEventLoop.start_tls",
    "asyncio.open_connection",
    "ssl.get_server_certificate",
    "ssl.wrap_socket",
    "ssl.create_default_context",
    "ssl._create_unverified_context",
    "ssl._create_stdlib_context",
    "ssl.SSLContext",
    "ssl.SSLContext.wrap_socket",
    "ssl.SSLContext.wrap_bio",
    "ssl.SSLContext.load_cert_chain",
    "ssl.SSLContext.load_verify_locations",
    "ssl.SSLContext.load_default_certs",
    "ssl.SSLContext.get_ca_certs",
    "ssl.SSLContext.cert_store_stats",
    "ssl.SSLSocket.getpeercert",
    "ssl.SSLObject.getpeercert",
    "ssl.match_hostname",
    "ssl.cert_time_to_seconds",
    "ssl.enum_certificates",
]

CLASSES = ["SSLContext", "SSLSocket", "SSLObject", "MemoryBIO", "SSLSession",
           "TLSVersion", "Purpose", "SSLError", "SSLCertVerificationError",
           "AlertDescription", "SSLErrorNumber", "Options", "VerifyFlags",
           "VerifyMode", "_ASN1Object", "DefaultVerifyPaths"]


def class_names():
    out = {}
    for cls_name in CLASSES:
        cls = getattr(ssl, cls_name, None)
        if cls is None:
            continue
        names = set(names_of(cls))
        members = getattr(cls, "__members__", None)
        if members:
            names.update(members.keys())
        out[cls_name] = sorted(names)
    return out


def instance_names():
    """Attributes only instances have (set in __init__ or by OpenSSL)."""
    out = {}
    proto = getattr(ssl, "PROTOCOL_TLS_CLIENT", None)
    if proto is None:
        proto = getattr(ssl, "PROTOCOL_SSLv23")
    ctx = None
    if hasattr(ssl, "SSLContext"):
        try:
            ctx = ssl.SSLContext(proto)
        except Exception:
            ctx = None
    if ctx is not None:
        out["SSLContext"] = names_of(ctx)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            kwargs = {"do_handshake_on_connect": False}
            if getattr(ssl, "HAS_SNI", False):
                kwargs["server_hostname"] = "example.invalid"
            wrapped = ctx.wrap_socket(sock, **kwargs)
            out["SSLSocket"] = names_of(wrapped)
            wrapped.close()
        except Exception as exc:
            out["SSLSocket_error"] = repr(exc)
        finally:
            sock.close()
        if hasattr(ssl, "MemoryBIO") and hasattr(ctx, "wrap_bio"):
            try:
                obj = ctx.wrap_bio(ssl.MemoryBIO(), ssl.MemoryBIO(), server_hostname="example.invalid")
                out["SSLObject"] = names_of(obj)
            except Exception as exc:
                out["SSLObject_error"] = repr(exc)
        # An SSLError raised by OpenSSL itself carries library/reason.
        try:
            import tempfile
            fd, path = tempfile.mkstemp(suffix=".pem")
            os.write(fd, b"-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n")
            os.close(fd)
            try:
                ctx.load_verify_locations(path)
            except ssl.SSLError as exc:
                out["SSLError"] = names_of(exc)
            finally:
                os.unlink(path)
        except Exception as exc:
            out["SSLError_error"] = repr(exc)
    raised = verification_error_names()
    if isinstance(raised, list):
        out["SSLCertVerificationError"] = raised
    elif raised is not None:
        out["SSLCertVerificationError_error"] = raised.get("error")
    return out


def flag_names(value, prefix):
    """Names of the module's constants with `prefix` whose bits are all set in `value`."""
    out = []
    for name in dir(ssl):
        if not name.startswith(prefix):
            continue
        bits = getattr(ssl, name)
        if isinstance(bits, bool) or not isinstance(bits, numbers.Integral):
            continue
        bits = int(bits)
        if bits > 0 and value & bits == bits:
            out.append(name)
    return sorted(out)


def find_test_cert():
    """The self-signed test certificate that ships with the interpreter's test suite."""
    base = os.path.dirname(os.__file__)
    for rel in ("test/certdata/keycert.pem", "test/keycert.pem"):
        path = os.path.join(base, rel)
        if os.path.exists(path):
            return path
    return None


def verification_error_names():
    """dir() of an SSLCertVerificationError raised by a real (in-memory) handshake."""
    cls = getattr(ssl, "SSLCertVerificationError", None)
    if cls is None or not hasattr(ssl, "MemoryBIO") or not hasattr(ssl, "PROTOCOL_TLS_SERVER"):
        return None
    cert = find_test_cert()
    if cert is None:
        return None
    try:
        server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        server_ctx.load_cert_chain(cert)
        client_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # trusts no CA at all
        c_in, c_out, s_in, s_out = [ssl.MemoryBIO() for _ in range(4)]
        client = client_ctx.wrap_bio(c_in, c_out, server_hostname="localhost")
        server = server_ctx.wrap_bio(s_in, s_out, server_side=True)
    except Exception as exc:
        return {"error": repr(exc)}
    for _ in range(10):
        for obj in (client, server):
            try:
                obj.do_handshake()
            except cls as exc:
                return names_of(exc)
            except ssl.SSLError:
                pass
        data = c_out.read()
        if data:
            s_in.write(data)
        data = s_out.read()
        if data:
            c_in.write(data)
    return None


def describe_context(make):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ctx = make()
    except Exception as exc:
        return {"error": repr(exc)}
    out = {}
    for attr in ("protocol", "options", "verify_mode", "check_hostname", "verify_flags",
                 "minimum_version", "maximum_version", "post_handshake_auth",
                 "hostname_checks_common_name", "security_level", "keylog_filename"):
        if not hasattr(ctx, attr):
            continue
        try:
            value = getattr(ctx, attr)
        except Exception as exc:
            out[attr] = {"error": repr(exc)}
            continue
        if isinstance(value, bool) or value is None:
            out[attr] = value
        elif isinstance(value, numbers.Integral):
            out[attr] = int(value)
            name = getattr(value, "name", None)
            if name is not None:
                out[attr + "_name"] = str(name)
        else:
            out[attr] = str(value)
    for attr, prefix in (("options", "OP_"), ("verify_flags", "VERIFY_")):
        value = out.get(attr)
        if isinstance(value, int):
            out[attr + "_flags"] = flag_names(value, prefix)
    try:
        out["ciphers"] = [c["name"] for c in ctx.get_ciphers()]
    except Exception:
        pass
    return out


def calls_without_arguments():
    out = {}
    if hasattr(ssl, "SSLContext"):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                ssl.SSLContext()
                result = "ok"
            except TypeError as exc:
                result = "TypeError: %s" % exc
        out["ssl.SSLContext()"] = {
            "result": result,
            "warnings": sorted(set(w.category.__name__ for w in caught)),
        }
    return out


def deprecation_warnings():
    """Which names warn when used (calls that touch no network)."""
    out = {}
    probes = []
    if hasattr(ssl, "PROTOCOL_TLS"):
        probes.append(("ssl.PROTOCOL_TLS", lambda: ssl.SSLContext(ssl.PROTOCOL_TLS)))
    if hasattr(ssl, "PROTOCOL_TLSv1") and hasattr(ssl, "SSLContext"):
        probes.append(("ssl.PROTOCOL_TLSv1", lambda: ssl.SSLContext(ssl.PROTOCOL_TLSv1)))
    if hasattr(ssl, "RAND_pseudo_bytes"):
        probes.append(("ssl.RAND_pseudo_bytes", lambda: ssl.RAND_pseudo_bytes(4)))
    if hasattr(ssl, "wrap_socket"):
        def wrap():
            s = socket.socket()
            try:
                ssl.wrap_socket(s, do_handshake_on_connect=False).close()
            finally:
                s.close()
        probes.append(("ssl.wrap_socket", wrap))
    if hasattr(ssl, "match_hostname"):
        def match():
            try:
                ssl.match_hostname({"subjectAltName": (("DNS", "example.com"),)}, "example.com")
            except Exception:
                pass
        probes.append(("ssl.match_hostname", match))
    if hasattr(ssl, "TLSVersion"):
        def tls1():
            ctx = ssl.SSLContext(getattr(ssl, "PROTOCOL_TLS_CLIENT"))
            ctx.minimum_version = ssl.TLSVersion.TLSv1
        probes.append(("ssl.TLSVersion.TLSv1", tls1))

        def min_supported():
            ctx = ssl.SSLContext(getattr(ssl, "PROTOCOL_TLS_CLIENT"))
            ctx.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
        probes.append(("ssl.TLSVersion.MINIMUM_SUPPORTED", min_supported))
    if hasattr(ssl, "OP_NO_TLSv1"):
        def opno():
            ctx = ssl.SSLContext(getattr(ssl, "PROTOCOL_TLS_CLIENT", ssl.PROTOCOL_SSLv23))
            ctx.options |= ssl.OP_NO_TLSv1
        probes.append(("ssl.OP_NO_TLSv1", opno))
    if import_module("nntplib") is not None and not PY2:
        probes.append(("nntplib", None))
    for name, probe in probes:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                if probe is None:
                    sys.modules.pop("nntplib", None)
                    __import__("nntplib")
                else:
                    probe()
                err = None
            except Exception as exc:
                err = repr(exc)
        out[name] = {
            "warnings": sorted(set(w.category.__name__ for w in caught
                                   if issubclass(w.category, DeprecationWarning))),
            "error": err,
        }
    return out


def build_options():
    """How this interpreter was configured where it changes TLS defaults."""
    out = {"ssl_default_suites": None}
    try:
        import re
        import sysconfig
        args = sysconfig.get_config_var("CONFIG_ARGS") or ""
        m = re.search(r"--with-ssl-default-suites=([^\s'\"]+)", args)
        if m:
            out["ssl_default_suites"] = m.group(1)
    except Exception:
        pass
    return out


def main():
    data = {
        "build": build_options(),
        "version": "%d.%d.%d" % tuple(sys.version_info[:3]),
        "line": "py2" if PY2 else "py3",
        "executable": os.path.basename(sys.executable),
        "platform": sys.platform,
        "openssl_version": getattr(ssl, "OPENSSL_VERSION", None),
        "openssl_version_info": list(getattr(ssl, "OPENSSL_VERSION_INFO", ()) or ()),
        "module": names_of(ssl),
        "classes": class_names(),
        "instances": instance_names(),
        "modules": {},
        "signatures": {},
        "calls": calls_without_arguments(),
        "deprecations": deprecation_warnings(),
        "constants": {},
        "contexts": {},
    }
    for name in ("ssl", "nntplib", "smtplib", "imaplib", "poplib", "ftplib",
                 "http.client", "urllib.request", "xmlrpc.client", "asyncio"):
        data["modules"][name] = import_module(name) is not None
    data["present"] = {}
    for name in CALLABLES:
        obj = resolve(name)
        data["present"][name] = obj is not None
        data["signatures"][name] = signature_of(obj)
    for name in ("_DEFAULT_CIPHERS", "_RESTRICTED_SERVER_CIPHERS", "_RESTRICTED_CIPHERS",
                 "_OPENSSL_API_VERSION", "OPENSSL_VERSION_NUMBER", "HAS_TLSv1_3", "HAS_SNI",
                 "HAS_NEVER_CHECK_COMMON_NAME", "HAS_PHA"):
        if hasattr(ssl, name):
            value = getattr(ssl, name)
            data["constants"][name] = list(value) if isinstance(value, tuple) else value
    if hasattr(ssl, "create_default_context"):
        data["contexts"]["create_default_context()"] = describe_context(ssl.create_default_context)
        data["contexts"]["create_default_context(SERVER)"] = describe_context(
            lambda: ssl.create_default_context(ssl.Purpose.CLIENT_AUTH))
    if hasattr(ssl, "_create_stdlib_context"):
        data["contexts"]["_create_stdlib_context()"] = describe_context(ssl._create_stdlib_context)
    if hasattr(ssl, "SSLContext"):
        if hasattr(ssl, "PROTOCOL_TLS_CLIENT"):
            data["contexts"]["SSLContext(PROTOCOL_TLS_CLIENT)"] = describe_context(
                lambda: ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT))
        data["contexts"]["SSLContext(PROTOCOL_SSLv23)"] = describe_context(
            lambda: ssl.SSLContext(ssl.PROTOCOL_SSLv23))
    if hasattr(ssl, "_create_default_https_context"):
        data["contexts"]["_create_default_https_context()"] = describe_context(
            ssl._create_default_https_context)
    sys.stdout.write(json.dumps(data, sort_keys=True))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
