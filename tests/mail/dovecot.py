"""A throw-away Dovecot IMAP server on loopback for the IMAP reader's tests: its own
config, users file, Maildir and TLS certificate under a temporary folder, on free ports,
stopped afterwards. Needs Debian's dovecot-imapd (and openssl for the certificate)."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from harness.maildev import free_port

DOVECOT = "/usr/sbin/dovecot"
USER, PASSWORD = "qa-mailbox", "Imap-Test-4821"
START_TIMEOUT_S = 15

CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
ssl = yes
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = {uid}
default_internal_user = {user}
default_internal_group = {group}
default_login_user = {user}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
mail_location = maildir:~/Maildir
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
"""


def missing() -> str | None:
    if not os.path.exists(DOVECOT):
        return ("no IMAP server here: the IMAP reader is tested against Debian's dovecot-imapd"
                " (apt-get install dovecot-imapd)")
    if shutil.which("openssl") is None:
        return "openssl is needed to make the test IMAP server's certificate"
    if os.geteuid() != 0:
        return "the test IMAP server (dovecot) is started as root here"
    return None


@dataclass
class Dovecot:
    root: Path
    imap_port: int
    imaps_port: int
    owner: pwd.struct_passwd

    @property
    def cert(self) -> Path:
        return self.root / "cert.pem"

    def deliver(self, raw: bytes, name: str) -> None:
        """Put a message in the user's INBOX, as a mail server delivering it would (Maildir new/)."""
        new = self.root / "home" / USER / "Maildir" / "new"
        path = new / f"{time.time_ns()}.{name}.test"
        path.write_bytes(raw)
        os.chown(path, self.owner.pw_uid, self.owner.pw_gid)

    def stop(self) -> None:
        subprocess.run([DOVECOT, "-c", str(self.root / "dovecot.conf"), "stop"], capture_output=True, timeout=15)


def start_dovecot(root: Path) -> Dovecot:
    owner = pwd.getpwnam("dovecot")
    root.chmod(0o755)                   # its auth and login processes run as the dovecot user
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(root / "key.pem"),
                    "-out", str(root / "cert.pem")], check=True, capture_output=True, timeout=60)
    (root / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n", encoding="utf-8")
    for folder in ("run", "state", f"home/{USER}/Maildir/new", f"home/{USER}/Maildir/cur", f"home/{USER}/Maildir/tmp"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    for path in [root / "home", *(root / "home").rglob("*")]:        # the mailbox is the mail user's
        os.chown(path, owner.pw_uid, owner.pw_gid)
    server = Dovecot(root, free_port(), free_port(), owner)
    config = root / "dovecot.conf"
    config.write_text(CONFIG.format(root=root, uid=owner.pw_uid, gid=owner.pw_gid, user=owner.pw_name,
                                    group="dovecot", imap_port=server.imap_port, imaps_port=server.imaps_port),
                      encoding="utf-8")
    said = root / "start.log"
    with said.open("w") as output:      # not a pipe: the daemon it forks would hold it open
        started = subprocess.run([DOVECOT, "-c", str(config)], stdout=output, stderr=subprocess.STDOUT, timeout=30)
    if started.returncode != 0:
        raise RuntimeError(f"dovecot did not start: {said.read_text(encoding='utf-8', errors='replace')}")
    wait_listening(server.imap_port, root / "dovecot.log")
    wait_listening(server.imaps_port, root / "dovecot.log")
    return server


def wait_listening(port: int, log: Path) -> None:
    """Until the port takes a connection; dovecot forks its listeners after it returns."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                said = log.read_text(encoding="utf-8", errors="replace")[-2000:] if log.exists() else ""
                raise RuntimeError(f"dovecot is not listening on 127.0.0.1:{port}:\n{said}") from None
            time.sleep(0.05)
