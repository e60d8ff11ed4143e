#!/bin/sh
# The `command` tunnel's down command for cmdial's connect tests and the demo: stops the
# stand-in process tunnel-up.sh started.
log=$1
shift
echo "tunnel-down $*" >> "$log"
if [ -e "$log.watched" ]; then kill "$(cat "$log.watched")" 2> /dev/null || true; fi
exit 0
