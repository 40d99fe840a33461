#!/bin/sh
# npm run demo: build examples/loop_bug.c and debug it with fred, commands from demo.fred.
# On a terminal the session stays open afterwards (type quit to leave).
set -e
here=$(dirname "$(readlink -f "$0")")
dir=$(mktemp -d "${TMPDIR:-/tmp}/fred-demo-XXXXXX")
trap 'rm -rf "$dir"' EXIT
gcc -g -O0 -o "$dir/loop_bug" "$here/loop_bug.c"
"$here/../bin/fred" --plain -x "$here/demo.fred" gdb "$dir/loop_bug"
