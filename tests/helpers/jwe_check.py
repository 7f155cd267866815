#!/usr/bin/env python3
"""Independent PBES2-HS256+A128KW / A256GCM compact-JWE tool for interop tests.

Written against RFC 7516/7518 with the `cryptography` package, sharing no code
with backends/jwe.ts, so that files written by one can be checked by the other.

Usage (the passphrase is read from the JWE_CHECK_PASSPHRASE environment
variable, never from argv):

  jwe_check.py decrypt   compact JWE on stdin  -> plaintext bytes on stdout,
                         protected header JSON on stderr
  jwe_check.py encrypt   plaintext on stdin    -> compact JWE on stdout; the
                         header deliberately lists its keys in a non-sorted
                         order, carries an extra field and uses p2c 10000

Exit status 0 on success, 2 on a decryption/format failure (reason on stderr).
"""

import base64
import json
import os
import sys

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from cryptography.hazmat.primitives.keywrap import aes_key_unwrap, aes_key_wrap

ALG = "PBES2-HS256+A128KW"
ENC = "A256GCM"


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def derive_kek(passphrase: str, p2s: bytes, p2c: int) -> bytes:
    salt = ALG.encode("utf-8") + b"\x00" + p2s
    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=16, salt=salt, iterations=p2c)
    return kdf.derive(passphrase.encode("utf-8"))


def decrypt(token: str, passphrase: str) -> tuple[bytes, dict]:
    parts = token.strip().split(".")
    if len(parts) != 5:
        raise ValueError(f"expected 5 parts, got {len(parts)}")
    header_b64, enc_key_b64, iv_b64, ct_b64, tag_b64 = parts
    header = json.loads(b64url_decode(header_b64))
    if header.get("alg") != ALG or header.get("enc") != ENC:
        raise ValueError(f"unexpected alg/enc: {header.get('alg')!r}/{header.get('enc')!r}")
    kek = derive_kek(passphrase, b64url_decode(header["p2s"]), int(header["p2c"]))
    cek = aes_key_unwrap(kek, b64url_decode(enc_key_b64))
    if len(cek) != 32:
        raise ValueError(f"content key is {len(cek)} bytes, expected 32")
    iv = b64url_decode(iv_b64)
    data = b64url_decode(ct_b64) + b64url_decode(tag_b64)
    plaintext = AESGCM(cek).decrypt(iv, data, header_b64.encode("ascii"))
    return plaintext, header


def encrypt(plaintext: bytes, passphrase: str) -> str:
    p2s = os.urandom(12)
    p2c = 10000
    # Unsorted keys, spaces after separators and an unknown field on purpose.
    header = {
        "p2s": b64url_encode(p2s),
        "enc": ENC,
        "x-interop": "python",
        "p2c": p2c,
        "alg": ALG,
    }
    header_b64 = b64url_encode(json.dumps(header).encode("utf-8"))
    cek = os.urandom(32)
    enc_key = aes_key_wrap(derive_kek(passphrase, p2s, p2c), cek)
    iv = os.urandom(12)
    sealed = AESGCM(cek).encrypt(iv, plaintext, header_b64.encode("ascii"))
    ct, tag = sealed[:-16], sealed[-16:]
    return ".".join(
        [header_b64, b64url_encode(enc_key), b64url_encode(iv), b64url_encode(ct), b64url_encode(tag)]
    )


def main() -> int:
    if len(sys.argv) != 2 or sys.argv[1] not in ("decrypt", "encrypt"):
        sys.stderr.write("usage: jwe_check.py decrypt|encrypt\n")
        return 64
    passphrase = os.environ.get("JWE_CHECK_PASSPHRASE")
    if passphrase is None:
        sys.stderr.write("JWE_CHECK_PASSPHRASE is not set\n")
        return 64
    data = sys.stdin.buffer.read()
    if sys.argv[1] == "encrypt":
        sys.stdout.write(encrypt(data, passphrase))
        return 0
    try:
        plaintext, header = decrypt(data.decode("ascii"), passphrase)
    except Exception as error:  # noqa: BLE001 - report any failure as exit 2
        sys.stderr.write(f"decrypt failed: {type(error).__name__}: {error}\n")
        return 2
    sys.stderr.write(json.dumps(header, sort_keys=True) + "\n")
    sys.stdout.buffer.write(plaintext)
    return 0


if __name__ == "__main__":
    sys.exit(main())
