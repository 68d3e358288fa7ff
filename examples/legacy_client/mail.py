"""Sends reports by mail and fetches them over FTP: the kind of code SSL Lens is for."""
import ftplib
import smtplib
import ssl


def send_report(host, user, password, body):
    with smtplib.SMTP_SSL(host, 465) as smtp:
        smtp.login(user, password)
        smtp.sendmail(user, [user], body)


def fetch_report(host):
    ftp = ftplib.FTP_TLS(host)
    ftp.login()
    return ftp.nlst()


def legacy_device_context():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def negotiating_context():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS)
    ctx.options &= ~ssl.OP_NO_SSLv3
    return ctx
