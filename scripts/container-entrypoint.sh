#!/bin/sh
# Entry point of the container image: the first argument picks the process
# (api, the default; worker; cli with its own arguments; demo, see npm run demo); anything else runs
# as given (`docker run -it cohost sh`). exec: node gets the signals.
set -eu
root="$(cd "$(dirname "$0")/.." && pwd)"
command="${1:-api}"
[ $# -gt 0 ] && shift
case "$command" in
  api) exec node --enable-source-maps "$root/dist/apps/api/apps/api/src/main.js" "$@" ;;
  worker) exec node --enable-source-maps "$root/dist/apps/worker/apps/worker/src/main.js" "$@" ;;
  cli) exec node "$root/dist/apps/api/apps/api/src/cli.js" "$@" ;;
  demo) exec node "$root/dist/apps/api/apps/api/src/demo/main.js" "$@" ;;
  *) exec "$command" "$@" ;;
esac
