#!/usr/bin/env python3
"""Write the release manifest (JSON) for everything under dist/.

Each artefact gets its path (relative to dist/), size, SHA-256, kind,
target, package version, and the upstream curl version it holds; the
patches of ours it carries are listed at the top, and again in an
artefact whose patches differ (a kit of another curl version, a Debian
package built on the distribution's curl of another version, or with the
platform's build procedure patches). Package versions are read from the
packages themselves (dpkg-deb, rpm), never guessed from file names.

The Debian packages are the distributions' own curl with our patch on
top: "distribution_sources" records, per target release, the revision of
the distribution's source package that was used, every revision its
archive lists, those newer ones that could not be fetched, and whether
the build is therefore not current (dist/deb/TARGET/distribution-source,
written by make deb).
"""

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys

SKIP = {"SHA256SUMS", "SHA256SUMS.asc", "manifest.json"}


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def run(*cmd):
    return subprocess.run(cmd, check=True, capture_output=True,
                          text=True).stdout.strip()


def field(text, name):
    for line in text.splitlines():
        if line.startswith(name + ":"):
            return line.split(":", 1)[1].strip()
    return None


def kind_of(rel):
    """The kind of one file, by what it is and where it lies."""
    name = os.path.basename(rel)
    if rel == "release-key.asc":
        return "release-key"
    if name == "distribution-source":
        return "deb-distribution-source"
    parts = rel.split("/")
    in_repo = bool({"apt", "rpm-repo"} & set(parts[:-1]))
    if name.endswith(".deb"):
        return ("repo-deb" if in_repo else "deb")
    if name.endswith(".src.rpm"):
        return ("repo-srpm" if in_repo else "srpm")
    if name.endswith(".rpm"):
        return ("repo-rpm" if in_repo else "rpm")
    if name.endswith(".dsc"):
        return "deb-source"
    if ".orig.tar" in name or ".debian.tar" in name:
        return "deb-source"
    if name.endswith((".changes", ".buildinfo")):
        return "deb-build-record"
    if name.endswith(".patch"):
        return "patch"
    if in_repo:
        return "repo-metadata"
    lower = rel.lower()
    if "vms" in lower:
        return "vms-kit"
    if "os400" in lower:
        return "os400-kit"
    if name.endswith(".asc"):
        return "signature-or-key"
    return "other"


def package_info(path, kind):
    """Package name and version, from the package's own metadata."""
    if kind in ("deb", "repo-deb"):
        text = run("dpkg-deb", "-f", path, "Package", "Version",
                   "Architecture")
        return field(text, "Package"), field(text, "Version"), \
            field(text, "Architecture")
    if kind in ("rpm", "srpm", "repo-rpm", "repo-srpm"):
        text = run("rpm", "-qp", "--nosignature", "--qf",
                   "%{NAME}\\n%{VERSION}-%{RELEASE}\\n%{ARCH}\\n", path)
        name, version, arch = (text.splitlines() + ["", "", ""])[:3]
        return name, version, "src" if kind.endswith("srpm") else arch
    if kind == "deb-source" and path.endswith(".dsc"):
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        return field(text, "Source"), field(text, "Version"), "source"
    return None, None, None


def target_of(rel, kind):
    """The distribution or platform a file is for."""
    parts = rel.split("/")
    for part in parts[:-1]:
        if part.startswith(("debian-", "ubuntu-")):
            return part
    if kind in ("vms-kit", "os400-kit"):
        return {"vms-kit": "openvms", "os400-kit": "ibm-i"}[kind]
    if "rpm" in kind or parts[0] in ("rpm", "rpm-repo"):
        return "fedora-rhel"
    if parts[0] == "apt":
        return "debian-ubuntu"
    return "any"


def series_patches(src, directory):
    """The patches that DIRECTORY/series lists, as paths of the toolkit.

    Read by the toolkit's one series reader (series_patches of
    packages/script-lib.sh), so that the manifest lists what the builds
    apply, comments and options handled alike."""
    lib = os.path.join(src, "packages", "script-lib.sh")
    names = run("sh", "-c", '. "$1" && series_patches "$2"',
                "release-manifest", lib,
                os.path.join(src, directory, "series"))
    return ["%s/%s" % (directory, name) for name in names.split()]


def series_of(src, version):
    """The hook patch series of a curl version, from the versions table."""
    return run("sh", os.path.join(src, "packages", "curl-versions.sh"),
               "get", version, "series")


def kit_version(name):
    """curl's version in a kit's name: curl-VERSION-mptcp-PLATFORM.tar.gz."""
    m = re.match(r"curl-([0-9][0-9.]*)-mptcp-(vms|os400)\.tar\.gz$", name)
    return m.group(1) if m else None


