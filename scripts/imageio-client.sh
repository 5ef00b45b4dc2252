#!/bin/sh
# Prepares oVirt's imageio Python client (ovirt-imageio 2.5.1, from its PyPI source distribution) for the
# acceptance tests and benchmarks: unpacked and with its C extension built, under build/cache. Prints the tree's
# path (use it as PYTHONPATH with /usr/bin/python3). Its code is not part of hostbridge and is never committed.
#
# The sdist comes from, in this order: $IMAGEIO_SDIST (a local .tar.gz); the workplace's vendored copy beside the
# checkout (../shared/vendor/) or at /work/shared/vendor/ (where CI's clean clones find it); or 'pip download' from
# the package index. Exit 3 when it cannot be had (no local copy, no network to the index): callers skip with that
# message.
set -eu
VERSION=2.5.1
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${IMAGEIO_CACHE:-$ROOT/build/cache}
TREE=$CACHE/ovirt-imageio-$VERSION

if [ ! -f "$TREE/.built" ]; then
  mkdir -p "$CACHE"
  if [ ! -f "$TREE/setup.py" ]; then
    sdist=${IMAGEIO_SDIST:-}
    for vendored in "$ROOT/../shared/vendor/ovirt-imageio-$VERSION.tar.gz" "/work/shared/vendor/ovirt-imageio-$VERSION.tar.gz"; do
      if [ -z "$sdist" ] && [ -f "$vendored" ]; then
        sdist=$vendored
      fi
    done
    if [ -z "$sdist" ]; then
      dl=$(mktemp -d)
      if ! /usr/bin/python3 -m pip download --quiet --no-binary :all: --no-deps -d "$dl" "ovirt-imageio==$VERSION" >&2; then
        echo "imageio-client: cannot download ovirt-imageio $VERSION (set IMAGEIO_SDIST to a local sdist)" >&2
        exit 3
      fi
      sdist=$(ls "$dl"/ovirt-imageio-*.tar.gz)
    fi
    tar -xzf "$sdist" -C "$CACHE"
  fi
  (cd "$TREE" && /usr/bin/python3 setup.py build_ext --build-lib . >/dev/null)
  touch "$TREE/.built"
fi
echo "$TREE"
