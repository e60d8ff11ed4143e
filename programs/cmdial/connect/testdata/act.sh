#!/bin/sh
# A custom action for cmdial's connect tests and the demo: appends its point and macros to the
# file named by its first parameter. A file "<log>.fail-<point>" makes it exit with the number
# in it; "<log>.slow-<point>" makes it sleep (a slow action); point "monitored" stays running.
log=$1
point=$2
shift 2
echo "$point $*" >> "$log"
if [ -e "$log.fail-$point" ]; then exit "$(cat "$log.fail-$point")"; fi
if [ -e "$log.slow-$point" ]; then exec sleep 300; fi
if [ "$point" = monitored ]; then exec sleep 300; fi
exit 0
