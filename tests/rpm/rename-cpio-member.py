#!/usr/bin/env python3
"""Rename one member of a source RPM's uncompressed cpio payload and
make the package's digests whole again, as an attacker who builds a
hostile source RPM would: rpm -K then says the file is intact, and only
the member names betray it. For the tests of rpm/overlay-srpm.sh.

    rename-cpio-member.py IN.src.rpm OUT.src.rpm OLD NEW

NEW must be as long as OLD (the header and the cpio keep their sizes).
IN must have been made with an uncompressed payload
(rpmbuild --define '_source_payload w0.ufdio').
"""
import hashlib
import struct
import sys


def header_end(data, start):
    """Offset just past the rpm header structure starting at start."""
    if data[start:start + 3] != b'\x8e\xad\xe8':
        sys.exit('not an rpm header at %d' % start)
    nindex, hsize = struct.unpack('>II', data[start + 8:start + 16])
    return start + 16 + 16 * nindex + hsize


def main():
    src, dst, old, new = sys.argv[1:5]
    old, new = old.encode(), new.encode()
    if len(old) != len(new):
        sys.exit('NEW must be as long as OLD')
    data = open(src, 'rb').read()
    sig_start = 96
    sig_end = header_end(data, sig_start)
    hdr_start = sig_end + (-sig_end % 8)
    hdr_end = header_end(data, hdr_start)
    sig = data[sig_start:hdr_start]
    hdr = data[hdr_start:hdr_end]
    payload = data[hdr_end:]
    if payload[:6] != b'070701':
        sys.exit('the payload is not an uncompressed newc cpio archive')
    if payload.count(old + b'\0') != 1:
        sys.exit('no single cpio member named %s' % old.decode())
    new_payload = payload.replace(old + b'\0', new + b'\0')
    # The header names the payload's SHA-256 (compressed and not: here
    # the same bytes); the signature header the header's SHA-1 and
    # SHA-256, and the MD5 of header and payload.
    old_pd = hashlib.sha256(payload).hexdigest().encode()
    new_pd = hashlib.sha256(new_payload).hexdigest().encode()
    if old_pd not in hdr:
        sys.exit('the header does not carry the payload digest')
    new_hdr = hdr.replace(old_pd, new_pd)
    for algo in ('sha1', 'sha256'):
        o = hashlib.new(algo, hdr).hexdigest().encode()
        n = hashlib.new(algo, new_hdr).hexdigest().encode()
        if o not in sig:
            sys.exit('the signature header has no %s of the header' % algo)
        sig = sig.replace(o, n)
    o = hashlib.md5(hdr + payload).digest()
    if o in sig:
        sig = sig.replace(o, hashlib.md5(new_hdr + new_payload).digest())
    open(dst, 'wb').write(data[:sig_start] + sig + new_hdr + new_payload)


main()
