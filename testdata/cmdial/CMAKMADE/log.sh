#!/bin/sh
echo "$@" >> "$HOME/actions.log"
