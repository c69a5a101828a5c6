#!/bin/sh
# Make a stand-in for a distribution's curl source RPM, for the tests of
# make rpm SRPM=... (Fedora's and RHEL's cannot be fetched from the build
# machines). Each is a minimal spec written here, in one of the shapes
# their curl specs have, with curl's real release tarball and signature
# as Source0 and Source1 and small patches of "the distribution" that
# must stay applied:
#
#   autosetup    %autosetup -p1; curl and libcurl; curl requires
#                libcurl >= %{version}-%{release}
#   patch-lines  %prep verifies Source0 with %{gpgverify} (Source2: curl's
#                release key), then %setup plus numbered "%patch -P N"
#                lines (Patch1, Patch10); curl requires
#                libcurl = %{version}-%{release}
#   bcond        %bcond switches, a Patch inside an %if, %autosetup -N plus
#                %autopatch -p1; curl (which provides and obsoletes
#                curl-minimal, as Fedora's does since 8.6.0-4), libcurl,
#                libcurl-minimal, libcurl-devel
#   fedora       the shape of Fedora's curl.spec (2024-2026): models
#                Fedora's optflags, built from %_preprocessor_defines only
#                where the build uses it; %bcond openssl_engine_support,
#                and after the Requires, without it, -DOPENSSL_NO_ENGINE
#                added to %_preprocessor_defines, which %build demands to
#                find in CFLAGS (it fails without); Source0 a .tar.xz,
#                verified in %prep by %{gpgverify} with Source2;
#                Patch101, Patch102; %autosetup -p1
#   autorelease  fedora as rpmautospec leaves it in a source RPM:
#                Release: %autorelease, defined in a block at the top
#   unnumbered   an unnumbered Patch: line (the overlay must refuse it)
#
#   stand-in-srpm.sh -s SHAPE -t TARBALL -o OUTDIR [-r RELEASE] [-d DIST]
#                    [-x LINE] [-u]
#
# TARBALL is curl-X.Y.Z.tar.gz with its .asc beside it. RELEASE is the
# stand-in's release number (default 3), DIST its %{dist} (default .fc45).
# The .tar.xz of the fedora shapes is TARBALL's bytes under that name
# (curl's real .tar.xz cannot be fetched here; the signature is over the
# bytes, and rpm unpacks by content). -x puts LINE at the top of the spec
# (hostile variants for the tests); -u leaves the payload uncompressed.
# The source RPM is written to OUTDIR; its path is printed.
set -eu

shape="" tarball="" out="" release=3 dist=.fc45 extra="" payload=""
while getopts s:t:o:r:d:x:u opt; do
  case $opt in
    s) shape=$OPTARG ;;
    t) tarball=$OPTARG ;;
    o) out=$OPTARG ;;
    r) release=$OPTARG ;;
    d) dist=$OPTARG ;;
    x) extra=$OPTARG ;;
    u) payload=w0.ufdio ;;
    *) exit 2 ;;
  esac
done
if [ -z "$shape" ] || [ -z "$tarball" ] || [ -z "$out" ]; then
  echo "usage: stand-in-srpm.sh -s SHAPE -t TARBALL -o OUTDIR [-r RELEASE]" \
       "[-d DIST] [-x LINE] [-u]" >&2
  exit 2
fi
version=$(basename "$tarball" .tar.gz)
version=${version#curl-}
if [ ! -r "$tarball" ] || [ ! -r "$tarball.asc" ]; then
  echo "stand-in-srpm: need $tarball and $tarball.asc (make fetch)" >&2
  exit 1
fi

mkdir -p "$out"
out=$(cd "$out" && pwd)
top=$out/topdir
rm -rf "$top"
mkdir -p "$top/SOURCES" "$top/SPECS"
case $shape in
  fedora|autorelease) ext=xz ;;
  *) ext=gz ;;
esac
cp "$tarball" "$top/SOURCES/curl-$version.tar.$ext"
cp "$tarball.asc" "$top/SOURCES/curl-$version.tar.$ext.asc"
cp "$(dirname "$0")/../../packages/curl-release-key.asc" "$top/SOURCES/"

# note_patch NAME: a patch of "the distribution" that adds the file NAME.
note_patch() {
  printf -- '--- /dev/null\n+++ b/%s\n@@ -0,0 +1 @@\n+%s\n' "$1" \
    "A distribution patch of the stand-in source RPM." \
    >"$top/SOURCES/$1.patch"
}

# The parts every shape shares.
preamble() {
  cat <<EOF
Name:           curl
Version:        $version
Release:        $release%{?dist}
Summary:        Stand-in for a distribution's curl ($shape)
License:        curl
URL:            https://curl.se/
Source0:        https://curl.se/download/%{name}-%{version}.tar.$ext
Source1:        https://curl.se/download/%{name}-%{version}.tar.$ext.asc
EOF
}

