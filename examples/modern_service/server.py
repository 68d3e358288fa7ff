"""A TLS server and client written the way the ssl documentation recommends: nothing to report."""
import smtplib
import socket
import ssl


def serve(certfile, keyfile, port=8443):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(certfile, keyfile)
    # A server that does not ask clients for certificates.
    ctx.verify_mode = ssl.CERT_NONE
    with socket.create_server(("", port)) as listener:
        with ctx.wrap_socket(listener, server_side=True) as tls:
            conn, _ = tls.accept()
            conn.close()


def notify(host, message):
    ctx = ssl.create_default_context()
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    with smtplib.SMTP(host, 587) as smtp:
        smtp.starttls(context=ctx)
        smtp.send_message(message)