def deb_upstream(name):
    """The upstream version in a Debian file's name: curl_[EPOCH:]UPSTREAM
    [-REVISION][_ARCH].deb, .dsc, .changes, .buildinfo, .orig.tar.gz,
    .debian.tar.xz."""
    m = re.match(r"curl_(?:[0-9]+:)?([0-9][^_]*?)"
                 r"(?:\.orig\.tar\..*|\.debian\.tar\..*|\.dsc|_[^_]+)?$",
                 name)
    if not m:
        return None
    version = m.group(1)
    return version.rsplit("-", 1)[0] if "-" in version else version


def contents(args, rel, kind):
    """The upstream curl version an artefact holds, and our patches in it:
    the module, the version's hook series, and for a kit the patches to
    the platform's own build procedures. A kit may be of another curl
    version than the release's own, and so may a Debian package: it is
    built on the distribution's own curl."""
    version = kit_version(os.path.basename(rel))
    if kind == "deb-distribution-source":
        with open(os.path.join(args.dist, rel), encoding="utf-8") as f:
            used = [line.split()[1] for line in f
                    if line.startswith("used ") and len(line.split()) > 1]
        version = deb_upstream("curl_" + used[0]) if used else None
    elif not version and (kind.startswith("deb") or kind == "repo-deb"):
        version = deb_upstream(os.path.basename(rel))
    version = version or args.curl_version
    series = (args.series if version == args.curl_version
              else series_of(args.src, version))
    patches = ["src/tool_mptcp.c", "src/tool_mptcp.h"]
    patches += series_patches(args.src, "patches/" + series)
    platform = {"vms-kit": "vms", "os400-kit": "OS400"}.get(kind)
    if platform:
        patches += series_patches(args.src, platform + "/patches")
    return version, patches


def distribution_sources(src, dist):
    """What each dist/deb/TARGET/distribution-source says, read by the
    toolkit's one reader of that record (record_field of
    packages/script-lib.sh)."""
    lib = os.path.join(src, "packages", "script-lib.sh")
    keys = ("target", "suites", "used", "listed", "unobtainable",
            "valid-until-override")
    found = []
    top = os.path.join(dist, "deb")
    if not os.path.isdir(top):
        return found
    for target in sorted(os.listdir(top)):
        path = os.path.join(top, target, "distribution-source")
        if not os.path.isfile(path):
            continue
        # One value a line, in the order of keys (an empty one too).
        values = subprocess.run(
            ["sh", "-c", '. "$1" && f=$2 && shift 2 && '
             'for k; do record_field "$f" "$k" || exit 1; done',
             "release-manifest", lib, path, *keys],
            check=True, capture_output=True, text=True).stdout
        record = dict(zip(keys, (v.split() for v in
                                 values.split("\n"))))
        unobtainable = record.get("unobtainable", [])
        found.append({
            "valid_until_override": record.get("valid-until-override", []),
            "target": target,
            "suites": record.get("suites", []),
            "used": " ".join(record.get("used", [])),
            "listed": record.get("listed", []),
            "unobtainable": unobtainable,
            "current": not unobtainable,
        })
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dist", required=True)
    ap.add_argument("--src", required=True)
    ap.add_argument("--curl-version", required=True)
    ap.add_argument("--series", required=True)
    ap.add_argument("--toolkit-version", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--archive-key", required=True)
    ap.add_argument("--toolkit-commit", required=True)
    ap.add_argument("--dry-run", action="store_true")
    ap.add_argument("--not-current-override", action="store_true")
    args = ap.parse_args()

    # The release's own: the module and its curl version's hook series.
    _, patches = contents(args, "", "")
    artefacts = []
    for root, dirs, files in os.walk(args.dist):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            rel = os.path.relpath(path, args.dist)
            if rel in SKIP:
                continue
            kind = kind_of(rel)
            pkg, version, arch = package_info(path, kind)
            curl_version, its_patches = contents(args, rel, kind)
            entry = {
                "path": rel,
                "size": os.path.getsize(path),
                "sha256": sha256(path),
                "kind": kind,
                "target": target_of(rel, kind),
                "curl_version": curl_version,
            }
            if pkg:
                entry.update(package=pkg, version=version,
                             architecture=arch)
            # Only what differs from the release's own curl and patches.
            if its_patches != patches:
                entry["patches"] = its_patches
            artefacts.append(entry)
    manifest = {
        "toolkit": "curl-mptcp",
        "toolkit_version": args.toolkit_version,
        "curl_version": args.curl_version,
        "patch_series": args.series,
        "patches": patches,
        "toolkit_commit": args.toolkit_commit,
        "signing_key": args.key,
        "archive_key": args.archive_key,
        "dry_run": args.dry_run,
        "not_current_override": args.not_current_override,
        "distribution_sources": distribution_sources(args.src, args.dist),
        "artefacts": artefacts,
    }
    json.dump(manifest, sys.stdout, indent=2, sort_keys=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