# A small build: HTTP is all the tests need. With "nodevel" the
# development files are not packaged; with "engine" the build fails
# unless CFLAGS has the define the fedora shape asks for.
build_install() {
  cat <<'EOF'

%build
%configure --disable-static --without-ssl --without-libpsl \
  --without-brotli --without-zstd --without-libidn2 --without-nghttp2 \
  --disable-ldap --disable-ldaps --disable-dict --disable-gopher \
  --disable-imap --disable-pop3 --disable-rtsp --disable-smb --disable-smtp \
  --disable-telnet --disable-tftp --disable-mqtt
EOF
  if [ "${2:-}" = engine ]; then
    cat <<'EOF'
case " $CFLAGS " in
  *" -DOPENSSL_NO_ENGINE "*) ;;
  *) echo "stand-in: CFLAGS lack -DOPENSSL_NO_ENGINE, which this spec" \
          "asked for: $CFLAGS" >&2
     exit 1 ;;
esac
EOF
  fi
  cat <<'EOF'
%make_build

%install
%make_install
rm -rf %{buildroot}%{_datadir} %{buildroot}%{_bindir}/wcurl \
  %{buildroot}%{_libdir}/libcurl.la
EOF
  if [ "${1:-}" = nodevel ]; then
    cat <<'EOF'
rm -rf %{buildroot}%{_includedir} %{buildroot}%{_libdir}/pkgconfig \
  %{buildroot}%{_libdir}/libcurl.so %{buildroot}%{_bindir}/curl-config
EOF
  fi
}

library() {
  cat <<'EOF'

%package -n libcurl
Summary:        Stand-in for the distribution's libcurl

%description -n libcurl
The stand-in's library.
EOF
}

library_files() {
  cat <<'EOF'

%files -n libcurl
%{_libdir}/libcurl.so.4
%{_libdir}/libcurl.so.4.[0-9]*
EOF
}

changelog() {
  cat <<EOF

%changelog
* Mon Nov 02 2026 Stand-in Packager <packager@example.invalid> - $version-$release
- The stand-in's own entry.
EOF
}

# The shape of Fedora's curl.spec; with "autorelease" as rpmautospec
# leaves it in a source RPM (the block is written here, not copied).
fedora() {
  note_patch STAND-IN-NOTE-101
  note_patch STAND-IN-NOTE-102
  if [ "$1" = autorelease ]; then
    cat <<EOF
## START: Set by rpmautospec
## (stand-in: release number $release)
%define autorelease(e:s:pb:n) %{?-p:0.}%{lua:
    local base = tonumber(rpm.expand("%{?-b*}%{!?-b:1}"))
    print($release + base - 1)
}%{?-e:.%{-e*}}%{?-s:.%{-s*}}%{!?-n:%{?dist}}
## END: Set by rpmautospec

EOF
  fi
  cat <<'EOF'
# Fedora's redhat-rpm-config builds optflags from _preprocessor_defines,
# expanded only where the build uses them; this host's rpm does not, so
# the stand-in defines both so (a model of the distribution's macros).
%define _preprocessor_defines -DSTAND_IN_DISTRIBUTION_DEFINE
%define optflags -O2 -g %{_preprocessor_defines}

%bcond openssl_engine_support 0

EOF
  if [ "$1" = autorelease ]; then
    preamble | sed 's/^Release:.*/Release:        %autorelease/'
  else
    preamble
  fi
  cat <<'EOF'
Source2:        curl-release-key.asc
Patch101:       STAND-IN-NOTE-101.patch
Patch102:       STAND-IN-NOTE-102.patch
Requires:       libcurl%{?_isa} >= %{version}-%{release}
Provides:       curl-minimal = %{version}-%{release}
Obsoletes:      curl-minimal < 8.6.0-4

%if %{without openssl_engine_support}
%global _preprocessor_defines %{?_preprocessor_defines} -DOPENSSL_NO_ENGINE
%endif

%description
Stand-in: the shape of Fedora's curl.spec.
EOF
  library
  cat <<'EOF'

%prep
%{gpgverify} --keyring='%{SOURCE2}' --signature='%{SOURCE1}' --data='%{SOURCE0}'
%autosetup -p1
EOF
  build_install nodevel engine
  printf '\n%%files\n%%doc STAND-IN-NOTE-101 STAND-IN-NOTE-102\n%%{_bindir}/curl\n'
  library_files
  changelog
}

spec=$top/SPECS/curl.spec
case $shape in
  autosetup)
    note_patch STAND-IN-NOTE-1
    { preamble
      cat <<'EOF'
Patch1:         STAND-IN-NOTE-1.patch
Requires:       libcurl%{?_isa} >= %{version}-%{release}

%description
Stand-in: %%autosetup -p1.
EOF
      library
      printf '\n%%prep\n%%autosetup -p1\n'
      build_install nodevel
      printf '\n%%files\n%%doc STAND-IN-NOTE-1\n%%{_bindir}/curl\n'
      library_files
      changelog
    } >"$spec" ;;
  patch-lines)
    note_patch STAND-IN-NOTE-1
    note_patch STAND-IN-NOTE-10
    { preamble
      cat <<'EOF'
Source2:        curl-release-key.asc
Patch1:         STAND-IN-NOTE-1.patch
Patch10:        STAND-IN-NOTE-10.patch
Requires:       libcurl%{?_isa} = %{version}-%{release}

%description
Stand-in: %%setup and numbered %%patch lines.
EOF
      library
      cat <<'EOF'

%prep
%{gpgverify} --keyring='%{SOURCE2}' --signature='%{SOURCE1}' --data='%{SOURCE0}'
%setup -q
%patch -P 1 -p1
%patch -P 10 -p1
EOF
      build_install nodevel
      printf '\n%%files\n%%doc STAND-IN-NOTE-1 STAND-IN-NOTE-10\n%%{_bindir}/curl\n'
      library_files
      changelog
    } >"$spec" ;;
  bcond)
    note_patch STAND-IN-NOTE-0
    note_patch STAND-IN-NOTE-101
    { cat <<'EOF'
# A note patch the distribution applies only with this switch.
%bcond_without extra_note
# A switch that changes nothing here, as Fedora's have many.
%bcond_with unused_switch

EOF
      preamble
      cat <<'EOF'
Patch0:         STAND-IN-NOTE-0.patch
%if %{with extra_note}
Patch101:       STAND-IN-NOTE-101.patch
%endif
Requires:       libcurl%{?_isa} >= %{version}-%{release}
Provides:       webclient
Provides:       curl-minimal = %{version}-%{release}
Obsoletes:      curl-minimal < 8.6.0-4

%description
Stand-in: %%bcond, %%autopatch and the subpackages Fedora's curl has.

%package -n libcurl-minimal
Summary:        Stand-in for libcurl-minimal
Conflicts:      libcurl%{?_isa}
RemovePathPostfixes: .minimal

%description -n libcurl-minimal
The stand-in's libcurl-minimal.
EOF
      library
      cat <<'EOF'

%package -n libcurl-devel
Summary:        Stand-in for libcurl-devel
Requires:       libcurl%{?_isa} = %{version}-%{release}

%description -n libcurl-devel
The stand-in's development files.

%prep
%autosetup -N
%autopatch -p1
EOF
      build_install
      cat <<'EOF'
cp -pL %{buildroot}%{_libdir}/libcurl.so.4 %{buildroot}%{_libdir}/libcurl.so.4.minimal

%files
%doc STAND-IN-NOTE-0
%if %{with extra_note}
%doc STAND-IN-NOTE-101
%endif
%{_bindir}/curl

%files -n libcurl-minimal
%{_libdir}/libcurl.so.4.minimal

%files -n libcurl-devel
%{_bindir}/curl-config
%{_includedir}/curl/
%{_libdir}/libcurl.so
%{_libdir}/pkgconfig/libcurl.pc
EOF
      library_files
      changelog
    } >"$spec" ;;
  fedora|autorelease)
    fedora "$shape" >"$spec" ;;
  unnumbered)
    note_patch STAND-IN-NOTE
    { preamble
      cat <<'EOF'
Patch:          STAND-IN-NOTE.patch
Requires:       libcurl%{?_isa} >= %{version}-%{release}

%description
Stand-in: an unnumbered Patch: line.
EOF
      printf '\n%%prep\n%%autosetup -p1\n'
      build_install nodevel
      printf '\n%%files\n%%{_bindir}/curl\n'
      changelog
    } >"$spec" ;;
  *)
    echo "stand-in-srpm: unknown shape $shape" >&2
    exit 2 ;;
esac

if [ -n "$extra" ]; then
  { printf '%s\n' "$extra"; cat "$spec"; } >"$spec.new"
  mv "$spec.new" "$spec"
fi
rpmbuild -bs --nodeps --define "_topdir $top" --define "dist $dist" \
  ${payload:+--define "_source_payload $payload"} \
  "$spec" >"$top/rpmbuild-bs.log" 2>&1 || {
  cat "$top/rpmbuild-bs.log" >&2
  exit 1
}
srpm=$(ls "$top"/SRPMS/*.src.rpm)
mv "$srpm" "$out/"
rm -rf "$top"
echo "$out/$(basename "$srpm")"
